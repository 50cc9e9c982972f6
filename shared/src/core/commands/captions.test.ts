import { describe, expect, it } from 'vitest';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, T0 } from '../../testing/fixtures';
import { CAPTION_HISTORY_LIMIT } from '../state';
import { audienceEventFor, viewFor } from '../visibility';

const appoint = (id: string) => cmd({ type: 'appoint_captioner', participant: id });
const line = (text: string, extra: Record<string, unknown> = {}) => cmd({ type: 'caption', text, ...extra });

describe('captions', () => {
  it('only a captioner the host appointed may caption; dismissed, they may not', () => {
    expect(errorCode(attempt(fixture(), line('hello'), ID.bob))).toBe('forbidden');
    let s = apply(fixture(), appoint(ID.bob), ID.host);
    expect(s.members.get(ID.bob)?.captioner).toBe(true);
    expect(attempt(s, line('hello'), ID.bob).ok).toBe(true);
    s = apply(s, cmd({ type: 'dismiss_captioner', participant: ID.bob }), ID.host);
    expect(errorCode(attempt(s, line('hello'), ID.bob))).toBe('forbidden');
    // Appointing is the host's: a moderator may not.
    expect(errorCode(attempt(fixture(), appoint(ID.bob), ID.mod))).toBe('forbidden');
    // Appointing twice changes nothing.
    expect(expectOk(attempt(apply(fixture(), appoint(ID.bob), ID.host), appoint(ID.bob), ID.host))).toEqual([]);
  });

  it('a line goes into state with its speaker, and the last lines are kept', () => {
    let s = apply(fixture(), appoint(ID.bob), ID.host);
    s = apply(s, line('  We move to the vote.  ', { speaker: ID.speaker }), ID.bob, T0 + 5);
    expect(s.captions).toEqual([{ id: expect.any(String), by: ID.bob, speaker: ID.speaker, text: 'We move to the vote.', at: T0 + 5, final: true }]);
    for (let i = 0; i < CAPTION_HISTORY_LIMIT + 3; i++) s = apply(s, line(`l${i}`), ID.bob);
    expect(s.captions).toHaveLength(CAPTION_HISTORY_LIMIT);
    expect(s.captions.at(-1)!.text).toBe(`l${CAPTION_HISTORY_LIMIT + 2}`);
    expect(errorCode(attempt(s, line('x', { speaker: 'p_nobody' }), ID.bob))).toBe('not_found');
  });

  it("an engine's guess is replaced by its final line (same lineId), not appended", () => {
    let s = apply(fixture(), appoint(ID.bob), ID.host);
    s = apply(s, line('we move to the', { final: false, lineId: 'u1' }), ID.bob);
    s = apply(s, line('We move to the vote.', { lineId: 'u1' }), ID.bob);
    expect(s.captions.map((l) => [l.text, l.final])).toEqual([['We move to the vote.', true]]);
  });

  it('everyone sees the lines, and a participant learns who the captioner is', () => {
    const before = fixture();
    const after = apply(before, appoint(ID.bob), ID.host);
    const [appointed] = expectOk(attempt(before, appoint(ID.bob), ID.host));
    expect(audienceEventFor(appointed!, { before, after })).not.toBeNull();
    const withLine = apply(after, line('hello'), ID.bob);
    const [added] = expectOk(attempt(after, line('hello'), ID.bob));
    expect(audienceEventFor(added!, { before: after, after: withLine })).toEqual(added);
    const audience = viewFor(withLine, { identity: ID.alice, role: 'participant' });
    expect(audience.members.get(ID.bob)?.captioner).toBe(true);
    expect(audience.captions.map((l) => l.text)).toEqual(['hello']);
  });
});

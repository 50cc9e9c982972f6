import { describe, expect, it } from 'vitest';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, script, T0 } from '../../testing/fixtures';
import { CHAT_HISTORY_LIMIT } from '../state';

describe('chat', () => {
  it('stores trimmed text under the id from ctx, author by identity', () => {
    const d = attempt(fixture(), cmd({ type: 'chat_send', text: '  hi all  ' }), ID.alice, T0 + 3);
    const [event] = expectOk(d);
    expect(event).toMatchObject({ type: 'chat_sent', text: 'hi all', by: ID.alice });
    const s = apply(fixture(), cmd({ type: 'chat_send', text: 'hi all' }), ID.alice, T0 + 3);
    expect(s.chat).toEqual([{ id: expect.any(String), from: ID.alice, text: 'hi all', at: T0 + 3 }]);
  });

  it('when chat is off only staff may post', () => {
    const s = apply(fixture(), cmd({ type: 'set_chat', enabled: false }), ID.mod);
    expect(errorCode(attempt(s, cmd({ type: 'chat_send', text: 'x' }), ID.alice))).toBe('chat_disabled');
    expect(errorCode(attempt(s, cmd({ type: 'chat_send', text: 'x' }), ID.speaker))).toBe('chat_disabled');
    expect(attempt(s, cmd({ type: 'chat_send', text: 'Chat is paused' }), ID.mod).ok).toBe(true);
    expect(expectOk(attempt(s, cmd({ type: 'set_chat', enabled: false }), ID.mod))).toEqual([]);
  });

  it('a chat-muted person cannot post until unmuted', () => {
    let s = apply(fixture(), cmd({ type: 'chat_mute', participant: ID.bob }), ID.mod);
    expect(errorCode(attempt(s, cmd({ type: 'chat_send', text: 'x' }), ID.bob))).toBe('chat_muted');
    s = apply(s, cmd({ type: 'chat_unmute', participant: ID.bob }), ID.mod);
    expect(attempt(s, cmd({ type: 'chat_send', text: 'x' }), ID.bob).ok).toBe(true);
  });

  it('chat_delete removes the message; unknown id is not_found', () => {
    let s = script(fixture(), [
      [cmd({ type: 'chat_send', text: 'keep' }), ID.alice],
      [cmd({ type: 'chat_send', text: 'spam' }), ID.bob],
    ]);
    s = apply(s, cmd({ type: 'chat_delete', messageId: s.chat[1]!.id }), ID.mod);
    expect(s.chat.map((m) => m.text)).toEqual(['keep']);
    expect(errorCode(attempt(s, cmd({ type: 'chat_delete', messageId: 'nope' }), ID.mod))).toBe('not_found');
  });

  it(`keeps the last ${CHAT_HISTORY_LIMIT} messages`, () => {
    let s = fixture();
    for (let i = 0; i < CHAT_HISTORY_LIMIT + 5; i++) s = apply(s, cmd({ type: 'chat_send', text: `m${i}` }), ID.alice);
    expect(s.chat).toHaveLength(CHAT_HISTORY_LIMIT);
    expect(s.chat[0]!.text).toBe('m5');
  });

  it('rejects empty and oversize text at the schema', () => {
    expect(() => cmd({ type: 'chat_send', text: '   ' })).toThrow();
    expect(() => cmd({ type: 'chat_send', text: 'x'.repeat(501) })).toThrow();
  });
});

describe('chat and report text as readers see it', () => {
  it('is stored in NFC without bidi overrides or invisibles; joiners that writing needs stay', () => {
    const [sent] = expectOk(attempt(fixture(), cmd({ type: 'chat_send', text: 'Cafe\u0301 \u202Eevil\u202C pay\u200Bpal 👩🏽‍💻 می‌خواهم' }), ID.bob));
    expect(sent).toMatchObject({ type: 'chat_sent', text: 'Café evil paypal 👩🏽‍💻 می‌خواهم' });
    const [report] = expectOk(attempt(fixture(), cmd({ type: 'report', participant: ID.bob, reason: 'threat\u2066 hidden\u2069' }), ID.alice));
    expect(report).toMatchObject({ type: 'reported', reason: 'threat hidden' });
  });

  it('text with nothing visible in it is refused', () => {
    expect(errorCode(attempt(fixture(), cmd({ type: 'chat_send', text: '\u200B\u3164\u2800' }), ID.bob))).toBe('invalid');
    expect(errorCode(attempt(fixture(), cmd({ type: 'report', participant: ID.bob, reason: '\u202E\u200B' }), ID.alice))).toBe('invalid');
  });
});

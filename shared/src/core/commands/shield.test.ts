import { describe, expect, it } from 'vitest';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, joinCmd, T0 } from '../../testing/fixtures';
import { fold } from '../evolve';
import { livekitPermissionFor } from '../grants';
import { trackPace } from '../pace';
import { statusOf } from '../queries';
import { callSnapshotSchema } from '../../protocol/state';
import { fromSnapshot, toSnapshot, type CallState } from '../state';
import { viewerFor, viewFor } from '../visibility';

const MIN = 60_000;
/** The fixture's people arrived at T0; the raid starts ten minutes later. */
const RAID = T0 + 10 * MIN;
const RAIDERS = ['p_r1', 'p_r2', 'p_r3'];

/** The fixture plus three raiders who arrived at RAID (the lobby is off), one with the floor, one with a hand up. */
function raided(): CallState {
  let s = trackPace(apply(fixture(), cmd({ type: 'set_lobby', enabled: false }), ID.host, T0));
  RAIDERS.forEach((id, i) => (s = apply(s, joinCmd(id, 'participant'), 'system', RAID + i)));
  s = apply(s, cmd({ type: 'raise_hand' }), ID.alice, RAID + 5);
  s = apply(s, cmd({ type: 'raise_hand' }), 'p_r1', RAID + 6);
  s = apply(s, cmd({ type: 'raise_hand' }), ID.bob, RAID + 7);
  return apply(s, cmd({ type: 'grant_floor', participant: 'p_r2' }), ID.mod, RAID + 8);
}

const shielded = (s: CallState, now = RAID + MIN) => apply(s, cmd({ type: 'raise_shield', window: '2m' }), ID.mod, now);

describe('raise_shield', () => {
  it('moves everyone who arrived in the window to the lobby, in one decision, and nobody else', () => {
    const s = raided();
    const events = expectOk(attempt(s, cmd({ type: 'raise_shield', window: '2m' }), ID.mod, RAID + MIN));
    expect(events.map((e) => e.type)).toEqual(['floor_ended', 'shield_raised', 'moved_to_lobby']);
    const after = fold(s, events);
    for (const id of RAIDERS) {
      expect(statusOf(after, id)).toBe('lobby');
      expect(viewerFor(after, id)).toBeNull();
      expect(livekitPermissionFor(after, id)).toBeNull();
    }
    // The people present before the moment keep their queue places, the floor is free, staff untouched.
    expect(after.queue.map((e) => e.identity)).toEqual([ID.alice, ID.bob]);
    expect(after.floor).toBeNull();
    for (const id of [ID.host, ID.mod, ID.speaker, ID.alice, ID.bob, ID.carol]) expect(statusOf(after, id)).toBe('present');
    expect(after.shield).toEqual({ since: RAID + MIN - 2 * MIN, raisedAt: RAID + MIN, window: '2m' });
  });

  it('takes away every right: chat, hands, reports, and the call itself', () => {
    const after = shielded(raided());
    for (const c of [
      cmd({ type: 'chat_send', text: 'hi' }),
      cmd({ type: 'raise_hand' }),
      cmd({ type: 'report', participant: ID.alice, reason: 'x' }),
      cmd({ type: 'lower_hand' }),
    ]) {
      expect(errorCode(attempt(after, c, 'p_r1', RAID + 2 * MIN))).toBe('in_lobby');
    }
  });

  it('sends newcomers to the lobby while up; reconnects of people from before still get in', () => {
    let s = apply(raided(), { type: 'leave', identity: ID.carol }, 'system', RAID + 30_000);
    s = shielded(s);
    s = apply(s, joinCmd('p_late', 'participant'), 'system', RAID + 2 * MIN);
    expect(statusOf(s, 'p_late')).toBe('lobby');
    s = apply(s, joinCmd(ID.carol, 'participant'), 'system', RAID + 2 * MIN);
    expect(statusOf(s, ID.carol)).toBe('present');
    // A raider who reconnects stays in the lobby.
    expect(attempt(s, joinCmd('p_r1', 'participant'), 'system', RAID + 2 * MIN)).toEqual({ ok: true, events: [] });
    // Guest speakers still come straight in.
    s = apply(s, joinCmd('s_guest', 'speaker'), 'system', RAID + 2 * MIN);
    expect(statusOf(s, 's_guest')).toBe('present');
  });

  it('counts a re-admission after a removal as a new arrival, a reconnect not', () => {
    let s = raided();
    s = apply(s, cmd({ type: 'remove', participant: ID.dave }), ID.mod, RAID);
    s = apply(s, joinCmd(ID.dave, 'participant'), 'system', RAID + 1000);
    s = shielded(s);
    expect(statusOf(s, ID.dave)).toBe('lobby');
  });

  it('holds people who had only left for a moment: their return goes through the lobby', () => {
    let s = apply(raided(), { type: 'leave', identity: 'p_r3' }, 'system', RAID + 20);
    s = shielded(s);
    expect(s.members.get('p_r3')!.status).toBe('removed');
    s = apply(s, joinCmd('p_r3', 'participant'), 'system', RAID + 2 * MIN);
    expect(statusOf(s, 'p_r3')).toBe('lobby');
  });

  it('"since the spike" needs a spike; "since" needs a moment in the past', () => {
    expect(errorCode(attempt(raided(), cmd({ type: 'raise_shield', window: 'spike' }), ID.mod, RAID + MIN))).toBe('invalid');
    expect(errorCode(attempt(raided(), cmd({ type: 'raise_shield', window: 'since' }), ID.mod, RAID + MIN))).toBe('invalid');
    expect(errorCode(attempt(raided(), cmd({ type: 'raise_shield', window: 'since', since: RAID + 2 * MIN }), ID.mod, RAID + MIN))).toBe('invalid');
    const s = apply(raided(), cmd({ type: 'raise_shield', window: 'since', since: RAID + 1 }), ID.mod, RAID + MIN);
    expect(RAIDERS.map((id) => statusOf(s, id))).toEqual(['present', 'lobby', 'lobby']);
  });

  it('lifting keeps the people it holds in the lobby; admit lets one in', () => {
    let s = apply(shielded(raided()), cmd({ type: 'lift_shield' }), ID.mod, RAID + 2 * MIN);
    expect(s.shield).toBeNull();
    expect(statusOf(s, 'p_r1')).toBe('lobby');
    s = apply(s, cmd({ type: 'admit', participant: 'p_r1' }), ID.mod, RAID + 3 * MIN);
    expect(statusOf(s, 'p_r1')).toBe('present');
  });
});

describe('the shield and the panic button together: the stricter rule per person', () => {
  it('restore, lobby off and admit_all let nobody the shield holds in', () => {
    let s = shielded(raided());
    s = apply(s, cmd({ type: 'suspend' }), ID.mod, RAID + 2 * MIN);
    // During the suspension the call is locked: a newcomer is refused outright (stricter than the lobby).
    expect(errorCode(attempt(s, joinCmd('p_new', 'participant'), 'system', RAID + 2 * MIN))).toBe('locked');
    expect(livekitPermissionFor(s, ID.alice)!.canPublish).toBe(false);
    s = apply(s, cmd({ type: 'restore' }), ID.mod, RAID + 3 * MIN);
    expect(RAIDERS.map((id) => statusOf(s, id))).toEqual(['lobby', 'lobby', 'lobby']);
    s = apply(s, cmd({ type: 'set_lobby', enabled: true }), ID.mod, RAID + 3 * MIN);
    s = apply(s, cmd({ type: 'set_lobby', enabled: false }), ID.mod, RAID + 3 * MIN);
    expect(attempt(s, cmd({ type: 'admit_all' }), ID.mod, RAID + 3 * MIN)).toEqual({ ok: true, events: [] });
    expect(RAIDERS.map((id) => statusOf(s, id))).toEqual(['lobby', 'lobby', 'lobby']);
  });
});

describe('ban_many', () => {
  it('bans everyone listed it may, in one decision; skips the unknown and the already banned', () => {
    const s = shielded(raided());
    const events = expectOk(attempt(s, cmd({ type: 'ban_many', participants: [...RAIDERS, 'p_nobody', 'p_r1'], reason: 'raid' }), ID.mod, RAID + 2 * MIN));
    expect(events.filter((e) => e.type === 'member_banned').map((e) => 'participant' in e && e.participant)).toEqual(RAIDERS);
    const after = fold(s, events);
    for (const id of RAIDERS) expect(statusOf(after, id)).toBe('banned');
    expect(errorCode(attempt(after, joinCmd('p_r1', 'participant'), 'system', RAID + 3 * MIN))).toBe('banned');
  });

  it('never touches people the actor does not outrank', () => {
    const s = raided();
    expect(errorCode(attempt(s, cmd({ type: 'ban_many', participants: [ID.host, ID.mod2], reason: 'x' }), ID.mod))).toBe('outranked');
    const events = expectOk(attempt(s, cmd({ type: 'ban_many', participants: [ID.host, 'p_r1'], reason: 'x' }), ID.mod));
    expect(events.filter((e) => e.type === 'member_banned')).toHaveLength(1);
  });
});

describe('the join-rate alert', () => {
  it('alerts staff only; with auto-shield on, raises the shield from the spike', () => {
    const alert = apply(raided(), { type: 'flag_spike', since: RAID, arrivals: 60, baseline: 1 }, 'system', RAID + 30_000);
    expect(alert.spike).toMatchObject({ since: RAID, arrivals: 60 });
    expect(alert.shield).toBeNull();
    expect(viewFor(alert, { identity: ID.alice, role: 'participant' }).spike).toBeNull();
    expect(viewFor(alert, { identity: ID.mod, role: 'moderator' }).spike).not.toBeNull();
    // One click: the shield since the spike.
    const one = apply(alert, cmd({ type: 'raise_shield', window: 'spike' }), ID.mod, RAID + MIN);
    expect(RAIDERS.map((id) => statusOf(one, id))).toEqual(['lobby', 'lobby', 'lobby']);

    const auto = apply(raided(), cmd({ type: 'set_auto_shield', enabled: true }), ID.host, RAID);
    const raised = apply(auto, { type: 'flag_spike', since: RAID, arrivals: 60, baseline: 1 }, 'system', RAID + 30_000);
    expect(raised.shield?.since).toBe(RAID);
    expect(statusOf(raised, 'p_r1')).toBe('lobby');
    expect(statusOf(raised, ID.alice)).toBe('present');
  });
});

describe('flood controls', () => {
  const set = (s: CallState, controls: Record<string, unknown>) => apply(s, cmd({ type: 'set_flood_controls', ...controls } as never), ID.mod, RAID);
  const say = (s: CallState, who: string, text: string, now: number) => attempt(s, cmd({ type: 'chat_send', text }), who, now);

  it('slow mode: one message per person per N seconds; staff are never held', () => {
    let s = set(raided(), { slowModeSec: 10 });
    s = fold(s, expectOk(say(s, ID.alice, 'one', RAID + 1000)));
    expect(errorCode(say(s, ID.alice, 'two', RAID + 5000))).toBe('slow_mode');
    expect(say(s, ID.alice, 'two', RAID + 11_000).ok).toBe(true);
    s = fold(s, expectOk(say(s, ID.mod, 'a', RAID + 1000)));
    expect(say(s, ID.mod, 'b', RAID + 1001).ok).toBe(true);
  });

  it('chat only after N minutes present (since the latest arrival)', () => {
    const s = set(raided(), { chatMinPresentMin: 5 });
    expect(errorCode(say(s, 'p_r1', 'hi', RAID + MIN))).toBe('too_new');
    expect(say(s, ID.alice, 'hi', RAID + MIN).ok).toBe(true);
    expect(say(s, 'p_r1', 'hi', RAID + 6 * MIN).ok).toBe(true);
  });

  it('duplicates within the window are refused, whoever sends them', () => {
    let s = set(raided(), { duplicateWindowSec: 60 });
    s = fold(s, expectOk(say(s, 'p_r1', 'JOIN US at the forum', RAID + 1000)));
    expect(errorCode(say(s, 'p_r2', 'join   us at the FORUM', RAID + 2000))).toBe('duplicate');
    expect(say(s, 'p_r2', 'join us at the forum', RAID + 62_000).ok).toBe(true);
  });

  it('holds links and a newcomer first message until a moderator approves; the author sees their own', () => {
    let s = set(raided(), { holdLinks: true, holdNewcomers: true });
    const held = expectOk(say(s, 'p_r1', 'look: evil.example.com/x', RAID + 1000));
    expect(held.map((e) => e.type)).toEqual(['chat_held']);
    s = fold(s, held);
    expect(s.chat).toHaveLength(0);
    expect(viewFor(s, { identity: 'p_r1', role: 'participant' }).heldChat).toHaveLength(1);
    expect(viewFor(s, { identity: ID.alice, role: 'participant' }).heldChat).toHaveLength(0);
    s = apply(s, cmd({ type: 'chat_approve', messageId: s.heldChat[0]!.id }), ID.mod, RAID + 2000);
    expect(s.chat.map((m) => [m.from, m.text])).toEqual([['p_r1', 'look: evil.example.com/x']]);
    expect(s.heldChat).toHaveLength(0);
    // Their first message went out: no longer a newcomer; links are still held.
    expect(expectOk(say(s, 'p_r1', 'thanks', RAID + 3000)).map((e) => e.type)).toEqual(['chat_sent']);
    expect(expectOk(say(s, 'p_r1', 'https://x.test', RAID + 4000)).map((e) => e.type)).toEqual(['chat_held']);
  });

  it('limits hands and reports per person', () => {
    let s = set(raided(), { handLimit: 2, reportLimit: 1 });
    for (let i = 0; i < 2; i++) {
      s = apply(s, cmd({ type: 'raise_hand' }), ID.carol, RAID + i * 1000);
      s = apply(s, cmd({ type: 'lower_hand' }), ID.carol, RAID + i * 1000 + 1);
    }
    expect(errorCode(attempt(s, cmd({ type: 'raise_hand' }), ID.carol, RAID + 5000))).toBe('limit_reached');
    expect(attempt(s, cmd({ type: 'raise_hand' }), ID.carol, RAID + 11 * MIN).ok).toBe(true);
    s = apply(s, cmd({ type: 'report', participant: 'p_r1', reason: 'spam' }), ID.carol, RAID);
    expect(errorCode(attempt(s, cmd({ type: 'report', participant: 'p_r2', reason: 'spam' }), ID.carol, RAID + 1))).toBe('limit_reached');
  });

  it('what it counts survives the store: a stored snapshot reads back to the same state', () => {
    let s = set(raided(), { slowModeSec: 5, handLimit: 3 });
    for (let i = 0; i < 12; i++) s = fold(s, expectOk(say(s, i % 2 ? 'p_r1' : ID.alice, `line ${i}`, RAID + i * 6000)));
    const stored = JSON.parse(JSON.stringify(toSnapshot(s)));
    expect(fromSnapshot(callSnapshotSchema.parse(stored))).toEqual(s);
  });

  it('what it counts never leaves the server (a report author is private)', () => {
    let s = set(raided(), { reportLimit: 3 });
    s = apply(s, cmd({ type: 'report', participant: 'p_r1', reason: 'spam' }), ID.carol, RAID);
    expect(s.pace?.get(ID.carol)?.reports).toEqual([RAID]);
    for (const v of [{ identity: ID.mod, role: 'moderator' as const }, { identity: ID.carol, role: 'participant' as const }]) {
      expect(viewFor(s, v).pace).toBeNull();
    }
  });
});

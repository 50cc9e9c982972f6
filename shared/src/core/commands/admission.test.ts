import { describe, expect, it } from 'vitest';
import type { Role } from '../../protocol/primitives';
import { DEFAULT_CALL_SETTINGS } from '../../protocol/settings';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, joinCmd, script, T0 } from '../../testing/fixtures';
import { fold } from '../evolve';
import { statusOf, waitingList } from '../queries';
import { initialState, type CallState } from '../state';

const open = (over: Partial<typeof DEFAULT_CALL_SETTINGS> = {}) =>
  initialState('call_1', { ...DEFAULT_CALL_SETTINGS, ...over });
const withHost = (s: CallState) => apply(s, joinCmd(ID.host, 'host'), 'system');
const join = (s: CallState, id: string, role: Role = 'participant', extra = {}) =>
  attempt(s, joinCmd(id, role, extra), 'system');
const eventTypes = (d: ReturnType<typeof attempt>) => (d.ok ? d.events.map((e) => e.type) : d.error.code);

describe('join: a newcomer', () => {
  const locked = (s: CallState) => apply(withHost(s), cmd({ type: 'set_lock', locked: true }), ID.host);
  const fullOf2 = (s: CallState) => script(s, [[joinCmd('p_a', 'participant'), 'system'], [joinCmd('p_b', 'participant'), 'system']]);
  const rows: Array<[string, () => CallState, Role, string | string[]]> = [
    ['participant, open call', () => open(), 'participant', ['member_joined']],
    ['participant, lobby on', () => open({ lobby: true }), 'participant', ['member_waiting']],
    ['participant, locked', () => locked(open()), 'participant', 'locked'],
    ['participant, locked with lobby on (no knocking either)', () => locked(open({ lobby: true })), 'participant', 'locked'],
    ['participant, full', () => fullOf2(open({ maxParticipants: 2 })), 'participant', 'full'],
    ['participant, lobby on and full: waits (capacity is checked at admission)', () => fullOf2(open({ maxParticipants: 2, lobby: true })), 'participant', ['member_waiting']],
    ['speaker, locked + lobby', () => locked(open({ lobby: true })), 'speaker', ['member_joined']],
    ['moderator, locked + lobby', () => locked(open({ lobby: true })), 'moderator', ['member_joined']],
    ['host, full (staff do not count)', () => fullOf2(open({ maxParticipants: 2 })), 'host', ['member_joined']],
    ['anyone, call ended', () => apply(withHost(open()), cmd({ type: 'end_call' }), ID.host), 'host', 'call_ended'],
  ];
  it.each(rows)('%s -> %j', (_n, state, role, expected) => {
    expect(eventTypes(join(state(), 'p_new', role))).toEqual(expected);
  });

  it('joins present with a fresh member record', () => {
    const s = apply(open(), joinCmd('p_new', 'participant', { name: '  Ada   Lovelace ' }), 'system', T0 + 5);
    expect(s.members.get('p_new')).toEqual({
      identity: 'p_new',
      name: 'Ada   Lovelace'.replace(/\s+/g, ' '),
      role: 'participant',
      status: 'present',
      joinedAt: T0 + 5,
      silenced: false,
      chatMuted: false,
      cameraOff: false,
      hadFloor: false,
      spokenMs: 0,
      floorCount: 0,
      device: 'dev-p_new',
      ipHash: 'ip-p_new',
    });
  });

  it('keeps the member organization and registration the session carries, through the lobby too', () => {
    const org = { id: 'org_green', name: 'Green Union', weight: 3 };
    const direct = apply(open(), joinCmd('p_new', 'participant', { org, registered: true }), 'system');
    expect(direct.members.get('p_new')).toMatchObject({ org, registered: true });
    const lobby = apply(withHost(open({ lobby: true })), joinCmd('p_new', 'participant', { org, registered: true }), 'system');
    expect(lobby.lobby.get('p_new')).toMatchObject({ org, registered: true });
    const admitted = apply(lobby, cmd({ type: 'admit', participant: 'p_new' }), ID.host);
    expect(admitted.members.get('p_new')).toMatchObject({ org, registered: true });
  });

  it('a join without organization fields (an old log) leaves them absent', () => {
    const s = apply(open(), joinCmd('p_new', 'participant'), 'system');
    expect(s.members.get('p_new')).not.toHaveProperty('org');
    expect(s.members.get('p_new')).not.toHaveProperty('registered');
  });

  it('refuses a name that is not a display name', () => {
    expect(errorCode(join(open(), 'p_new', 'participant', { name: 'Ho\u200Bst' }))).toBe('invalid');
  });
});

describe('join: bans hold', () => {
  const banned = (ip: boolean) =>
    apply(fixture(), cmd({ type: 'ban', participant: ID.bob, reason: 'raid', ip }), ID.mod);

  it.each([
    ['the banned identity', ID.bob, 'participant', {}, false, 'banned'],
    ['the banned identity, even with a host credential', ID.bob, 'host', {}, false, 'banned'],
    ['a new identity on the banned device', 'p_sock', 'participant', { device: `dev-${ID.bob}` }, false, 'banned'],
    ['a new identity on the banned network, ip ban', 'p_sock', 'participant', { ipHash: `ip-${ID.bob}` }, true, 'banned'],
    ['a new identity on the banned network, no ip ban', 'p_sock', 'participant', { ipHash: `ip-${ID.bob}` }, false, null],
    ['a speaker on the banned device (shared machines)', 's_guest', 'speaker', { device: `dev-${ID.bob}` }, false, null],
  ] as const)('refuses %s', (_n, id, role, extra, ip, code) => {
    expect(errorCode(join(banned(ip), id, role, extra))).toBe(code);
  });

  it('a banned person who had left cannot return; unban lets them back through admission', () => {
    let s = apply(fixture(), { type: 'leave', identity: ID.bob }, 'system');
    s = apply(s, cmd({ type: 'ban', participant: ID.bob, reason: 'raid' }), ID.mod);
    expect(statusOf(s, ID.bob)).toBe('banned');
    expect(errorCode(join(s, ID.bob))).toBe('banned');
    s = apply(s, cmd({ type: 'unban', participant: ID.bob }), ID.mod);
    expect(statusOf(s, ID.bob)).toBe('removed');
    // The fixture's lobby is on: a fresh admission goes through it.
    expect(eventTypes(join(s, ID.bob))).toEqual(['member_waiting']);
  });

  it('a waiter can be banned from the lobby', () => {
    const s = apply(fixture(), cmd({ type: 'ban', participant: ID.waiter, reason: 'slur in name' }), ID.mod);
    expect(s.lobby.get(ID.waiter)).toBeUndefined();
    expect(s.bans.get(ID.waiter)).toMatchObject({ name: 'Waiter', role: 'participant', device: `dev-${ID.waiter}` });
    expect(statusOf(s, ID.waiter)).toBe('banned');
    expect(errorCode(join(s, ID.waiter))).toBe('banned');
  });
});

describe('join: coming back', () => {
  it('after leaving: present again with role, name, sanctions and stats; past lobby and lock', () => {
    let s = script(fixture(), [
      [cmd({ type: 'promote', participant: ID.bob }), ID.mod],
      [cmd({ type: 'rename', participant: ID.bob, name: 'Robert' }), ID.mod],
      [cmd({ type: 'chat_mute', participant: ID.bob }), ID.mod],
      [{ type: 'leave', identity: ID.bob }, 'system'],
      [cmd({ type: 'set_lock', locked: true }), ID.mod],
    ]);
    const before = s.members.get(ID.bob)!;
    expect(before.status).toBe('left');
    // The credential says participant and the name differs: the call's record wins.
    s = apply(s, joinCmd(ID.bob, 'participant', { name: 'B0b the Great', ipHash: 'ip-new' }), 'system');
    expect(s.members.get(ID.bob)).toEqual({ ...before, status: 'present', ipHash: 'ip-new' });
  });

  it('after leaving: a participant is refused when the call filled up meanwhile', () => {
    let s = fixture({ maxParticipants: 4 });
    s = apply(s, { type: 'leave', identity: ID.bob }, 'system');
    s = apply(s, cmd({ type: 'admit', participant: ID.waiter }), ID.mod);
    expect(errorCode(join(s, ID.bob))).toBe('full');
  });

  it('a reconnect while present changes nothing unless the fingerprint moved', () => {
    const s = fixture();
    expect(expectOk(join(s, ID.bob))).toEqual([]);
    expect(expectOk(join(s, ID.bob, 'participant', { ipHash: 'ip-4g' }))).toEqual([
      { type: 'member_rejoined', participant: ID.bob, device: `dev-${ID.bob}`, ipHash: 'ip-4g', at: T0, by: 'system' },
    ]);
  });

  it('a waiter who reconnects keeps waiting', () => {
    expect(expectOk(join(fixture(), ID.waiter))).toEqual([]);
  });

  it('after removal: admitted afresh with the credential role, keeping sanctions', () => {
    let s = script(fixture(), [
      [cmd({ type: 'appoint_moderator', participant: ID.bob }), ID.host],
      [cmd({ type: 'silence', participant: ID.bob }), ID.host],
      [cmd({ type: 'remove', participant: ID.bob }), ID.host],
      [cmd({ type: 'set_lobby', enabled: false }), ID.host],
    ]);
    s = apply(s, joinCmd(ID.bob, 'participant', { name: 'Bobby' }), 'system');
    expect(s.members.get(ID.bob)).toMatchObject({ status: 'present', role: 'participant', name: 'Bobby', silenced: true });
  });

  it('after removal with the lobby on: waits, and is a waiter (not present) until admitted', () => {
    let s = apply(fixture(), cmd({ type: 'remove', participant: ID.bob }), ID.mod);
    s = apply(s, joinCmd(ID.bob, 'participant'), 'system');
    expect(statusOf(s, ID.bob)).toBe('lobby');
    expect(errorCode(attempt(s, cmd({ type: 'raise_hand' }), ID.bob))).toBe('in_lobby');
    s = apply(s, cmd({ type: 'admit', participant: ID.bob }), ID.mod);
    expect(statusOf(s, ID.bob)).toBe('present');
    expect(s.lobby.get(ID.bob)).toBeUndefined();
  });
});

describe('leave', () => {
  it('lowers the hand and ends the floor of the person leaving', () => {
    let s = script(fixture(), [
      [cmd({ type: 'raise_hand' }), ID.bob],
      [cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod],
    ]);
    const types = (id: string) => eventTypes(attempt(s, { type: 'leave', identity: id }, 'system', T0 + 10));
    expect(types(ID.bob)).toEqual(['hand_lowered', 'member_left']);
    expect(types(ID.alice)).toEqual(['floor_ended', 'member_left']);
    s = apply(s, { type: 'leave', identity: ID.bob }, 'system');
    expect(s.queue).toEqual([]);
    expect(s.members.get(ID.bob)!.status).toBe('left');
  });

  it('a waiter who leaves is forgotten; leaving twice or as a stranger changes nothing', () => {
    const s = apply(fixture(), { type: 'leave', identity: ID.waiter }, 'system');
    expect(s.lobby.get(ID.waiter)).toBeUndefined();
    expect(expectOk(attempt(s, { type: 'leave', identity: ID.waiter }, 'system'))).toEqual([]);
    expect(expectOk(attempt(s, { type: 'leave', identity: 'p_who' }, 'system'))).toEqual([]);
  });

  it('once the call has ended nobody leaves it: a late reconnect timer appends nothing to the log', () => {
    const s = apply(fixture(), cmd({ type: 'end_call' }), ID.host);
    expect(expectOk(attempt(s, { type: 'leave', identity: ID.bob }, 'system'))).toEqual([]);
    expect(expectOk(attempt(s, { type: 'leave', identity: ID.waiter }, 'system'))).toEqual([]);
  });
});

describe('lobby', () => {
  const lobbyOf = (n: number, max = 0) => {
    let s = apply(initialState('call_1', { ...DEFAULT_CALL_SETTINGS, lobby: true, maxParticipants: max }), joinCmd(ID.mod, 'moderator'), 'system');
    for (let i = 0; i < n; i++) s = apply(s, joinCmd(`p_w${i}`, 'participant'), 'system', T0 + 100 - i);
    return s;
  };

  it('lists waiters oldest first', () => {
    expect(waitingList(lobbyOf(3))).toEqual(['p_w2', 'p_w1', 'p_w0']);
  });

  it('admit lets one in; deny marks them denied and they may knock again', () => {
    let s = apply(fixture(), cmd({ type: 'admit', participant: ID.waiter }), ID.mod);
    expect(s.members.get(ID.waiter)).toMatchObject({ status: 'present', role: 'participant', name: 'Waiter' });
    expect(errorCode(attempt(s, cmd({ type: 'admit', participant: ID.waiter }), ID.mod))).toBe('not_found');

    s = apply(fixture(), cmd({ type: 'deny', participant: ID.waiter }), ID.mod);
    expect(statusOf(s, ID.waiter)).toBe('denied');
    expect(errorCode(attempt(s, cmd({ type: 'admit', participant: ID.waiter }), ID.mod))).toBe('not_found');
    expect(errorCode(attempt(s, cmd({ type: 'raise_hand' }), ID.waiter))).toBe('forbidden');
    s = apply(s, joinCmd(ID.waiter, 'participant'), 'system');
    expect(statusOf(s, ID.waiter)).toBe('lobby');
  });

  it('admit respects capacity', () => {
    const s = script(lobbyOf(2, 1), [[cmd({ type: 'admit', participant: 'p_w1' }), ID.mod]]);
    expect(errorCode(attempt(s, cmd({ type: 'admit', participant: 'p_w0' }), ID.mod))).toBe('full');
  });

  it.each([
    ['admit_all, no limit', 0, cmd({ type: 'admit_all' }), ['p_w2', 'p_w1', 'p_w0'], []],
    ['admit_all, room for two: oldest first', 2, cmd({ type: 'admit_all' }), ['p_w2', 'p_w1'], ['p_w0']],
    ['lobby off, no limit: everyone waiting comes in', 0, cmd({ type: 'set_lobby', enabled: false }), ['p_w2', 'p_w1', 'p_w0'], []],
    ['lobby off, room for one', 1, cmd({ type: 'set_lobby', enabled: false }), ['p_w2'], ['p_w1', 'p_w0']],
  ] as const)('%s', (_n, max, command, admitted, still) => {
    const s = apply(lobbyOf(3, max), command, ID.mod);
    expect([...s.members.values()].filter((m) => m.role === 'participant').map((m) => m.identity)).toEqual(admitted);
    expect(waitingList(s)).toEqual(still);
  });

  it('admit_all with no room is full; with nobody waiting changes nothing', () => {
    let s = apply(lobbyOf(2, 1), cmd({ type: 'admit', participant: 'p_w0' }), ID.mod);
    expect(errorCode(attempt(s, cmd({ type: 'admit_all' }), ID.mod))).toBe('full');
    s = apply(lobbyOf(0), cmd({ type: 'set_lock', locked: true }), ID.mod);
    expect(expectOk(attempt(s, cmd({ type: 'admit_all' }), ID.mod))).toEqual([]);
  });

  it('a waiter can be renamed before being let in', () => {
    let s = apply(fixture(), cmd({ type: 'rename', participant: ID.waiter, name: 'Guest 1' }), ID.mod);
    expect(s.lobby.get(ID.waiter)!.name).toBe('Guest 1');
    s = apply(s, cmd({ type: 'admit', participant: ID.waiter }), ID.mod);
    expect(s.members.get(ID.waiter)!.name).toBe('Guest 1');
  });
});

describe('doors: an announced call before its start', () => {
  /** Doors closed (as the server creates an announced call), the host already in the green room. */
  const closed = (over: Partial<typeof DEFAULT_CALL_SETTINGS> = {}) =>
    apply(initialState('call_1', { ...DEFAULT_CALL_SETTINGS, ...over }, { doorsOpen: false }), joinCmd(ID.host, 'host'), 'system');
  const waitFor = (s: CallState, ids: string[]) => ids.reduce((acc, id, i) => apply(acc, joinCmd(id, 'participant'), 'system', T0 + i), s);

  it.each([
    ['participant, lobby off: waits (the pre-call room)', 'participant', ['member_waiting']],
    ['speaker: straight in (green room)', 'speaker', ['member_joined']],
    ['moderator: straight in (green room)', 'moderator', ['member_joined']],
    ['host: straight in (green room)', 'host', ['member_joined']],
  ] as const)('%s', (_n, role, expected) => {
    expect(eventTypes(join(closed(), 'p_new', role))).toEqual(expected);
  });

  it('a locked call still refuses before the doors', () => {
    const s = apply(closed(), cmd({ type: 'set_lock', locked: true }), ID.host);
    expect(errorCode(join(s, 'p_new'))).toBe('locked');
  });

  it('opening the doors lets everyone waiting in, oldest first, as many as fit', () => {
    const s = waitFor(closed({ maxParticipants: 2 }), ['p_a', 'p_b', 'p_c']);
    const events = expectOk(attempt(s, cmd({ type: 'open_doors' }), ID.host));
    expect(events.map((e) => e.type)).toEqual(['doors_opened', 'member_admitted', 'member_admitted']);
    const after = fold(s, events);
    expect(after.settings.doorsOpen).toBe(true);
    expect(waitingList(after)).toEqual(['p_c']);
    // After the doors: newcomers walk straight in again (lobby off).
    expect(eventTypes(join(apply(s, cmd({ type: 'open_doors' }), ID.host), 'p_d'))).toBe('full');
    expect(eventTypes(join(apply(closed(), cmd({ type: 'open_doors' }), ID.host), 'p_d'))).toEqual(['member_joined']);
  });

  it('with the lobby on, opening the doors leaves admission to the moderators', () => {
    const s = waitFor(closed({ lobby: true }), ['p_a', 'p_b']);
    const after = apply(s, cmd({ type: 'open_doors' }), ID.host);
    expect(after.settings.doorsOpen).toBe(true);
    expect(waitingList(after)).toEqual(['p_a', 'p_b']);
    expect(statusOf(apply(after, cmd({ type: 'admit', participant: 'p_a' }), ID.host), 'p_a')).toBe('present');
  });

  it('turning the lobby off or restoring the call does not open the doors; moderators may still admit', () => {
    let s = waitFor(closed({ lobby: true }), ['p_a', 'p_b']);
    s = apply(s, cmd({ type: 'set_lobby', enabled: false }), ID.host);
    expect(waitingList(s)).toEqual(['p_a', 'p_b']);
    s = script(s, [
      [cmd({ type: 'suspend' }), ID.host],
      [cmd({ type: 'restore' }), ID.host],
    ]);
    expect(waitingList(s)).toEqual(['p_a', 'p_b']);
    s = apply(s, cmd({ type: 'admit', participant: 'p_b' }), ID.host);
    expect(waitingList(s)).toEqual(['p_a']);
    s = apply(s, cmd({ type: 'admit_all' }), ID.host);
    expect(waitingList(s)).toEqual([]);
  });

  it('opening open doors changes nothing; only the host may open them', () => {
    expect(expectOk(attempt(fixture(), cmd({ type: 'open_doors' }), ID.host))).toEqual([]);
    const s = apply(closed(), joinCmd(ID.mod, 'moderator'), 'system');
    expect(errorCode(attempt(s, cmd({ type: 'open_doors' }), ID.mod))).toBe('forbidden');
  });
});

describe('expel (a revoked credential)', () => {
  const withModerator = () => join(withHost(open()), 'p_mod', 'moderator');
  const staffed = () => apply(withHost(open()), joinCmd('p_mod', 'moderator'), 'system');

  it('removes a present moderator, by the system, with the reason on the record', () => {
    expect(eventTypes(withModerator())).toEqual(['member_joined']);
    const d = attempt(staffed(), { type: 'expel', identity: 'p_mod', reason: 'invitation revoked' }, 'system');
    expect(eventTypes(d)).toEqual(['member_removed']);
    expect(statusOf(apply(staffed(), { type: 'expel', identity: 'p_mod', reason: 'invitation revoked' }, 'system'), 'p_mod')).toBe('removed');
  });

  it('is the server\'s alone; someone already out is unchanged', () => {
    expect(errorCode(attempt(staffed(), { type: 'expel', identity: 'p_mod', reason: 'x' } as never, ID.host))).toBe('forbidden');
    expect(eventTypes(attempt(staffed(), { type: 'expel', identity: 'p_nobody', reason: 'x' }, 'system'))).toEqual([]);
  });
});

import { initialState, DEFAULT_CALL_SETTINGS, Members, type CallState, type Member } from '@caucus/shared';
import { expect, test } from 'vitest';
import { announcements, factsOf } from './announce';
import { shownNames } from './names';

const member = (identity: string, name: string, role: Member['role'] = 'participant'): Member => ({
  identity, name, role, status: 'present', joinedAt: 0, silenced: false, chatMuted: false, cameraOff: false,
  hadFloor: false, spokenMs: 0, floorCount: 0, device: null, ipHash: null,
});

function call(patch: Partial<CallState> = {}): CallState {
  const base = initialState('c1', DEFAULT_CALL_SETTINGS);
  const members = Members.of([member('p_me', 'Me'), member('p_a', 'Ann'), member('p_b', 'Bob'), member('h_h', 'Hana', 'host')]);
  return { ...base, members, ...patch };
}
const q = (...ids: string[]) => ids.map((identity, i) => ({ identity, lane: 'speak' as const, raisedAt: i }));

function say(before: CallState, after: CallState, opts: { you?: string; role?: Member['role']; chatOpen?: boolean } = {}) {
  const you = opts.you ?? 'p_me';
  const role = opts.role ?? 'participant';
  return announcements(factsOf(before, you, role), factsOf(after, you, role), { you, chatOpen: opts.chatOpen ?? false, names: shownNames(after), call: after });
}

test('your own place, as it changes, even when someone ahead leaves', () => {
  expect(say(call(), call({ queue: q('p_a', 'p_me') }))).toEqual(['Your hand is up. You are number 2 in the queue.']);
  expect(say(call({ queue: q('p_a', 'p_me') }), call({ queue: q('p_me') }))).toEqual(['You are now number 1 in the queue.']);
  expect(say(call({ queue: q('p_me') }), call())).toEqual(['Your hand is down.']);
});

test("never other people's hands", () => {
  expect(say(call(), call({ queue: q('p_a') }))).toEqual([]);
  expect(say(call({ queue: q('p_a') }), call({ queue: q('p_a', 'p_b') }))).toEqual([]);
});

test('the floor: yours (not "hand down"), someone else\'s, your last seconds, the end', () => {
  const floor = (identity: string, warned = false) => ({ identity, grantedAt: 1, deadline: 100, warned });
  expect(say(call({ queue: q('p_me') }), call({ floor: floor('p_me') }))).toEqual(['You have the floor. Your microphone is off until you unmute.']);
  expect(say(call(), call({ floor: floor('p_a') }))).toEqual(['Ann has the floor.']);
  expect(say(call({ floor: floor('p_me') }), call({ floor: floor('p_me', true) }))).toEqual(['You have 15 seconds left.']);
  expect(say(call({ floor: floor('p_me') }), call())).toEqual(['Your turn has ended. You are back in the audience.']);
});

test('lobby arrivals and reports for staff only', () => {
  const waiter = { identity: 'p_w', name: 'Wes', role: 'participant' as const, since: 5, status: 'waiting' as const, device: null, ipHash: null };
  const report = { id: 'r1', by: 'p_a', participant: 'p_b', reason: 'spam', at: 1 };
  const after = call({ lobby: call().lobby.set('p_w', waiter), reports: [report] });
  expect(say(call(), after, { you: 'h_h', role: 'host' })).toEqual(['Wes is waiting in the lobby.', 'New report about Bob.']);
  expect(say(call(), after)).toEqual([]);
});

test('chat only while the chat is open, and not your own', () => {
  const after = call({ chat: [{ id: 'm1', from: 'p_a', text: 'hi all', at: 1 }, { id: 'm2', from: 'p_me', text: 'mine', at: 2 }] });
  expect(say(call(), after)).toEqual([]);
  expect(say(call(), after, { chatOpen: true })).toEqual(['Ann wrote: hi all']);
});

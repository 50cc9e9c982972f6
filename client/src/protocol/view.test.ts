import { CLOSE_CODES, initialState, toSnapshot, type CallState, type Event, type ServerFrame } from '@caucus/shared';
import { describe, expect, test } from 'vitest';
import { initialView, phaseOf, reduceView, type CallView } from './view';

const T = 1_785_000_000_000;
const base = (): CallState => initialState('call1', { lobby: false, maxParticipants: 0, speakingLimitSec: 60, queuePolicy: 'fifo', format: 'stage' });

function joined(state: CallState, identity: string, name: string, role: 'host' | 'participant' = 'participant'): CallState {
  return {
    ...state,
    members: state.members.set({
      identity, name, role, status: 'present', joinedAt: T, silenced: false, chatMuted: false, cameraOff: false,
      hadFloor: false, spokenMs: 0, floorCount: 0, device: null, ipHash: null,
    }),
  };
}

const snapshot = (state: CallState | null, seq: number, status: 'present' | 'lobby' = 'present'): ServerFrame => ({
  type: 'snapshot', seq, state: state && toSnapshot(state), you: { identity: 'p_me', role: 'participant', status },
});
const ev = (seq: number, event: Event): ServerFrame => ({ type: 'event', seq, event });
const fold = (view: CallView, ...frames: ServerFrame[]) => frames.reduce((v, frame) => reduceView(v, { type: 'frame', frame }), view);

const start = () => fold(initialView(), snapshot(joined(joined(base(), 'p_me', 'Me'), 'h_host', 'Hana', 'host'), 10));

describe('folding frames into the view', () => {
  test('a snapshot then events move the state with the shared evolve, and repeated seqs are ignored', () => {
    const raised = ev(11, { type: 'hand_raised', at: T, by: 'p_me', participant: 'p_me', lane: 'speak', position: 0 });
    const v = fold(start(), raised, raised);
    expect(v.seq).toBe(11);
    expect(v.state!.queue.map((e) => e.identity)).toEqual(['p_me']);
    expect(v.audit).toHaveLength(1);
    expect(v.audit[0]!.summary).toBe('Me raised a hand (Speak), position 1');
    expect(v.announcement?.text).toBe('Your hand is up. You are number 1 in the queue.');
  });

  test('`resumed` moves the seq to the call\'s last event (past seqs this viewer skips), never back', () => {
    const before = start();
    const resumed = fold(before, { type: 'resumed', seq: 14 });
    expect(resumed.seq).toBe(14);
    expect(resumed.state).toBe(before.state);
    expect(fold(resumed, { type: 'resumed', seq: 12 }).seq).toBe(14);
    // An event the viewer already has (seq <= 14) is not folded again.
    const old = ev(13, { type: 'hand_raised', at: T, by: 'p_me', participant: 'p_me', lane: 'speak', position: 0 });
    expect(fold(resumed, old).state!.queue).toEqual([]);
  });

  test('the floor is announced to the person who gets it as going live', () => {
    const v = fold(start(), ev(11, { type: 'floor_granted', at: T, by: 'h_host', participant: 'p_me', deadline: T + 60_000 }));
    expect(v.state!.floor?.identity).toBe('p_me');
    expect(v.announcement?.text).toBe('You have the floor. You are live.');
  });

  test('a removal keeps its reason for the removed person, and the phase becomes gone', () => {
    const v = fold(start(), ev(11, { type: 'member_removed', at: T, by: 'h_host', participant: 'p_me', reason: 'off topic' }));
    expect(v.removalReason).toBe('off topic');
    expect(phaseOf(v)).toEqual({ state: 'gone', reason: 'removed' });
  });

  test('terminal close codes say why, and beat a guess made from the LiveKit side', () => {
    let v = reduceView(start(), { type: 'gone', reason: 'removed' });
    v = reduceView(v, { type: 'socket', status: { state: 'closed', code: CLOSE_CODES.banned, reason: 'banned' } });
    expect(phaseOf(v)).toEqual({ state: 'gone', reason: 'banned' });
    const denied = reduceView(fold(initialView(), snapshot(null, 3, 'lobby')), { type: 'socket', status: { state: 'closed', code: 4005, reason: 'denied' } });
    expect(phaseOf(denied)).toEqual({ state: 'gone', reason: 'denied' });
  });

  test('a lobby waiter has no state; the admitted frame carries the LiveKit token', () => {
    let v = fold(initialView(), snapshot(null, 3, 'lobby'));
    expect(phaseOf(v).state).toBe('lobby');
    v = fold(v, { type: 'admitted', livekit: { url: 'ws://lk', token: 't' } });
    expect(v.livekit).toEqual({ url: 'ws://lk', token: 't' });
    v = fold(v, snapshot(joined(base(), 'p_me', 'Me'), 4));
    expect(phaseOf(v).state).toBe('call');
  });

  test('the call ending ends the phase', () => {
    const v = fold(start(), ev(11, { type: 'call_ended', at: T, by: 'h_host' }));
    expect(phaseOf(v)).toEqual({ state: 'gone', reason: 'call_ended' });
  });

  test('an error frame without a ref is shown, never swallowed; notices are bounded', () => {
    let v = start();
    for (let i = 0; i < 8; i++) v = fold(v, { type: 'error', code: 'rate_limited', message: 'Too many messages; slow down' });
    expect(v.notices).toHaveLength(5);
    expect(v.notices.at(-1)).toMatchObject({ kind: 'error', text: 'Too many messages; slow down (rate_limited)' });
  });

  test('the connection counts as re-connecting only after it was open once', () => {
    let v = reduceView(start(), { type: 'socket', status: { state: 'connecting', attempt: 1 } });
    expect(v.connectedOnce).toBe(false);
    v = reduceView(v, { type: 'socket', status: { state: 'open' } });
    v = reduceView(v, { type: 'socket', status: { state: 'waiting', attempt: 1, retryAt: 0, lastCode: 1006 } });
    expect(v.connectedOnce).toBe(true);
  });
});

test('the clock skew is the smallest difference between receipt and event time', () => {
  let v = start();
  const lowered = (seq: number, at: number): ServerFrame => ({ type: 'event', seq, event: { type: 'hands_cleared', at, by: 'h_host' } });
  v = reduceView(v, { type: 'frame', frame: lowered(11, T), receivedAt: T + 5000 });
  expect(v.clockSkewMs).toBe(5000);
  v = reduceView(v, { type: 'frame', frame: lowered(12, T + 10_000), receivedAt: T + 13_000 });
  expect(v.clockSkewMs).toBe(3000);
  v = reduceView(v, { type: 'frame', frame: lowered(13, T + 20_000), receivedAt: T + 29_000 });
  expect(v.clockSkewMs).toBe(3000);
});

test('a local clock behind the server gives a negative skew', () => {
  let v = start();
  const ev2 = (seq: number, at: number): ServerFrame => ({ type: 'event', seq, event: { type: 'hands_cleared', at, by: 'h_host' } });
  v = reduceView(v, { type: 'frame', frame: ev2(11, T), receivedAt: T - 60_000 + 400 });
  v = reduceView(v, { type: 'frame', frame: ev2(12, T + 1000), receivedAt: T + 1000 - 60_000 + 50 });
  expect(v.clockSkewMs).toBe(-59_950);
});

test('presence frames carry the head count a participant cannot count from their state', () => {
  const v = fold(start(), { type: 'presence', present: 1234 });
  expect(v.present).toBe(1234);
});

test('the head count on a snapshot is kept, and a snapshot without one keeps the last count', () => {
  const withCount = { ...snapshot(null, 3), present: 2001 } as ServerFrame;
  let v = fold(start(), withCount);
  expect(v.present).toBe(2001);
  v = fold(v, snapshot(null, 4));
  expect(v.present).toBe(2001);
});

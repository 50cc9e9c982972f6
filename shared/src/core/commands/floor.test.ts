import { describe, expect, it } from 'vitest';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, script, T0 } from '../../testing/fixtures';
import { nextFloorTimer } from '../queries';
import type { CallState } from '../state';

const grant = (s: CallState, who: string, now = T0) => apply(s, cmd({ type: 'grant_floor', participant: who }), ID.mod, now);

describe('grant_floor', () => {
  it('gives the floor with a deadline from the speaking limit and takes the person out of the queue', () => {
    let s = script(fixture(), [
      [cmd({ type: 'raise_hand' }), ID.alice],
      [cmd({ type: 'raise_hand' }), ID.bob],
    ]);
    s = grant(s, ID.bob);
    expect(s.floor).toEqual({ identity: ID.bob, grantedAt: T0, deadline: T0 + 120_000, warned: false });
    expect(s.queue.map((e) => e.identity)).toEqual([ID.alice]);
    expect(s.members.get(ID.bob)).toMatchObject({ hadFloor: true, floorCount: 1, spokenMs: 0 });
  });

  it('ends the current floor first (replaced) and accounts the time spoken', () => {
    const s = grant(fixture(), ID.alice);
    const events = expectOk(attempt(s, cmd({ type: 'grant_floor', participant: ID.bob }), ID.mod, T0 + 42_000));
    expect(events.map((e) => e.type)).toEqual(['floor_ended', 'floor_granted']);
    expect(events[0]).toMatchObject({ participant: ID.alice, reason: 'replaced', spokenMs: 42_000 });
    const after = grant(s, ID.bob, T0 + 42_000);
    expect(after.members.get(ID.alice)!.spokenMs).toBe(42_000);
    expect(after.floor?.identity).toBe(ID.bob);
  });

  it('with no speaking limit there is no deadline and no timer', () => {
    const s = grant(fixture({ speakingLimitSec: 0 }), ID.alice);
    expect(s.floor?.deadline).toBeNull();
    expect(nextFloorTimer(s)).toBeNull();
  });

  it.each([
    ['a speaker (always on stage)', (s: CallState) => s, ID.speaker, 'on_stage'],
    ['the current holder', (s: CallState) => grant(s, ID.alice), ID.alice, 'on_stage'],
    ['a silenced person (silence wins)', (s: CallState) => apply(s, cmd({ type: 'silence', participant: ID.alice }), ID.mod), ID.alice, 'silenced'],
    ['someone who left', (s: CallState) => apply(s, { type: 'leave', identity: ID.alice }, 'system'), ID.alice, 'not_found'],
    ['a lobby waiter', (s: CallState) => s, ID.waiter, 'not_found'],
    ['a stranger', (s: CallState) => s, 'p_nobody', 'not_found'],
    ['anyone in the audience while suspended', (s: CallState) => apply(s, cmd({ type: 'suspend' }), ID.mod), ID.dave, 'silenced'],
  ] as const)('refuses %s', (_n, prepare, who, code) => {
    expect(errorCode(attempt(prepare(fixture()), cmd({ type: 'grant_floor', participant: who }), ID.mod))).toBe(code);
  });

  it('a new speaking limit applies from the next grant', () => {
    let s = grant(fixture(), ID.alice);
    s = apply(s, cmd({ type: 'set_speaking_limit', seconds: 30 }), ID.mod);
    expect(s.floor?.deadline).toBe(T0 + 120_000);
    s = grant(s, ID.bob, T0 + 1000);
    expect(s.floor?.deadline).toBe(T0 + 31_000);
  });
});

describe('next_speaker and end_floor', () => {
  it('grants to the head of the queue', () => {
    let s = script(fixture(), [
      [cmd({ type: 'raise_hand' }), ID.carol],
      [cmd({ type: 'raise_hand', lane: 'point_of_order' }), ID.bob],
    ]);
    s = apply(s, cmd({ type: 'next_speaker' }), ID.mod);
    expect(s.floor?.identity).toBe(ID.bob);
    s = apply(s, cmd({ type: 'next_speaker' }), ID.mod, T0 + 5000);
    expect(s.floor?.identity).toBe(ID.carol);
    expect(s.members.get(ID.bob)!.spokenMs).toBe(5000);
    expect(errorCode(attempt(s, cmd({ type: 'next_speaker' }), ID.mod))).toBe('queue_empty');
  });

  it('end_floor ends it with reason ended; no_floor when nobody has it', () => {
    const s = grant(fixture(), ID.alice);
    expect(expectOk(attempt(s, cmd({ type: 'end_floor' }), ID.mod, T0 + 7000))).toEqual([
      { type: 'floor_ended', participant: ID.alice, reason: 'ended', spokenMs: 7000, at: T0 + 7000, by: ID.mod },
    ]);
    const ended = apply(s, cmd({ type: 'end_floor' }), ID.mod);
    expect(ended.floor).toBeNull();
    expect(errorCode(attempt(ended, cmd({ type: 'end_floor' }), ID.mod))).toBe('no_floor');
  });

  it.each([
    ['leaves', { type: 'leave', identity: ID.alice } as const, 'system', 'left'],
    ['is removed', cmd({ type: 'remove', participant: ID.alice }), ID.mod, 'removed'],
    ['is banned', cmd({ type: 'ban', participant: ID.alice, reason: 'x' }), ID.mod, 'banned'],
    ['is silenced', cmd({ type: 'silence', participant: ID.alice }), ID.mod, 'silenced'],
    ['is promoted', cmd({ type: 'promote', participant: ID.alice }), ID.mod, 'promoted'],
    ['is cut by suspend', cmd({ type: 'suspend' }), ID.mod, 'suspended'],
    ['is cut by the end of the call', cmd({ type: 'end_call' }), ID.host, 'call_ended'],
  ] as const)('the floor ends when the holder %s', (_n, command, actor, reason) => {
    const events = expectOk(attempt(grant(fixture(), ID.alice), command, actor, T0 + 3000));
    expect(events[0]).toMatchObject({ type: 'floor_ended', participant: ID.alice, reason, spokenMs: 3000 });
  });
});

describe('extend, warn, expire', () => {
  it.each([
    ['adds to the deadline', 120, T0 + 10_000, T0 + 150_000],
    ['adds to now when the deadline already passed', 120, T0 + 125_000, T0 + 155_000],
    ['starts a limit from now when there was none', 0, T0 + 10_000, T0 + 40_000],
  ])('extend_floor %s', (_n, limit, now, deadline) => {
    const s = grant(fixture({ speakingLimitSec: limit }), ID.alice);
    expect(apply(s, cmd({ type: 'extend_floor', seconds: 30 }), ID.mod, now).floor?.deadline).toBe(deadline);
  });

  it('extend_floor without a floor is no_floor', () => {
    expect(errorCode(attempt(fixture(), cmd({ type: 'extend_floor', seconds: 30 }), ID.mod))).toBe('no_floor');
  });

  it('warns 15 s before the deadline, once, then expires at the deadline', () => {
    let s = grant(fixture(), ID.alice);
    expect(nextFloorTimer(s)).toEqual({ kind: 'warn', at: T0 + 105_000, grantedAt: T0 });
    const warn = { type: 'warn_floor', grantedAt: T0 } as const;
    expect(errorCode(attempt(s, warn, 'system', T0 + 104_999))).toBe('not_due');
    s = apply(s, warn, 'system', T0 + 105_000);
    expect(s.floor?.warned).toBe(true);
    expect(errorCode(attempt(s, warn, 'system', T0 + 106_000))).toBe('not_due');
    expect(nextFloorTimer(s)).toEqual({ kind: 'expire', at: T0 + 120_000, grantedAt: T0 });

    const expire = { type: 'expire_floor', grantedAt: T0 } as const;
    expect(errorCode(attempt(s, expire, 'system', T0 + 119_999))).toBe('not_due');
    const events = expectOk(attempt(s, expire, 'system', T0 + 120_000));
    expect(events).toEqual([
      { type: 'floor_ended', participant: ID.alice, reason: 'expired', spokenMs: 120_000, at: T0 + 120_000, by: 'system' },
    ]);
  });

  it('a timer set for an earlier floor is refused (not_due) and does not cut the next speaker', () => {
    let s = grant(fixture(), ID.alice);
    s = grant(s, ID.bob, T0 + 50_000);
    expect(errorCode(attempt(s, { type: 'expire_floor', grantedAt: T0 }, 'system', T0 + 120_000))).toBe('not_due');
    expect(errorCode(attempt(s, { type: 'warn_floor', grantedAt: T0 }, 'system', T0 + 110_000))).toBe('not_due');
    s = apply(s, cmd({ type: 'end_floor' }), ID.mod, T0 + 60_000);
    expect(errorCode(attempt(s, { type: 'expire_floor', grantedAt: T0 + 50_000 }, 'system', T0 + 170_000))).toBe('not_due');
  });

  it('an extension far enough away re-arms the warning; one inside the warning window does not', () => {
    let s = grant(fixture(), ID.alice);
    s = apply(s, { type: 'warn_floor', grantedAt: T0 }, 'system', T0 + 105_000);
    // New warning point T0+106s is not after now: already warned for it.
    const near = apply(s, cmd({ type: 'extend_floor', seconds: 1 }), ID.mod, T0 + 106_000);
    expect(near.floor).toMatchObject({ deadline: T0 + 121_000, warned: true });
    expect(nextFloorTimer(near)).toEqual({ kind: 'expire', at: T0 + 121_000, grantedAt: T0 });
    // New warning point T0+110s is still ahead: warn again then.
    const later = apply(s, cmd({ type: 'extend_floor', seconds: 5 }), ID.mod, T0 + 106_000);
    expect(later.floor).toMatchObject({ deadline: T0 + 125_000, warned: false });
    const far = apply(s, cmd({ type: 'extend_floor', seconds: 60 }), ID.mod, T0 + 106_000);
    expect(far.floor).toMatchObject({ deadline: T0 + 180_000, warned: false });
    expect(nextFloorTimer(far)).toEqual({ kind: 'warn', at: T0 + 165_000, grantedAt: T0 });
    // The expiry of the old deadline is no longer due.
    expect(errorCode(attempt(far, { type: 'expire_floor', grantedAt: T0 }, 'system', T0 + 120_000))).toBe('not_due');
  });

  it('accumulates speaking time over several turns', () => {
    let s = grant(fixture(), ID.alice);
    s = apply(s, cmd({ type: 'end_floor' }), ID.mod, T0 + 10_000);
    s = grant(s, ID.alice, T0 + 20_000);
    s = apply(s, { type: 'expire_floor', grantedAt: T0 + 20_000 }, 'system', T0 + 140_000);
    expect(s.members.get(ID.alice)).toMatchObject({ spokenMs: 130_000, floorCount: 2, hadFloor: true });
  });
});

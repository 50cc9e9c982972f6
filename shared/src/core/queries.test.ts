import { describe, expect, it } from 'vitest';
import { apply, cmd, fixture, ID, joinCmd, script } from '../testing/fixtures';
import {
  impersonatedBy,
  isBannedDevice,
  isBannedIp,
  isOnStage,
  presentCount,
  queuePosition,
  roleOf,
  statusOf,
} from './queries';

describe('queries', () => {
  it('statusOf covers every way a person can stand', () => {
    let s = script(fixture(), [
      [{ type: 'leave', identity: ID.alice }, 'system'],
      [cmd({ type: 'remove', participant: ID.bob }), ID.mod],
      [cmd({ type: 'ban', participant: ID.carol, reason: 'x' }), ID.mod],
      [joinCmd('p_two', 'participant'), 'system'],
      [cmd({ type: 'deny', participant: 'p_two' }), ID.mod],
      [joinCmd('p_three', 'participant'), 'system'],
      [cmd({ type: 'ban', participant: 'p_three', reason: 'x' }), ID.mod],
    ]);
    s = apply(s, joinCmd(ID.bob, 'participant'), 'system'); // removed, knocking again
    expect(
      [ID.dave, ID.alice, ID.bob, ID.carol, 'p_two', 'p_three', ID.waiter, 'p_nobody'].map((id) => statusOf(s, id)),
    ).toEqual(['present', 'left', 'lobby', 'banned', 'denied', 'banned', 'lobby', null]);
    expect(roleOf(s, ID.waiter)).toBe('participant');
    expect(roleOf(s, 'p_nobody')).toBeNull();
  });

  it('presentCount, queuePosition, isOnStage', () => {
    const s = script(fixture(), [
      [cmd({ type: 'raise_hand' }), ID.bob],
      [cmd({ type: 'raise_hand' }), ID.carol],
      [cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod],
    ]);
    expect(presentCount(s)).toBe(10);
    expect(presentCount(s, ['participant'])).toBe(4);
    expect([ID.bob, ID.carol, ID.dave].map((id) => queuePosition(s, id))).toEqual([0, 1, null]);
    expect([ID.host, ID.speaker, ID.alice, ID.bob, ID.waiter].map((id) => isOnStage(s, id))).toEqual([true, true, true, false, false]);
  });

  it('device and ip bans', () => {
    let s = apply(fixture(), cmd({ type: 'ban', participant: ID.bob, reason: 'x' }), ID.mod);
    expect(isBannedDevice(s, `dev-${ID.bob}`)).toBe(true);
    expect(isBannedDevice(s, null)).toBe(false);
    expect(isBannedIp(s, `ip-${ID.bob}`)).toBe(false);
    s = apply(s, cmd({ type: 'ban', participant: ID.carol, reason: 'x', ip: true }), ID.mod);
    expect(isBannedIp(s, `ip-${ID.carol}`)).toBe(true);
  });

  it('impersonatedBy finds the staff or speaker a name passes for', () => {
    const s = apply(fixture(), cmd({ type: 'rename', participant: ID.speaker, name: 'Dr. Amina Yusuf' }), ID.mod);
    const members = () => s.members.values();
    expect(impersonatedBy(members(), 'Dr Amina Yusuf')).toBe(ID.speaker);
    expect(impersonatedBy(members(), 'DR. AMlNA YUSUF')).toBe(ID.speaker);
    expect(impersonatedBy(members(), 'Host')).toBe(ID.host);
    expect(impersonatedBy(members(), 'Dr Amina Yusuf', ID.speaker)).toBeNull(); // your own name is yours
    expect(impersonatedBy(members(), 'Bob')).toBeNull(); // participants are not protected names
    expect(impersonatedBy(members(), 'Amina')).toBeNull();
    expect(impersonatedBy(members(), '...')).toBeNull();
    // Only people present hold their name: once the speaker has left, it is free again.
    const gone = apply(s, joinCmd('p_x', 'participant'), 'system');
    expect(impersonatedBy(apply(gone, { type: 'leave', identity: ID.speaker }, 'system').members.values(), 'Dr Amina Yusuf')).toBeNull();
  });
});

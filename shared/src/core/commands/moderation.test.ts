import { describe, expect, it } from 'vitest';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, joinCmd, script, T0 } from '../../testing/fixtures';
import { livekitPermissionFor } from '../grants';
import type { CallState } from '../state';

const types = (d: ReturnType<typeof attempt>) => (d.ok ? d.events.map((e) => e.type) : d.error.code);

describe('remove', () => {
  it('takes the person out, ending their floor and hand, with the reason on the event', () => {
    const s = script(fixture(), [
      [cmd({ type: 'raise_hand' }), ID.bob],
      [cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod],
    ]);
    expect(types(attempt(s, cmd({ type: 'remove', participant: ID.bob, reason: 'heckling' }), ID.mod))).toEqual([
      'hand_lowered',
      'member_removed',
    ]);
    const d = expectOk(attempt(s, cmd({ type: 'remove', participant: ID.alice }), ID.mod));
    expect(d.map((e) => e.type)).toEqual(['floor_ended', 'member_removed']);
    expect(d[1]).toMatchObject({ participant: ID.alice, reason: null });
    const after = apply(s, cmd({ type: 'remove', participant: ID.bob, reason: 'heckling' }), ID.mod);
    expect(after.members.get(ID.bob)!.status).toBe('removed');
    expect(after.queue).toEqual([]);
    expect(livekitPermissionFor(after, ID.bob)).toBeNull();
  });

  it.each([
    ['a waiter (deny is for the lobby)', ID.waiter],
    ['someone who left', ID.carol],
    ['a stranger', 'p_nobody'],
  ])('refuses %s with not_found', (_n, who) => {
    const s = apply(fixture(), { type: 'leave', identity: ID.carol }, 'system');
    expect(errorCode(attempt(s, cmd({ type: 'remove', participant: who }), ID.mod))).toBe('not_found');
  });
});

describe('ban', () => {
  it('records who, why, by whom, and the fingerprints to hold', () => {
    const s = apply(fixture(), cmd({ type: 'ban', participant: ID.bob, reason: 'raid', ip: true }), ID.mod, T0 + 9);
    expect(s.bans.get(ID.bob)).toEqual({
      identity: ID.bob,
      name: 'Bob',
      role: 'participant',
      reason: 'raid',
      by: ID.mod,
      at: T0 + 9,
      ip: true,
      device: `dev-${ID.bob}`,
      ipHash: `ip-${ID.bob}`,
      scope: 'call',
      expiresAt: null,
    });
    expect(s.members.get(ID.bob)!.status).toBe('banned');
  });

  it("reaches the coalition by default from a host, the call from a moderator, who may not ask for more", () => {
    const byHost = expectOk(attempt(fixture(), cmd({ type: 'ban', participant: ID.bob, reason: 'raid' }), ID.host));
    expect(byHost.at(-1)).toMatchObject({ type: 'member_banned', scope: 'coalition' });
    const narrow = expectOk(attempt(fixture(), cmd({ type: 'ban', participant: ID.bob, reason: 'raid', scope: 'call' }), ID.host));
    expect(narrow.at(-1)).toMatchObject({ scope: 'call' });
    expect(errorCode(attempt(fixture(), cmd({ type: 'ban', participant: ID.bob, reason: 'raid', scope: 'coalition' }), ID.mod))).toBe('forbidden');
  });

  it('copies the attached reports and chat lines, and ends when its duration runs out', () => {
    let s = script(fixture(), [
      [cmd({ type: 'chat_send', text: 'buy my stuff' }), ID.bob],
      [cmd({ type: 'report', participant: ID.bob, reason: 'spam' }), ID.alice],
    ]);
    const line = s.chat.at(-1)!;
    const report = s.reports.at(-1)!;
    const ban = cmd({ type: 'ban', participant: ID.bob, reason: 'spam', durationMin: 60, reports: [report.id], messages: [line.id] });
    const [event] = expectOk(attempt(s, ban, ID.mod, T0 + 5)).filter((e) => e.type === 'member_banned');
    expect(event).toMatchObject({
      expiresAt: T0 + 5 + 3_600_000,
      evidence: { reports: [report], chat: [{ id: line.id, from: ID.bob, name: 'Bob', text: 'buy my stuff', at: line.at }] },
    });
    // An id that is not in the call is refused, not dropped: the moderator meant to attach it.
    expect(errorCode(attempt(s, cmd({ type: 'ban', participant: ID.bob, reason: 'x', messages: ['nope'] }), ID.mod))).toBe('not_found');
    s = apply(s, ban, ID.mod, T0 + 5);
    expect(s.bans.get(ID.bob)!.expiresAt).toBe(T0 + 5 + 3_600_000);
  });

  it('the server lifts a ban (lift_ban): member_unbanned by system; nothing when there is none', () => {
    const s = apply(fixture(), cmd({ type: 'ban', participant: ID.bob, reason: 'raid' }), ID.mod);
    const events = expectOk(attempt(s, { type: 'lift_ban', identity: ID.bob }, 'system'));
    expect(events).toEqual([{ type: 'member_unbanned', participant: ID.bob, at: T0, by: 'system' }]);
    expect(apply(s, { type: 'lift_ban', identity: ID.bob }, 'system').bans.has(ID.bob)).toBe(false);
    expect(expectOk(attempt(fixture(), { type: 'lift_ban', identity: ID.bob }, 'system'))).toEqual([]);
  });

  it('works on someone who already left, and on a removed person knocking again', () => {
    let s = apply(fixture(), { type: 'leave', identity: ID.bob }, 'system');
    expect(types(attempt(s, cmd({ type: 'ban', participant: ID.bob, reason: 'raid' }), ID.mod))).toEqual(['member_banned']);
    s = script(fixture(), [
      [cmd({ type: 'remove', participant: ID.bob }), ID.mod],
      [joinCmd(ID.bob, 'participant', { device: 'dev-other' }), 'system'],
      [cmd({ type: 'ban', participant: ID.bob, reason: 'back again' }), ID.mod],
    ]);
    expect(s.lobby.get(ID.bob)).toBeUndefined();
    // The fingerprint of the live attempt, not the old one.
    expect(s.bans.get(ID.bob)!.device).toBe('dev-other');
  });

  it('banning twice changes nothing; unban of someone not banned is not_found', () => {
    const s = apply(fixture(), cmd({ type: 'ban', participant: ID.bob, reason: 'raid' }), ID.mod);
    expect(expectOk(attempt(s, cmd({ type: 'ban', participant: ID.bob, reason: 'again' }), ID.mod))).toEqual([]);
    expect(errorCode(attempt(s, cmd({ type: 'unban', participant: ID.carol }), ID.mod))).toBe('not_found');
  });
});

describe('mute, silence, camera', () => {
  it('mute is a one-shot event that changes no state', () => {
    const s = fixture();
    const events = expectOk(attempt(s, cmd({ type: 'mute', participant: ID.speaker }), ID.mod));
    expect(events).toEqual([{ type: 'member_muted', participant: ID.speaker, at: T0, by: ID.mod }]);
    expect(apply(s, cmd({ type: 'mute', participant: ID.speaker }), ID.mod)).toEqual(s);
  });

  it('mute_all lists everyone the actor outranks who can publish a microphone', () => {
    const s = apply(fixture(), cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod);
    const byMod = expectOk(attempt(s, cmd({ type: 'mute_all' }), ID.mod));
    expect(byMod).toMatchObject([{ type: 'all_muted', participants: [ID.alice, ID.speaker, ID.speaker2] }]);
    const byHost = expectOk(attempt(s, cmd({ type: 'mute_all' }), ID.host));
    expect(byHost).toMatchObject([{ participants: [ID.mod, ID.mod2, ID.alice, ID.speaker, ID.speaker2].sort() }]);
  });

  it('silence ends the floor, lowers the hand, and is undone only by unsilence', () => {
    let s = script(fixture(), [
      [cmd({ type: 'raise_hand' }), ID.bob],
      [cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod],
    ]);
    expect(types(attempt(s, cmd({ type: 'silence', participant: ID.alice }), ID.mod))).toEqual(['floor_ended', 'member_silenced']);
    expect(types(attempt(s, cmd({ type: 'silence', participant: ID.bob }), ID.mod))).toEqual(['hand_lowered', 'member_silenced']);
    s = apply(s, cmd({ type: 'silence', participant: ID.speaker }), ID.mod);
    expect(livekitPermissionFor(s, ID.speaker)!.canPublishSources).toEqual(['camera', 'screen_share']);
    expect(expectOk(attempt(s, cmd({ type: 'silence', participant: ID.speaker }), ID.mod))).toEqual([]);
    s = apply(s, cmd({ type: 'unsilence', participant: ID.speaker }), ID.mod);
    expect(s.members.get(ID.speaker)!.silenced).toBe(false);
    expect(expectOk(attempt(s, cmd({ type: 'unsilence', participant: ID.speaker }), ID.mod))).toEqual([]);
  });

  it('silence and camera_off can be put on someone who left, and hold when they return', () => {
    let s = script(fixture(), [
      [{ type: 'leave', identity: ID.speaker }, 'system'],
      [cmd({ type: 'silence', participant: ID.speaker }), ID.mod],
      [cmd({ type: 'camera_off', participant: ID.speaker }), ID.mod],
      [joinCmd(ID.speaker, 'speaker'), 'system'],
    ]);
    expect(livekitPermissionFor(s, ID.speaker)!.canPublishSources).toEqual(['screen_share']);
    s = apply(s, cmd({ type: 'camera_on', participant: ID.speaker }), ID.mod);
    expect(s.members.get(ID.speaker)!.cameraOff).toBe(false);
  });
});

describe('roles', () => {
  const raisedAndHolding = (): CallState =>
    script(fixture(), [
      [cmd({ type: 'raise_hand' }), ID.bob],
      [cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod],
    ]);

  it.each([
    ['promote a participant in the queue', cmd({ type: 'promote', participant: ID.bob }), ID.mod, ['hand_lowered', 'role_changed']],
    ['promote the floor holder', cmd({ type: 'promote', participant: ID.alice }), ID.mod, ['floor_ended', 'role_changed']],
    ['promote a speaker', cmd({ type: 'promote', participant: ID.speaker }), ID.mod, []],
    ['promote a moderator', cmd({ type: 'promote', participant: ID.mod2 }), ID.host, 'invalid'],
    ['demote a speaker', cmd({ type: 'demote', participant: ID.speaker }), ID.mod, ['role_changed']],
    ['demote a participant', cmd({ type: 'demote', participant: ID.carol }), ID.mod, []],
    ['demote a moderator', cmd({ type: 'demote', participant: ID.mod2 }), ID.host, 'invalid'],
    ['appoint the floor holder (keeps the floor)', cmd({ type: 'appoint_moderator', participant: ID.alice }), ID.host, ['role_changed']],
    ['appoint a moderator', cmd({ type: 'appoint_moderator', participant: ID.mod }), ID.host, []],
    ['dismiss a moderator', cmd({ type: 'dismiss_moderator', participant: ID.mod }), ID.host, ['role_changed']],
    ['dismiss a speaker', cmd({ type: 'dismiss_moderator', participant: ID.speaker }), ID.host, []],
    ['promote someone who left', cmd({ type: 'promote', participant: ID.dave }), ID.mod, 'not_found'],
  ] as const)('%s -> %j', (_n, command, actor, expected) => {
    const s = apply(raisedAndHolding(), { type: 'leave', identity: ID.dave }, 'system');
    expect(types(attempt(s, command, actor))).toEqual(expected);
  });

  it('role_changed records the previous role; a dismissed moderator returns to the audience', () => {
    let s = apply(fixture(), cmd({ type: 'appoint_moderator', participant: ID.speaker }), ID.host);
    const [event] = expectOk(attempt(s, cmd({ type: 'dismiss_moderator', participant: ID.speaker }), ID.host));
    expect(event).toMatchObject({ type: 'role_changed', role: 'participant', previous: 'moderator' });
    s = apply(s, cmd({ type: 'dismiss_moderator', participant: ID.speaker }), ID.host);
    expect(livekitPermissionFor(s, ID.speaker)!.canPublish).toBe(false);
  });

  it('rename normalises the name and refuses hostile ones', () => {
    const s = apply(fixture(), cmd({ type: 'rename', participant: ID.bob, name: '  Robert \t Smith ' }), ID.mod);
    expect(s.members.get(ID.bob)!.name).toBe('Robert Smith');
    expect(errorCode(attempt(s, cmd({ type: 'rename', participant: ID.bob, name: '\u202Etsoh' }), ID.mod))).toBe('invalid');
    expect(expectOk(attempt(s, cmd({ type: 'rename', participant: ID.bob, name: 'Robert Smith' }), ID.mod))).toEqual([]);
  });
});

describe('reports', () => {
  it('are stored for the moderators with the reporter and reason', () => {
    const s = apply(fixture(), cmd({ type: 'report', participant: ID.bob, reason: ' slurs ' }), ID.alice, T0 + 1);
    expect(s.reports).toEqual([{ id: expect.any(String), by: ID.alice, participant: ID.bob, reason: 'slurs', at: T0 + 1 }]);
  });

  it.each([
    ['yourself', ID.alice, 'invalid'],
    ['a stranger', 'p_nobody', 'not_found'],
  ])('refuses reporting %s', (_n, who, code) => {
    expect(errorCode(attempt(fixture(), cmd({ type: 'report', participant: who, reason: 'x' }), ID.alice))).toBe(code);
  });
});

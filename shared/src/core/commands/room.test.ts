import { describe, expect, it } from 'vitest';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, joinCmd, script, T0 } from '../../testing/fixtures';
import { livekitPermissionFor } from '../grants';
import { initialState, type CallState } from '../state';
import { DEFAULT_CALL_SETTINGS } from '../../protocol/settings';

describe('suspend and restore', () => {
  // Lock off, lobby off, chat on; bob already silenced by hand; alice holds the floor.
  const before = (): CallState =>
    script(fixture(), [
      [cmd({ type: 'set_lobby', enabled: false }), ID.host],
      [cmd({ type: 'silence', participant: ID.bob }), ID.mod],
      [cmd({ type: 'raise_hand' }), ID.carol],
      [cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod],
    ]);

  it('does everything in one decision', () => {
    const events = expectOk(attempt(before(), cmd({ type: 'suspend' }), ID.mod, T0 + 4000));
    expect(events.map((e) => e.type)).toEqual(['floor_ended', 'call_suspended']);
    expect(events[0]).toMatchObject({ participant: ID.alice, reason: 'suspended', spokenMs: 4000 });
    // Participants not already silenced; the stage keeps its voice.
    expect(events[1]).toMatchObject({
      prevLocked: false,
      prevLobby: false,
      prevChatEnabled: true,
      silenced: [ID.alice, ID.carol, ID.dave, ID.waiter].sort(),
    });
    const s = apply(before(), cmd({ type: 'suspend' }), ID.mod);
    expect(s.settings).toMatchObject({ locked: true, lobby: true, chatEnabled: false });
    expect(s.floor).toBeNull();
    expect(s.queue.map((e) => e.identity)).toEqual([ID.carol]); // hands survive
    expect(livekitPermissionFor(s, ID.speaker)!.canPublishSources).toContain('microphone');
    expect(errorCode(attempt(s, joinCmd('p_new', 'participant'), 'system'))).toBe('locked');
    expect(errorCode(attempt(s, cmd({ type: 'chat_send', text: 'x' }), ID.carol))).toBe('chat_disabled');
  });

  it('restore undoes exactly what suspend changed', () => {
    const pre = before();
    const s = script(pre, [
      [cmd({ type: 'suspend' }), ID.mod],
      [cmd({ type: 'restore' }), ID.host],
    ]);
    expect(s.settings).toEqual(pre.settings);
    expect(s.suspended).toBeNull();
    for (const id of [...pre.members.identities()]) expect(s.members.get(id)!.silenced).toBe(pre.members.get(id)!.silenced);
    expect(s.members.get(ID.bob)!.silenced).toBe(true); // silenced on purpose before: stays
  });

  it('keeps what was already on, and what moderators decided during the suspension', () => {
    const s = script(before(), [
      [cmd({ type: 'set_lock', locked: true }), ID.mod],
      [cmd({ type: 'suspend' }), ID.mod],
      // During the suspension: carol is let speak again by hand, then dave is silenced for cause
      // after being unsilenced: restore must leave both decisions alone.
      [cmd({ type: 'unsilence', participant: ID.carol }), ID.mod],
      [cmd({ type: 'unsilence', participant: ID.dave }), ID.mod],
      [cmd({ type: 'silence', participant: ID.dave }), ID.mod],
      [cmd({ type: 'restore' }), ID.mod],
    ]);
    expect(s.settings).toMatchObject({ locked: true, lobby: false, chatEnabled: true });
    expect(s.members.get(ID.carol)!.silenced).toBe(false);
    expect(s.members.get(ID.dave)!.silenced).toBe(true);
    expect(s.members.get(ID.alice)!.silenced).toBe(false);
  });

  it('covers newcomers: whoever comes back meanwhile knocks (the call is locked) and arrives silenced; restore lifts it', () => {
    let s = apply(before(), { type: 'leave', identity: ID.dave }, 'system');
    s = script(s, [
      [cmd({ type: 'suspend' }), ID.mod],
      [joinCmd(ID.dave, 'participant'), 'system'],
    ]);
    expect(s.lobby.get(ID.dave)?.status).toBe('waiting');
    s = script(s, [[cmd({ type: 'admit', participant: ID.dave }), ID.mod]]);
    expect(s.members.get(ID.dave)).toMatchObject({ status: 'present', silenced: true });
    expect(livekitPermissionFor(s, ID.dave)!.canPublish).toBe(false);
    s = script(s, [[cmd({ type: 'restore' }), ID.mod]]);
    expect(s.members.get(ID.dave)!.silenced).toBe(false);
  });

  it('covers a speaker who arrives during it: no publishing at all until staff lift it', () => {
    let s = script(before(), [[cmd({ type: 'suspend' }), ID.mod]]);
    s = script(s, [[joinCmd('p_spknew', 'speaker'), 'system']]);
    expect(s.members.get('p_spknew')).toMatchObject({ status: 'present', silenced: true });
    expect(livekitPermissionFor(s, 'p_spknew')!.canPublish).toBe(false);
    s = script(s, [[cmd({ type: 'unsilence', participant: 'p_spknew' }), ID.mod]]);
    expect(livekitPermissionFor(s, 'p_spknew')!.canPublishSources).toContain('microphone');
  });

  it('lock means lock: a participant who left is refused while the call is locked', () => {
    let s = apply(before(), { type: 'leave', identity: ID.dave }, 'system');
    s = script(s, [[cmd({ type: 'set_lock', locked: true }), ID.mod]]);
    expect(errorCode(attempt(s, joinCmd(ID.dave, 'participant'), 'system'))).toBe('locked');
  });

  it('double suspend and restore-without-suspend change nothing', () => {
    const s = apply(before(), cmd({ type: 'suspend' }), ID.mod);
    expect(expectOk(attempt(s, cmd({ type: 'suspend' }), ID.host))).toEqual([]);
    expect(expectOk(attempt(before(), cmd({ type: 'restore' }), ID.host))).toEqual([]);
  });
});

describe('lock and end', () => {
  it('set_lock toggles, and is a no-op when already so', () => {
    const s = apply(fixture(), cmd({ type: 'set_lock', locked: true }), ID.mod);
    expect(s.settings.locked).toBe(true);
    expect(expectOk(attempt(s, cmd({ type: 'set_lock', locked: true }), ID.mod))).toEqual([]);
  });

  it('end_call closes the call for good', () => {
    const s = apply(fixture(), cmd({ type: 'end_call' }), ID.host);
    expect(s.status).toBe('ended');
    expect(livekitPermissionFor(s, ID.host)).toBeNull();
    expect(errorCode(attempt(s, cmd({ type: 'end_call' }), ID.host))).toBe('call_ended');
    expect(errorCode(attempt(s, joinCmd(ID.host, 'host'), 'system'))).toBe('call_ended');
  });
});

describe('format', () => {
  it('only the host switches it; switching to the same format changes nothing', () => {
    expect(fixture().settings.format).toBe('stage');
    const events = expectOk(attempt(fixture(), cmd({ type: 'set_format', format: 'conversation' }), ID.host));
    expect(events).toEqual([{ type: 'format_changed', format: 'conversation', at: T0, by: ID.host }]);
    const s = apply(fixture(), cmd({ type: 'set_format', format: 'conversation' }), ID.host);
    expect(s.settings.format).toBe('conversation');
    expect(expectOk(attempt(s, cmd({ type: 'set_format', format: 'conversation' }), ID.host))).toEqual([]);
    expect(errorCode(attempt(fixture(), cmd({ type: 'set_format', format: 'conversation' }), ID.mod))).toBe('forbidden');
  });

  it('the call can start in conversation format; the queue and the floor work as before', () => {
    let s = fixture({ format: 'conversation' });
    expect(s.settings.format).toBe('conversation');
    s = script(s, [
      [cmd({ type: 'raise_hand' }), ID.bob],
      [cmd({ type: 'next_speaker' }), ID.mod],
    ]);
    expect(s.floor?.identity).toBe(ID.bob);
    expect(livekitPermissionFor(s, ID.bob)!.canPublishSources).toEqual(['camera', 'microphone']);
    expect(livekitPermissionFor(s, ID.carol)!.canPublishSources).toEqual(['camera']);
  });
});

describe('close_call (an organizer ends the call from the console)', () => {
  it('ends the call as end_call does, from the system only, and only once', () => {
    const s0 = apply(initialState('call_1', DEFAULT_CALL_SETTINGS), joinCmd(ID.host, 'host'), 'system');
    expect(errorCode(attempt(s0, { type: 'close_call' } as never, ID.host))).toBe('forbidden');
    const ended = apply(s0, { type: 'close_call' }, 'system');
    expect(ended.status).toBe('ended');
    expect(errorCode(attempt(ended, { type: 'close_call' }, 'system'))).toBe('call_ended');
  });
});

import { describe, expect, it } from 'vitest';
import { apply, cmd, fixture, ID, script } from '../testing/fixtures';
import { livekitPermissionFor, permissionDiff, type TrackSource } from './grants';
import type { CallState } from './state';

const ALL: TrackSource[] = ['camera', 'microphone', 'screen_share', 'screen_share_audio'];
const sources = (s: CallState, id: string) => {
  const p = livekitPermissionFor(s, id);
  return p === null ? null : p.canPublish ? p.canPublishSources : 'none';
};

const conversation = (s: CallState) => apply(s, cmd({ type: 'set_format', format: 'conversation' }), ID.host);

describe('livekitPermissionFor', () => {
  const floorAlice = (s: CallState) => apply(s, cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod);
  const rows: Array<[string, (s: CallState) => CallState, string, TrackSource[] | 'none' | null]> = [
    ['host', (s) => s, ID.host, ALL],
    ['moderator', (s) => s, ID.mod, ALL],
    ['speaker', (s) => s, ID.speaker, ALL],
    ['participant', (s) => s, ID.bob, 'none'],
    ['floor holder', floorAlice, ID.alice, ['camera', 'microphone']],
    ['silenced speaker: no mic, no screen-share audio', (s) => apply(s, cmd({ type: 'silence', participant: ID.speaker }), ID.mod), ID.speaker, ['camera', 'screen_share']],
    ['speaker with camera off', (s) => apply(s, cmd({ type: 'camera_off', participant: ID.speaker }), ID.mod), ID.speaker, ['microphone', 'screen_share', 'screen_share_audio']],
    ['floor holder when the host lets the floor share a screen', (s) => floorAlice(apply(s, cmd({ type: 'set_floor_screen_share', enabled: true }), ID.host)), ID.alice, ['camera', 'microphone', 'screen_share']],
    ['the audience still shares nothing when the floor may share', (s) => apply(s, cmd({ type: 'set_floor_screen_share', enabled: true }), ID.host), ID.bob, 'none'],
    ['floor holder with camera off', (s) => apply(floorAlice(s), cmd({ type: 'camera_off', participant: ID.alice }), ID.mod), ID.alice, ['microphone']],
    ['staff keep their voice while suspended', (s) => apply(s, cmd({ type: 'suspend' }), ID.mod), ID.mod, ALL],
    ['waiter', (s) => s, ID.waiter, null],
    ['left', (s) => apply(s, { type: 'leave', identity: ID.bob }, 'system'), ID.bob, null],
    ['removed', (s) => apply(s, cmd({ type: 'remove', participant: ID.bob }), ID.mod), ID.bob, null],
    ['banned', (s) => apply(s, cmd({ type: 'ban', participant: ID.bob, reason: 'x' }), ID.mod), ID.bob, null],
    ['stranger', (s) => s, 'p_nobody', null],
    ['anyone after the call ended', (s) => apply(s, cmd({ type: 'end_call' }), ID.host), ID.host, null],
    // Conversation format: the audience may show their faces; voices still need the floor.
    ['conversation: participant, camera only', conversation, ID.bob, ['camera']],
    ['conversation: floor holder, camera and microphone', (s) => floorAlice(conversation(s)), ID.alice, ['camera', 'microphone']],
    ['conversation: camera off by a moderator: nothing', (s) => apply(conversation(s), cmd({ type: 'camera_off', participant: ID.bob }), ID.mod), ID.bob, 'none'],
    ['conversation: silenced participant keeps the camera', (s) => apply(conversation(s), cmd({ type: 'silence', participant: ID.bob }), ID.mod), ID.bob, ['camera']],
    ['conversation: speaker unchanged', conversation, ID.speaker, ALL],
    ['conversation, suspended: the audience gets nothing', (s) => apply(conversation(s), cmd({ type: 'suspend' }), ID.mod), ID.bob, 'none'],
    ['conversation, suspended: staff keep everything', (s) => apply(conversation(s), cmd({ type: 'suspend' }), ID.mod), ID.host, ALL],
    ['conversation: waiter still nothing', conversation, ID.waiter, null],
    ['back to stage: participant listen-only again', (s) => apply(conversation(s), cmd({ type: 'set_format', format: 'stage' }), ID.host), ID.bob, 'none'],
  ];
  it.each(rows)('%s', (_n, prepare, id, expected) => expect(sources(prepare(fixture()), id)).toEqual(expected));

  it('a silenced floor holder with the camera off may publish nothing', () => {
    // Silence ends the floor, so build the state by folding the flags directly onto a holder.
    const s = script(fixture(), [
      [cmd({ type: 'camera_off', participant: ID.speaker }), ID.mod],
      [cmd({ type: 'silence', participant: ID.speaker }), ID.mod],
    ]);
    expect(livekitPermissionFor(s, ID.speaker)!.canPublishSources).toEqual(['screen_share']);
    const noStage = apply(s, cmd({ type: 'demote', participant: ID.speaker }), ID.mod);
    expect(livekitPermissionFor(noStage, ID.speaker)).toEqual({
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      canPublishSources: [],
      hidden: false,
    });
  });

  it('always sends every field, with data publishing off', () => {
    for (const id of [ID.host, ID.speaker, ID.bob]) {
      const p = livekitPermissionFor(fixture(), id)!;
      expect(Object.keys(p).sort()).toEqual(['canPublish', 'canPublishData', 'canPublishSources', 'canSubscribe', 'hidden']);
      expect(p.canPublishData).toBe(false);
      expect(p.canPublish || p.canPublishSources.length === 0).toBe(true);
      expect(!p.canPublish || p.canPublishSources.length > 0).toBe(true);
    }
  });
});

describe('permissionDiff', () => {
  it('lists exactly the people whose permission changed', () => {
    const a = fixture();
    const b = apply(a, cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod);
    expect(permissionDiff(a, b)).toEqual([{ identity: ID.alice, permission: livekitPermissionFor(b, ID.alice) }]);
    const c = apply(b, cmd({ type: 'grant_floor', participant: ID.bob }), ID.mod);
    expect(permissionDiff(b, c).map((x) => x.identity)).toEqual([ID.alice, ID.bob]);
  });

  it("letting the floor share a screen touches only the floor-holder's permission", () => {
    const a = apply(fixture(), cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod);
    const b = apply(a, cmd({ type: 'set_floor_screen_share', enabled: true }), ID.host);
    expect(permissionDiff(a, b)).toEqual([{ identity: ID.alice, permission: livekitPermissionFor(b, ID.alice) }]);
    expect(livekitPermissionFor(b, ID.alice)!.canPublishSources).toContain('screen_share');
    const c = apply(b, cmd({ type: 'set_floor_screen_share', enabled: false }), ID.host);
    expect(livekitPermissionFor(c, ID.alice)!.canPublishSources).not.toContain('screen_share');
    expect(permissionDiff(fixture(), apply(fixture(), cmd({ type: 'set_floor_screen_share', enabled: true }), ID.host))).toEqual([]);
  });

  it('suspend touches the whole audience and nobody on stage', () => {
    const a = fixture();
    const b = apply(a, cmd({ type: 'suspend' }), ID.mod);
    // Nobody in the audience could publish before, so nothing changes in LiveKit...
    expect(permissionDiff(a, b)).toEqual([]);
    // ...but a floor holder loses the floor and so their rights.
    const held = apply(a, cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod);
    expect(permissionDiff(held, apply(held, cmd({ type: 'suspend' }), ID.mod))).toEqual([
      { identity: ID.alice, permission: { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [], hidden: false } },
    ]);
  });

  it('removal maps to null; a rename changes nothing', () => {
    const a = fixture();
    expect(permissionDiff(a, apply(a, cmd({ type: 'remove', participant: ID.speaker }), ID.mod))).toEqual([
      { identity: ID.speaker, permission: null },
    ]);
    expect(permissionDiff(a, apply(a, cmd({ type: 'rename', participant: ID.speaker, name: 'Dr. S' }), ID.mod))).toEqual([]);
  });

  it('admission from the lobby grants the subscriber permission', () => {
    const a = fixture();
    const b = apply(a, cmd({ type: 'admit', participant: ID.waiter }), ID.mod);
    expect(permissionDiff(a, b)).toEqual([{ identity: ID.waiter, permission: livekitPermissionFor(b, ID.waiter) }]);
  });

  it('switching the format touches every participant present, and nobody on stage', () => {
    const a = fixture();
    const b = conversation(a);
    const camera = { canSubscribe: true, canPublish: true, canPublishData: false, canPublishSources: ['camera'], hidden: false };
    expect(permissionDiff(a, b)).toEqual([ID.alice, ID.bob, ID.carol, ID.dave].sort().map((identity) => ({ identity, permission: camera })));
    const back = apply(b, cmd({ type: 'set_format', format: 'stage' }), ID.host);
    expect(permissionDiff(b, back).map((c) => [c.identity, c.permission?.canPublish])).toEqual(
      [ID.alice, ID.bob, ID.carol, ID.dave].sort().map((id) => [id, false]),
    );
    // The floor holder keeps their microphone through a switch.
    const held = apply(b, cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod);
    const heldBack = apply(held, cmd({ type: 'set_format', format: 'stage' }), ID.host);
    expect(livekitPermissionFor(heldBack, ID.alice)!.canPublishSources).toEqual(['camera', 'microphone']);
  });

  it('in conversation, the panic button takes every audience camera and restore gives them back', () => {
    const a = conversation(fixture());
    const b = apply(a, cmd({ type: 'suspend' }), ID.mod);
    expect(permissionDiff(a, b).map((c) => [c.identity, c.permission?.canPublish])).toEqual(
      [ID.alice, ID.bob, ID.carol, ID.dave].sort().map((id) => [id, false]),
    );
    const c = apply(b, cmd({ type: 'restore' }), ID.mod);
    expect(permissionDiff(b, c).map((x) => x.permission?.canPublishSources)).toEqual([['camera'], ['camera'], ['camera'], ['camera']]);
  });
});

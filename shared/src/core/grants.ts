// What each person may do in the LiveKit room, derived from the moderation state alone. The
// shell reconciles LiveKit with this after every event (permissionDiff) and on a timer; nothing
// here reads LiveKit. LiveKit's updateParticipant REPLACES the whole permission set, so this
// always returns every field.
import type { Identity } from '../protocol/primitives';
import { TRACK_SOURCES, normalizePermission, permissionKey, type LivekitPermission, type TrackSource } from './livekit-permission';
import { format } from './queries';
import type { CallState } from './state';

export { TRACK_SOURCES, type LivekitPermission, type TrackSource };

/** Sources that carry a voice: silencing must cut both, or screen-share audio becomes a mic. */
const VOICE: readonly TrackSource[] = ['microphone', 'screen_share_audio'];
const STAGE: readonly TrackSource[] = TRACK_SOURCES;
const FLOOR: readonly TrackSource[] = ['camera', 'microphone'];
/** The floor when the host lets the floor-holder share a screen (its audio is a voice: see VOICE). */
const FLOOR_SHARING: readonly TrackSource[] = [...FLOOR, 'screen_share'];
/** A participant in a conversation-format call without the floor: seen, not heard. */
const GALLERY: readonly TrackSource[] = ['camera'];

/** null: this person must not be in the LiveKit room (waiting, gone, removed, banned, call ended). */
export function livekitPermissionFor(state: CallState, identity: Identity): LivekitPermission | null {
  if (state.status === 'ended') return null;
  const m = state.members.get(identity);
  if (!m || m.status !== 'present') return null;
  let sources: readonly TrackSource[] =
    m.role !== 'participant'
      ? STAGE
      : state.floor?.identity === identity
        ? state.settings.floorScreenShare
          ? FLOOR_SHARING
          : FLOOR
        : format(state) === 'conversation'
          ? GALLERY
          : [];
  // A suspended call is silent and unseen for the whole audience, including anyone who rejoined
  // since: the panic button stops audience cameras too.
  // A speaker who arrived during it publishes nothing until staff lift their silence or restore.
  if (state.suspended !== null && (m.role === 'participant' || (m.role === 'speaker' && m.silenced && state.suspended.silencedBySuspend.includes(identity)))) {
    sources = [];
  }
  if (m.silenced) sources = sources.filter((s) => !VOICE.includes(s));
  if (m.cameraOff) sources = sources.filter((s) => s !== 'camera');
  return normalizePermission({ canSubscribe: true, canPublish: true, canPublishData: false, canPublishSources: [...sources], hidden: false });
}

export interface PermissionChange {
  identity: Identity;
  /** null: remove from the room (strip permissions first, then removeParticipant). */
  permission: LivekitPermission | null;
}

/**
 * The people whose LiveKit permission differs between two states. Cheap when little changed:
 * evolve shares unchanged member objects, so only touched members (and the floor holders, also
 * when the floor's screen sharing changes, and everyone when the suspension, the call's status or
 * its format changes) are recomputed.
 */
export function permissionDiff(before: CallState, after: CallState): PermissionChange[] {
  const everyone =
    before.suspended !== after.suspended || before.status !== after.status || format(before) !== format(after);
  const candidates = new Set<Identity>();
  for (const id of after.members.identities()) {
    if (everyone || before.members.get(id) !== after.members.get(id)) candidates.add(id);
  }
  for (const id of before.members.identities()) if (!after.members.has(id)) candidates.add(id);
  if (before.floor?.identity !== after.floor?.identity || before.settings.floorScreenShare !== after.settings.floorScreenShare) {
    if (before.floor) candidates.add(before.floor.identity);
    if (after.floor) candidates.add(after.floor.identity);
  }
  const changes: PermissionChange[] = [];
  for (const id of candidates) {
    const was = livekitPermissionFor(before, id);
    const now = livekitPermissionFor(after, id);
    if (!samePermission(was, now)) changes.push({ identity: id, permission: now });
  }
  return changes.sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}

function samePermission(a: LivekitPermission | null, b: LivekitPermission | null): boolean {
  if (a === null || b === null) return a === b;
  return permissionKey(a) === permissionKey(b);
}

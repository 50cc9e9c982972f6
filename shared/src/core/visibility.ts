// What each person may see. viewFor redacts a state for a snapshot; eventFor redacts (or drops)
// an event for a live stream. They are built to commute with evolve:
//   evolve(viewFor(s, v), eventFor(e, v)) deep-equals viewFor(evolve(s, e), v)
// so a client that folds its events from its snapshot ends where a fresh snapshot would put it
// (visibility.test.ts checks this over random command sequences). That holds for a fixed viewer
// role: when someone's role crosses the staff line the server sends a new snapshot (effectsOf
// -> resnapshot).
//
// - device and ipHash never leave the server (nulled for everyone);
// - the lobby, bans, ban reasons, reports and unbans are for hosts and moderators;
// - to everyone else a ban looks like a removal, and a removal's reason is shown only to staff
//   and to the person removed.
import type { Event } from '../protocol/events';
import type { Identity, Role } from '../protocol/primitives';
import { assertNever } from './evolve';
import { isStaff } from './permissions';
import type { CallState, Member } from './state';

export interface Viewer {
  identity: Identity;
  role: Role;
}

/**
 * The viewer a connected person is, or null while they may see nothing of the call (waiting in
 * the lobby, gone). Fix it when you send a snapshot and use it for the events that follow; when
 * effectsOf says `resnapshot`, take a new one.
 */
export function viewerFor(state: CallState, identity: Identity): Viewer | null {
  const m = state.members[identity];
  return m?.status === 'present' ? { identity, role: m.role } : null;
}

const strip = <T extends { device: string | null; ipHash: string | null }>(x: T): T =>
  x.device === null && x.ipHash === null ? x : { ...x, device: null, ipHash: null };

const mapValues = <T>(record: Record<string, T>, f: (v: T) => T): Record<string, T> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

export function viewFor(state: CallState, viewer: Viewer): CallState {
  const staff = isStaff(viewer.role);
  const publicMember = (m: Member): Member => {
    const stripped = strip(m);
    return !staff && stripped.status === 'banned' ? { ...stripped, status: 'removed' } : stripped;
  };
  return {
    ...state,
    members: mapValues(state.members, publicMember),
    lobby: staff ? mapValues(state.lobby, strip) : {},
    bans: staff ? mapValues(state.bans, strip) : {},
    reports: staff ? state.reports : [],
  };
}

/** The event as this viewer may see it, or null when they must not see it at all. */
export function eventFor(event: Event, viewer: Viewer): Event | null {
  const staff = isStaff(viewer.role);
  switch (event.type) {
    case 'member_joined':
    case 'member_rejoined':
    case 'member_admitted':
      return strip(event);
    case 'member_waiting':
      return staff ? strip(event) : null;
    case 'waiter_left':
    case 'member_denied':
    case 'waiter_renamed':
    case 'member_unbanned':
    case 'reported':
      return staff ? event : null;
    case 'member_removed':
      return staff || viewer.identity === event.participant || event.reason === null
        ? event
        : { ...event, reason: null };
    case 'member_banned':
      return staff
        ? strip(event)
        : { type: 'member_removed', at: event.at, by: event.by, participant: event.participant, reason: null };
    case 'member_left':
    case 'role_changed':
    case 'member_renamed':
    case 'member_muted':
    case 'all_muted':
    case 'member_silenced':
    case 'member_unsilenced':
    case 'camera_disabled':
    case 'camera_enabled':
    case 'hand_raised':
    case 'hand_lowered':
    case 'hand_moved':
    case 'hands_cleared':
    case 'queue_policy_changed':
    case 'floor_granted':
    case 'floor_ended':
    case 'floor_extended':
    case 'floor_warned':
    case 'speaking_limit_changed':
    case 'chat_sent':
    case 'chat_deleted':
    case 'chat_muted':
    case 'chat_unmuted':
    case 'chat_changed':
    case 'lock_changed':
    case 'lobby_changed':
    case 'call_suspended':
    case 'call_restored':
    case 'call_ended':
      return event;
    default:
      return assertNever(event);
  }
}

// One-shot effects the shell must run for an event, beyond reconciling LiveKit permissions with
// permissionDiff. Pure: derived from the event alone, so replaying a log re-derives them (the
// shell runs them only for newly appended events).
import { CLOSE_CODES, type CloseCode } from '../protocol/errors';
import type { Event } from '../protocol/events';
import type { Identity } from '../protocol/primitives';
import { assertNever } from './evolve';
import { isStaff } from './permissions';

export type Effect =
  /** Soft mute: mutePublishedTrack(muted=true) on their microphone tracks. They may unmute. */
  | { kind: 'mute_tracks'; identity: Identity }
  /**
   * Out of the LiveKit room: FIRST updateParticipant with every permission false (the token
   * LiveKit refreshes for them then carries no rights), THEN removeParticipant.
   */
  | { kind: 'remove'; identity: Identity; reason: 'removed' | 'banned' }
  /** Close every socket of this person with this code (after sending the event itself). */
  | { kind: 'close_sockets'; identity: Identity; code: CloseCode }
  /** A waiter was let in: mint their LiveKit token, send `admitted`, then a snapshot. */
  | { kind: 'admitted'; identity: Identity }
  /** What this person may see changed (they became, or stopped being, staff): send a new snapshot. */
  | { kind: 'resnapshot'; identity: Identity }
  /** Close every socket with call_ended (4008) and delete the LiveKit room. */
  | { kind: 'end_call' };

export type EffectKind = Effect['kind'];

export function effectsOf(event: Event): Effect[] {
  switch (event.type) {
    case 'member_muted':
      return [{ kind: 'mute_tracks', identity: event.participant }];
    case 'all_muted':
      return event.participants.map((identity) => ({ kind: 'mute_tracks', identity }));
    case 'member_removed':
      return [
        { kind: 'remove', identity: event.participant, reason: 'removed' },
        { kind: 'close_sockets', identity: event.participant, code: CLOSE_CODES.removed },
      ];
    case 'member_banned':
      return [
        { kind: 'remove', identity: event.participant, reason: 'banned' },
        { kind: 'close_sockets', identity: event.participant, code: CLOSE_CODES.banned },
      ];
    case 'member_denied':
      return [{ kind: 'close_sockets', identity: event.participant, code: CLOSE_CODES.denied }];
    case 'member_admitted':
      return [{ kind: 'admitted', identity: event.participant }];
    case 'role_changed':
      return isStaff(event.role) !== isStaff(event.previous) ? [{ kind: 'resnapshot', identity: event.participant }] : [];
    case 'call_ended':
      return [{ kind: 'end_call' }];
    case 'member_joined':
    case 'member_rejoined':
    case 'member_left':
    case 'member_waiting':
    case 'waiter_left':
    case 'waiter_renamed':
    case 'member_unbanned':
    case 'member_renamed':
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
    case 'reported':
    case 'lock_changed':
    case 'lobby_changed':
    case 'call_suspended':
    case 'call_restored':
    case 'format_changed':
    case 'doors_opened':
      // Permission changes among these are found by permissionDiff; the rest are state only.
      return [];
    default:
      return assertNever(event);
  }
}

// One-shot effects the shell must run for an event, beyond reconciling LiveKit permissions with
// permissionDiff. Pure: derived from the event alone, so replaying a log re-derives them (the
// shell runs them only for newly appended events).
import type { CloseCode } from '../protocol/errors';
import type { Event } from '../protocol/events';
import type { Identity } from '../protocol/primitives';
import { specOf } from './event-specs';

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

/** What the shell must do about this event (its family's table: events/<family>.ts). */
export function effectsOf(event: Event): Effect[] {
  return specOf(event).effects(event);
}

// Human sentences for events: the audit log, the aria-live announcements and the toasts all say
// the same thing. Names are looked up in the state as it was BEFORE the event (a removed person
// still has a name then). Plain text only: React renders it escaped.
import type { CallState, Event, Identity, Lane } from '@caucus/shared';
import { assertNever } from './socket';

export const LANE_LABELS: Record<Lane, string> = {
  point_of_order: 'Point of order',
  direct_response: 'Direct response',
  speak: 'Speak',
};

export function nameOf(state: CallState | null, identity: Identity | 'system'): string {
  if (identity === 'system') return 'Caucus';
  return state?.members.get(identity)?.name ?? state?.lobby.get(identity)?.name ?? state?.bans.get(identity)?.name ?? 'someone';
}

export function describeEvent(event: Event, before: CallState | null): string {
  const who = 'participant' in event ? nameOf(before, event.participant) : '';
  const by = nameOf(before, event.by);
  switch (event.type) {
    case 'member_joined':
      return `${event.name} joined`;
    case 'member_rejoined':
      return `${who} is back`;
    case 'member_left':
      return `${who} left`;
    case 'member_waiting':
      return `${event.name} is waiting in the lobby`;
    case 'waiter_left':
      return `${who} stopped waiting in the lobby`;
    case 'member_admitted':
      return `${by} let ${event.name} in`;
    case 'member_denied':
      return `${by} refused entry to ${who}`;
    case 'waiter_renamed':
      return `${by} renamed a waiting person to ${event.name}`;
    case 'member_removed':
      return `${by} removed ${who}${event.reason ? ` (${event.reason})` : ''}`;
    case 'member_banned':
      return `${by} banned ${event.name}: ${event.reason}${event.ip ? ' (network blocked too)' : ''}`;
    case 'member_unbanned':
      return `${by} lifted the ban on ${who}`;
    case 'role_changed':
      return `${by} made ${who} a ${event.role} (was ${event.previous})`;
    case 'member_renamed':
      return `${by} renamed ${who} to ${event.name}`;
    case 'member_muted':
      return `${by} muted ${who}`;
    case 'all_muted':
      return `${by} muted everyone in the audience (${event.participants.length})`;
    case 'member_silenced':
      return `${by} silenced ${who}`;
    case 'member_unsilenced':
      return `${by} lifted the silence on ${who}`;
    case 'camera_disabled':
      return `${by} turned off the camera of ${who}`;
    case 'camera_enabled':
      return `${by} allowed the camera of ${who} again`;
    case 'hand_raised':
      return `${who} raised a hand (${LANE_LABELS[event.lane]}), position ${event.position + 1}`;
    case 'hand_lowered':
      return event.reason === 'lowered' ? `${who} lowered their hand` : `${who}'s hand was lowered (${event.reason})`;
    case 'hand_moved':
      return `${by} moved ${who} to position ${event.position + 1}`;
    case 'hands_cleared':
      return `${by} lowered all hands`;
    case 'queue_policy_changed':
      return `${by} set the queue order to ${event.policy === 'fifo' ? 'first come, first served' : 'progressive (new voices first)'}`;
    case 'floor_granted':
      return `${who} has the floor`;
    case 'floor_ended':
      return `${who}'s turn ended (${event.reason})`;
    case 'floor_extended':
      return `${by} gave the speaker more time`;
    case 'floor_warned':
      return 'The speaker has 15 seconds left';
    case 'speaking_limit_changed':
      return event.seconds === 0 ? `${by} removed the speaking limit` : `${by} set the speaking limit to ${event.seconds} s`;
    case 'chat_sent':
      return `${by} wrote in the chat`;
    case 'chat_deleted':
      return `${by} deleted a chat message`;
    case 'chat_muted':
      return `${by} muted ${who} in the chat`;
    case 'chat_unmuted':
      return `${by} let ${who} write in the chat again`;
    case 'chat_changed':
      return event.enabled ? `${by} turned the chat on` : `${by} turned the chat off`;
    case 'reported':
      return `${by} reported ${who}: ${event.reason}`;
    case 'lock_changed':
      return event.locked ? `${by} locked the call` : `${by} unlocked the call`;
    case 'lobby_changed':
      return event.enabled ? `${by} turned the lobby on` : `${by} turned the lobby off`;
    case 'call_suspended':
      return `${by} suspended the call: audience silenced, chat off, call locked`;
    case 'call_restored':
      return `${by} restored the call`;
    case 'call_ended':
      return `${by} ended the call`;
    case 'format_changed':
      return event.format === 'conversation'
        ? `${by} switched to conversation: everyone may turn their camera on`
        : `${by} switched to stage: only the stage is on camera`;
    case 'doors_opened':
      return `${by} opened the doors`;
    default:
      return assertNever(event);
  }
}

/** Events worth an aria-live announcement: the queue, the floor, and what happens to you. */
export function announcementFor(event: Event, before: CallState | null, after: CallState | null, you: Identity | null): string | null {
  const mine = 'participant' in event && event.participant === you;
  switch (event.type) {
    case 'hand_raised':
    case 'hand_moved': {
      if (!mine) return event.type === 'hand_raised' ? describeEvent(event, before) : null;
      const pos = after?.queue.findIndex((e) => e.identity === you) ?? -1;
      return pos >= 0 ? `Your hand is up. You are number ${pos + 1} in the queue.` : null;
    }
    case 'hand_lowered':
      return mine ? (event.reason === 'lowered' ? 'Your hand is down.' : `Your hand was lowered (${event.reason}).`) : null;
    case 'hands_cleared':
    case 'floor_extended':
    case 'call_suspended':
    case 'call_restored':
    case 'chat_changed':
    case 'format_changed':
    case 'doors_opened':
      return describeEvent(event, before);
    case 'floor_granted':
      return mine ? 'You have the floor. You are live.' : describeEvent(event, before);
    case 'floor_ended':
      return mine ? `Your turn has ended (${event.reason}). You are back in the audience.` : describeEvent(event, before);
    case 'floor_warned':
      return after?.floor?.identity === you ? 'You have 15 seconds left.' : describeEvent(event, before);
    case 'member_silenced':
    case 'member_unsilenced':
    case 'chat_muted':
    case 'chat_unmuted':
    case 'member_muted':
    case 'role_changed':
      return mine ? describeEvent(event, before).replace(new RegExp(`\\b${escapeRegExp(nameOf(before, event.participant))}\\b`), 'you') : null;
    default:
      return null;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// What the call screen announces (aria-live) for an event: the queue, the floor, and what happens
// to you. The sentence of every event comes from the shared describeEvent (each event's is in its
// family's table in @caucus/shared), so the audit log, the toasts and these say the same thing.
import { describeEvent, nameOf, type CallState, type Event, type Identity } from '@caucus/shared';

export { describeEvent, LANE_LABELS, nameOf } from '@caucus/shared';

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

// Human sentences for events, for the audit log, the aria-live announcements and the toasts, which
// all say the same thing (each event's sentence is in its family's table, events/<family>.ts).
// Names are looked up in the state as it was BEFORE the event (a removed person still has a name
// then). Plain text only: the client renders it escaped.
import type { Event } from '../protocol/events';
import type { Identity } from '../protocol/primitives';
import { specOf } from './event-specs';
import type { CallState } from './state';

export { LANE_LABELS } from './events/queue';

/** A person's display name as this state knows it (member, waiter or ban), or 'someone'. */
export function nameOf(state: CallState | null, identity: Identity | 'system'): string {
  if (identity === 'system') return 'Caucus';
  return state?.members.get(identity)?.name ?? state?.lobby.get(identity)?.name ?? state?.bans.get(identity)?.name ?? 'someone';
}

export function describeEvent(event: Event, before: CallState | null): string {
  const names = { who: 'participant' in event ? nameOf(before, event.participant) : '', by: nameOf(before, event.by) };
  return specOf(event).describe(event, names);
}

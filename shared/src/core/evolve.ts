// The reducer: state + event -> new state. Pure, total and deterministic: it never throws and
// never mutates its input, and an event about someone this state does not know (a viewer's
// redacted state) changes nothing. Server and clients run this same function on the same events.
// What each event does is in its family's table (events/<family>.ts, merged in event-specs.ts).
import type { Event } from '../protocol/events';
import { specOf } from './event-specs';
import type { CallState } from './state';
import { isListed, list } from './state-updates';

export { isListed };

export function evolve(before: CallState, event: Event): CallState {
  return specOf(event).evolve(introduce(before, event), event);
}

export function fold(state: CallState, events: readonly Event[]): CallState {
  return events.reduce(evolve, state);
}

export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}

/**
 * For states stored before members carried `listed`: puts on the record everyone the rules would
 * have put there (a hand up, the floor now or before, a chat message still in the history).
 */
export function markListed(state: CallState): CallState {
  let s = state;
  for (const e of state.queue) s = list(s, e.identity);
  if (state.floor) s = list(s, state.floor.identity);
  for (const m of state.members.values()) if (m.hadFloor) s = list(s, m.identity);
  for (const c of state.chat) s = list(s, c.from);
  return s;
}

/**
 * A redacted copy of an event may carry the record of someone the viewer's list did not have yet
 * (event.member, see visibility.ts): it goes in first, then the event applies as usual. The
 * server's own events never carry one, and a member already known is never replaced.
 */
function introduce(state: CallState, event: Event): CallState {
  const m = 'member' in event ? event.member : undefined;
  if (!m || state.members.has(m.identity)) return state;
  // Only events that put their subject on the record carry one: it goes in listed already.
  return { ...state, members: state.members.set({ ...m, listed: true }) };
}

// What the flood controls count per person: their last chat message, how many of their messages
// went out, their recent hand raises and reports. Kept in the server's state only: every view has
// `pace: null` and evolve leaves a null alone, so views still commute with evolve (visibility.ts)
// while the author of a report stays private and the counts survive a restart in the stored
// snapshot.
import { OrderedMap } from 'immutable';
import { FLOOD_CONTROLS_OFF, FLOOD_WINDOW_MS, type FloodControls, type Pace } from '../protocol/shield-state';
import type { Identity } from '../protocol/primitives';
import type { CallState, Member } from './state';

const FRESH: Pace = { lastChatAt: null, posted: 0, hands: [], reports: [] };

/** The server's state tracks pace; a state loaded from an older store starts counting now. */
export function trackPace(state: CallState): CallState {
  return state.pace === null ? { ...state, pace: OrderedMap() } : state;
}

export function paceOf(state: CallState, identity: Identity): Pace {
  return state.pace?.get(identity) ?? FRESH;
}

/** The call's flood controls (all off when never set). */
export function floodControls(state: CallState): FloodControls {
  return state.settings.flood ?? FLOOD_CONTROLS_OFF;
}

/** Hosts, moderators and guest speakers are never held by flood controls nor by the shield. */
export function floodExempt(m: Member): boolean {
  return m.role !== 'participant';
}

/** When this person last arrived (their latest admission; a reconnect does not count). */
export function arrivalOf(m: Member): number {
  return m.arrivedAt ?? m.joinedAt;
}

/** Timestamps still inside the flood window at `now`. */
export function recent(times: readonly number[], now: number): number[] {
  return times.filter((t) => now - t < FLOOD_WINDOW_MS);
}

type Kind = 'chat' | 'posted' | 'hand' | 'report';

/** Counts one thing this person did at `at`; a view (pace null) is left as it is. */
export function countPace(state: CallState, identity: Identity, kind: Kind, at: number): CallState {
  if (state.pace === null) return state;
  const p = state.pace.get(identity) ?? FRESH;
  const next: Pace =
    kind === 'chat'
      ? { ...p, lastChatAt: at }
      : kind === 'posted'
        ? { ...p, posted: p.posted + 1 }
        : kind === 'hand'
          ? { ...p, hands: [...recent(p.hands, at), at] }
          : { ...p, reports: [...recent(p.reports, at), at] };
  return { ...state, pace: state.pace.set(identity, next) };
}

// What the core knows about one kind of event, in one place: how it changes the state (evolve),
// what the shell must do about it (effects), what each viewer may see of it (visibility) and how
// it reads in the audit log and announcements (describe). Each command family defines the specs of
// its events in events/<family>.ts, typed over that family's event types, so a new event is added
// in its family's files and the compiler names whatever is missing; event-specs.ts merges them.
import type { Event, EventOf, EventType } from '../protocol/events';
import type { Identity, Role } from '../protocol/primitives';
import type { Effect } from './effects';
import type { CallState } from './state';

/** Who is looking: what they may see of an event depends on their role and whether it is about them. */
export interface Viewer {
  identity: Identity;
  role: Role;
}

/** Names for a description, as the state just before the event knew them. */
export interface Names {
  /** The person the event is about ('' when it is about nobody). */
  who: string;
  /** Who did it ('Caucus' for the server). */
  by: string;
}

export interface EventSpec<T extends EventType> {
  /** The state after the event: pure, total, and a no-op for people this state does not know. */
  evolve(state: CallState, event: EventOf<T>): CallState;
  /** One-shot effects the shell runs for a newly appended event (see effects.ts). */
  effects(event: EventOf<T>): Effect[];
  /**
   * The copy this viewer may see, by their role and whether it is about them, or null. The rules
   * that depend on the public record (who is listed) apply after this, in visibility.ts.
   */
  redact(event: EventOf<T>, viewer: Viewer): Event | null;
  /**
   * Optional: narrows the copy every non-staff viewer gets, knowing the states around the event
   * (an event listing many people keeps only those a participant's view can hold, and the viewer).
   */
  audience?(event: EventOf<T>, ctx: { before: CallState; after: CallState }, viewer: Viewer): Event;
  /** One plain-text sentence: the audit log, toasts and aria-live announcements say this. */
  describe(event: EventOf<T>, names: Names): string;
}

/** The specs of a set of event types: a missing type or field is a compile error. */
export type EventSpecs<T extends EventType> = { readonly [K in T]: EventSpec<K> };

// Every event's spec (event-spec.ts), merged from the command families' tables in events/. The
// central evolve, effectsOf, eventFor and describeEvent look an event up here; `satisfies` names
// any event type no family covers.
import type { EventOf, EventType } from '../protocol/events';
import type { EventSpec, EventSpecs } from './event-spec';
import { ADMISSION_SPECS } from './events/admission';
import { CAPTION_SPECS } from './events/captions';
import { CHAT_SPECS } from './events/chat';
import { FLOOR_SPECS } from './events/floor';
import { MODERATION_SPECS } from './events/moderation';
import { QUEUE_SPECS } from './events/queue';
import { ROLES_SPECS } from './events/roles';
import { ROOM_SPECS } from './events/room';
import { POLL_SPECS } from './events/polls';
import { QUESTION_SPECS } from './events/questions';
import { VOTE_SPECS } from './events/votes';
import { SHIELD_SPECS } from './events/shield';

const EVENT_SPECS: EventSpecs<EventType> = {
  ...ADMISSION_SPECS,
  ...ROLES_SPECS,
  ...MODERATION_SPECS,
  ...QUEUE_SPECS,
  ...FLOOR_SPECS,
  ...CHAT_SPECS,
  ...ROOM_SPECS,
  ...CAPTION_SPECS,
  ...POLL_SPECS,
  ...VOTE_SPECS,
  ...QUESTION_SPECS,
  ...SHIELD_SPECS,
};

/** The spec of this event's type. */
export function specOf<T extends EventType>(event: EventOf<T>): EventSpec<T> {
  // The table maps each type to its own spec; TypeScript cannot follow that through an index.
  return EVENT_SPECS[event.type as EventType] as unknown as EventSpec<T>;
}

// Events: what happened, past tense, one file per command family in families/ beside that family's
// commands. The core's `decide` emits them, the server appends them to the call's log and
// broadcasts them (redacted per viewer), and every client folds them with the same `evolve`.
// Fields are what a fold needs; redacted copies null out server-only fields (device, ipHash) and
// moderator-only ones (removal reason), so those are nullable here.
import { z } from 'zod';
import { ADMISSION_EVENTS } from './families/admission';
import { CAPTION_EVENTS } from './families/captions';
import { CHAT_EVENTS } from './families/chat';
import { FLOOR_EVENTS } from './families/floor';
import { MODERATION_EVENTS } from './families/moderation';
import { QUEUE_EVENTS } from './families/queue';
import { ROLES_EVENTS } from './families/roles';
import { ROOM_EVENTS } from './families/room';
import { POLL_EVENTS } from './families/polls';
import { VOTE_EVENTS } from './families/votes';
import { QUESTION_EVENTS } from './families/questions';
import { SHIELD_EVENTS } from './families/shield';

export const eventSchema = z.discriminatedUnion('type', [
  ...ADMISSION_EVENTS,
  ...ROLES_EVENTS,
  ...MODERATION_EVENTS,
  ...QUEUE_EVENTS,
  ...FLOOR_EVENTS,
  ...CHAT_EVENTS,
  ...ROOM_EVENTS,
  ...CAPTION_EVENTS,
  ...POLL_EVENTS,
  ...VOTE_EVENTS,
  ...QUESTION_EVENTS,
  ...SHIELD_EVENTS,
]);
export type Event = z.output<typeof eventSchema>;
export type EventType = Event['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;
/** An event before `at` and `by` are stamped on it by decide. */
export type EventBody<T extends EventType = EventType> = T extends EventType
  ? Omit<EventOf<T>, 'at' | 'by'>
  : never;
export const EVENT_TYPES = eventSchema.options.map((o) => o.shape.type.value) as readonly EventType[];

/** The event types of one family, from its list of schemas (families/*.ts). */
export type FamilyEventType<F extends readonly { shape: { type: { value: string } } }[]> = F[number]['shape']['type']['value'] & EventType;

// Commands people send over the socket, one file per command family in families/ (as the core's
// handlers are in core/commands/). Each `type` is both the wire name and the command name the
// core decides on; `ref` is an optional correlation id echoed back in the ack or error.
// Client frames are strict: an unexpected field is a client bug worth reporting, not ignoring.
import { z } from 'zod';
import { ADMISSION_COMMANDS } from './families/admission';
import { CAPTION_COMMANDS } from './families/captions';
import { CHAT_COMMANDS } from './families/chat';
import { FLOOR_COMMANDS } from './families/floor';
import { MODERATION_COMMANDS } from './families/moderation';
import { QUEUE_COMMANDS } from './families/queue';
import { ROLES_COMMANDS } from './families/roles';
import { ROOM_COMMANDS } from './families/room';
import { POLL_COMMANDS } from './families/polls';
import { VOTE_COMMANDS } from './families/votes';
import { QUESTION_COMMANDS } from './families/questions';
import { SHIELD_COMMANDS } from './families/shield';

export const wireCommandSchema = z.discriminatedUnion('type', [
  ...ADMISSION_COMMANDS,
  ...ROLES_COMMANDS,
  ...MODERATION_COMMANDS,
  ...QUEUE_COMMANDS,
  ...FLOOR_COMMANDS,
  ...CHAT_COMMANDS,
  ...ROOM_COMMANDS,
  ...CAPTION_COMMANDS,
  ...POLL_COMMANDS,
  ...VOTE_COMMANDS,
  ...QUESTION_COMMANDS,
  ...SHIELD_COMMANDS,
]);
export type WireCommand = z.output<typeof wireCommandSchema>;
export type WireCommandInput = z.input<typeof wireCommandSchema>;
export type WireCommandType = WireCommand['type'];

export const WIRE_COMMAND_TYPES = wireCommandSchema.options.map((o) => o.shape.type.value) as readonly WireCommandType[];

/** The wire command types of one family, from its list of schemas (families/*.ts). */
export type FamilyCommandType<F extends readonly { shape: { type: { value: string } } }[]> = F[number]['shape']['type']['value'];

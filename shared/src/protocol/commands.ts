// Commands people send over the socket. Each `type` is both the wire name and the command name
// the core decides on; `ref` is an optional correlation id echoed back in the ack or error.
// Client frames are strict: an unexpected field is a client bug worth reporting, not ignoring.
import { z } from 'zod';
import {
  callFormatSchema,
  identitySchema,
  laneSchema,
  queuePolicySchema,
  reasonSchema,
  refSchema,
  speakingLimitSecSchema,
} from './primitives';

function command<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({ type: z.literal(type), ref: refSchema.optional(), ...shape });
}

const target = { participant: identitySchema };

/** Chat text after trimming; the limit matches what the chat panel shows without scrolling. */
export const CHAT_MAX_CHARS = 500;
export const chatTextSchema = z.string().trim().min(1).max(CHAT_MAX_CHARS);

// Everyone admitted
export const raiseHandSchema = command('raise_hand', { lane: laneSchema.default('speak') });
export const lowerHandSchema = command('lower_hand', {});
export const reportSchema = command('report', { ...target, reason: reasonSchema });
export const chatSendSchema = command('chat_send', { text: chatTextSchema });

// Queue and floor
export const grantFloorSchema = command('grant_floor', target);
export const nextSpeakerSchema = command('next_speaker', {});
export const endFloorSchema = command('end_floor', {});
export const extendFloorSchema = command('extend_floor', { seconds: z.number().int().min(1).max(3600) });
export const moveInQueueSchema = command('move_in_queue', {
  ...target,
  /** 0-based; clamped to the queue's length. */
  position: z.number().int().min(0).max(1_000_000),
});
export const dismissHandSchema = command('dismiss_hand', target);
export const lowerAllHandsSchema = command('lower_all_hands', {});
export const setQueuePolicySchema = command('set_queue_policy', { policy: queuePolicySchema });
export const setSpeakingLimitSchema = command('set_speaking_limit', { seconds: speakingLimitSecSchema });

// Audio and video enforcement
export const muteSchema = command('mute', target);
export const muteAllSchema = command('mute_all', {});
export const silenceSchema = command('silence', target);
export const unsilenceSchema = command('unsilence', target);
export const cameraOffSchema = command('camera_off', target);
export const cameraOnSchema = command('camera_on', target);

// Removal
export const removeSchema = command('remove', { ...target, reason: reasonSchema.optional() });
export const banSchema = command('ban', { ...target, reason: reasonSchema, ip: z.boolean().default(false) });
export const unbanSchema = command('unban', target);

// Lobby and room
export const admitSchema = command('admit', target);
export const denySchema = command('deny', target);
export const admitAllSchema = command('admit_all', {});
export const setLockSchema = command('set_lock', { locked: z.boolean() });
export const setLobbySchema = command('set_lobby', { enabled: z.boolean() });
export const suspendSchema = command('suspend', {});
export const restoreSchema = command('restore', {});
export const endCallSchema = command('end_call', {});
/** Host only: stage or conversation; everyone's LiveKit permissions follow. */
export const setFormatSchema = command('set_format', { format: callFormatSchema });
/** Host only: lets in everyone waiting for an announced call to start (unless the lobby is on). */
export const openDoorsSchema = command('open_doors', {});

// Roles and names
export const promoteSchema = command('promote', target);
export const demoteSchema = command('demote', target);
export const appointModeratorSchema = command('appoint_moderator', target);
export const dismissModeratorSchema = command('dismiss_moderator', target);
/** The name is normalised by the core (normalizeDisplayName); the wire only bounds its size. */
export const renameSchema = command('rename', { ...target, name: z.string().min(1).max(256) });

// Chat moderation
export const chatDeleteSchema = command('chat_delete', { messageId: z.string().min(1).max(64) });
export const chatMuteSchema = command('chat_mute', target);
export const chatUnmuteSchema = command('chat_unmute', target);
export const setChatSchema = command('set_chat', { enabled: z.boolean() });

export const wireCommandSchema = z.discriminatedUnion('type', [
  raiseHandSchema,
  lowerHandSchema,
  reportSchema,
  chatSendSchema,
  grantFloorSchema,
  nextSpeakerSchema,
  endFloorSchema,
  extendFloorSchema,
  moveInQueueSchema,
  dismissHandSchema,
  lowerAllHandsSchema,
  setQueuePolicySchema,
  setSpeakingLimitSchema,
  muteSchema,
  muteAllSchema,
  silenceSchema,
  unsilenceSchema,
  cameraOffSchema,
  cameraOnSchema,
  removeSchema,
  banSchema,
  unbanSchema,
  admitSchema,
  denySchema,
  admitAllSchema,
  setLockSchema,
  setLobbySchema,
  suspendSchema,
  restoreSchema,
  endCallSchema,
  setFormatSchema,
  openDoorsSchema,
  promoteSchema,
  demoteSchema,
  appointModeratorSchema,
  dismissModeratorSchema,
  renameSchema,
  chatDeleteSchema,
  chatMuteSchema,
  chatUnmuteSchema,
  setChatSchema,
]);
export type WireCommand = z.output<typeof wireCommandSchema>;
export type WireCommandInput = z.input<typeof wireCommandSchema>;
export type WireCommandType = WireCommand['type'];

export const WIRE_COMMAND_TYPES = wireCommandSchema.options.map((o) => o.shape.type.value) as readonly WireCommandType[];

// Events: what happened, past tense. The core's `decide` emits them, the server appends them to
// the call's log and broadcasts them (redacted per viewer), and every client folds them with the
// same `evolve`. Fields are what a fold needs; redacted copies null out server-only fields
// (device, ipHash) and moderator-only ones (removal reason), so those are nullable here.
import { z } from 'zod';
import {
  actorSchema,
  callFormatSchema,
  identitySchema,
  laneSchema,
  queuePolicySchema,
  roleSchema,
  speakingLimitSecSchema,
  timestampSchema,
} from './primitives';
import { memberSchema } from './state';

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), at: timestampSchema, by: actorSchema, ...shape });
}

const participant = { participant: identitySchema };
const fingerprint = {
  device: z.string().nullable(),
  ipHash: z.string().nullable(),
};
const name = z.string().min(1);
/**
 * Only in copies sent to a viewer whose list did not have this person yet (a participant's view
 * holds only listed members, see core/visibility.ts): their public record as it was just before
 * this event. `evolve` adds it, then applies the event. Never in the event log.
 */
const introduced = { member: memberSchema.optional() };

export const handLoweredReasonSchema = z.enum([
  'lowered', // by the person themselves
  'dismissed', // by a moderator
  'left',
  'removed',
  'banned',
  'silenced',
  'promoted', // now a speaker, always on stage
]);
export type HandLoweredReason = z.infer<typeof handLoweredReasonSchema>;

export const floorEndReasonSchema = z.enum([
  'ended', // a moderator ended it
  'expired', // the speaking limit ran out
  'replaced', // a moderator gave the floor to someone else
  'left',
  'removed',
  'banned',
  'silenced',
  'promoted',
  'suspended',
  'call_ended',
]);
export type FloorEndReason = z.infer<typeof floorEndReasonSchema>;

// Arrival and departure
/** Admitted straight in (no lobby), or re-entering after a removal. */
export const memberJoinedSchema = event('member_joined', { ...participant, name, role: roleSchema, ...fingerprint, ...introduced });
/** An admitted person who had left (or reconnected) is back; name, role, hand history are kept. */
export const memberRejoinedSchema = event('member_rejoined', { ...participant, ...fingerprint });
export const memberLeftSchema = event('member_left', participant);
/** Knocked: now waiting in the lobby. Moderators only. */
export const memberWaitingSchema = event('member_waiting', { ...participant, name, role: roleSchema, ...fingerprint });
/** A waiter gave up. Moderators only. */
export const waiterLeftSchema = event('waiter_left', participant);
/** A moderator let a waiter in; carries everything a viewer who never saw the lobby needs. */
export const memberAdmittedSchema = event('member_admitted', {
  ...participant,
  name,
  role: roleSchema,
  ...fingerprint,
  ...introduced,
});
export const memberDeniedSchema = event('member_denied', participant);
export const waiterRenamedSchema = event('waiter_renamed', { ...participant, name });

// Removal
/** `reason` is null in copies sent to anyone but moderators and the removed person. */
export const memberRemovedSchema = event('member_removed', { ...participant, reason: z.string().nullable() });
/** Moderators only; everyone else receives it as `member_removed` with a null reason. */
export const memberBannedSchema = event('member_banned', {
  ...participant,
  name,
  role: roleSchema,
  reason: z.string(),
  ip: z.boolean(),
  ...fingerprint,
});
export const memberUnbannedSchema = event('member_unbanned', participant);

// Roles and names
export const roleChangedSchema = event('role_changed', { ...participant, role: roleSchema, previous: roleSchema, ...introduced });
export const memberRenamedSchema = event('member_renamed', { ...participant, name });

// Audio and video
/** Soft mute: the person's tracks were muted once; they may unmute themselves. */
export const memberMutedSchema = event('member_muted', participant);
export const allMutedSchema = event('all_muted', { participants: z.array(identitySchema) });
export const memberSilencedSchema = event('member_silenced', participant);
export const memberUnsilencedSchema = event('member_unsilenced', participant);
export const cameraDisabledSchema = event('camera_disabled', participant);
export const cameraEnabledSchema = event('camera_enabled', participant);

// Queue
/** `position` is where the rules put the hand at that moment (0-based, clamped by evolve). */
export const handRaisedSchema = event('hand_raised', {
  ...participant,
  lane: laneSchema,
  position: z.number().int().nonnegative(),
  ...introduced,
});
export const handLoweredSchema = event('hand_lowered', { ...participant, reason: handLoweredReasonSchema });
export const handMovedSchema = event('hand_moved', { ...participant, position: z.number().int().nonnegative() });
export const handsClearedSchema = event('hands_cleared', {});
/** The queue is re-sorted stably by the new policy's rules. */
export const queuePolicyChangedSchema = event('queue_policy_changed', { policy: queuePolicySchema });

// Floor
/** grantedAt is the event's `at`. The person leaves the queue. `deadline` null = no limit. */
export const floorGrantedSchema = event('floor_granted', {
  ...participant,
  deadline: timestampSchema.nullable(),
  ...introduced,
});
export const floorEndedSchema = event('floor_ended', {
  ...participant,
  reason: floorEndReasonSchema,
  /** Added to the member's spokenMs. */
  spokenMs: z.number().int().nonnegative(),
});
export const floorExtendedSchema = event('floor_extended', { deadline: timestampSchema });
export const floorWarnedSchema = event('floor_warned', {});
export const speakingLimitChangedSchema = event('speaking_limit_changed', { seconds: speakingLimitSecSchema });

// Chat and reports
/** `by` is the author; `id` is the message id. */
export const chatSentSchema = event('chat_sent', { id: z.string(), text: z.string(), ...introduced });
export const chatDeletedSchema = event('chat_deleted', { messageId: z.string() });
export const chatMutedSchema = event('chat_muted', participant);
export const chatUnmutedSchema = event('chat_unmuted', participant);
export const chatChangedSchema = event('chat_changed', { enabled: z.boolean() });
/** Moderators only. `by` is the reporter. */
export const reportedSchema = event('reported', { id: z.string(), ...participant, reason: z.string() });

// Room
export const lockChangedSchema = event('lock_changed', { locked: z.boolean() });
export const lobbyChangedSchema = event('lobby_changed', { enabled: z.boolean() });
/** The panic button. Carries what it changed so `call_restored` can undo exactly that. */
export const callSuspendedSchema = event('call_suspended', {
  prevLocked: z.boolean(),
  prevLobby: z.boolean(),
  prevChatEnabled: z.boolean(),
  silenced: z.array(identitySchema),
});
export const callRestoredSchema = event('call_restored', {
  locked: z.boolean(),
  lobby: z.boolean(),
  chatEnabled: z.boolean(),
  unsilenced: z.array(identitySchema),
});
export const callEndedSchema = event('call_ended', {});
/** The room's format; LiveKit permissions of everyone present follow (permissionDiff). */
export const formatChangedSchema = event('format_changed', { format: callFormatSchema });
/** The host opened the doors of an announced call; the admissions it caused follow as member_admitted. */
export const doorsOpenedSchema = event('doors_opened', {});

export const eventSchema = z.discriminatedUnion('type', [
  memberJoinedSchema,
  memberRejoinedSchema,
  memberLeftSchema,
  memberWaitingSchema,
  waiterLeftSchema,
  memberAdmittedSchema,
  memberDeniedSchema,
  waiterRenamedSchema,
  memberRemovedSchema,
  memberBannedSchema,
  memberUnbannedSchema,
  roleChangedSchema,
  memberRenamedSchema,
  memberMutedSchema,
  allMutedSchema,
  memberSilencedSchema,
  memberUnsilencedSchema,
  cameraDisabledSchema,
  cameraEnabledSchema,
  handRaisedSchema,
  handLoweredSchema,
  handMovedSchema,
  handsClearedSchema,
  queuePolicyChangedSchema,
  floorGrantedSchema,
  floorEndedSchema,
  floorExtendedSchema,
  floorWarnedSchema,
  speakingLimitChangedSchema,
  chatSentSchema,
  chatDeletedSchema,
  chatMutedSchema,
  chatUnmutedSchema,
  chatChangedSchema,
  reportedSchema,
  lockChangedSchema,
  lobbyChangedSchema,
  callSuspendedSchema,
  callRestoredSchema,
  callEndedSchema,
  formatChangedSchema,
  doorsOpenedSchema,
]);
export type Event = z.output<typeof eventSchema>;
export type EventType = Event['type'];
export type EventOf<T extends EventType> = Extract<Event, { type: T }>;
/** An event before `at` and `by` are stamped on it by decide. */
export type EventBody<T extends EventType = EventType> = T extends EventType
  ? Omit<EventOf<T>, 'at' | 'by'>
  : never;
export const EVENT_TYPES = eventSchema.options.map((o) => o.shape.type.value) as readonly EventType[];

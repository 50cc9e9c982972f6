// The speaker queue: hands raised, lowered, moved, cleared, and the order's policy.
import { z } from 'zod';
import { laneSchema, queuePolicySchema } from '../primitives';
import { command, event, introduced, participant, target } from '../define';

export const raiseHandSchema = command('raise_hand', { lane: laneSchema.default('speak') });
export const lowerHandSchema = command('lower_hand', {});
export const moveInQueueSchema = command('move_in_queue', {
  ...target,
  /** 0-based; clamped to the queue's length. */
  position: z.number().int().min(0).max(1_000_000),
});
export const dismissHandSchema = command('dismiss_hand', target);
export const lowerAllHandsSchema = command('lower_all_hands', {});
export const setQueuePolicySchema = command('set_queue_policy', { policy: queuePolicySchema });

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

export const QUEUE_COMMANDS = [
  raiseHandSchema,
  lowerHandSchema,
  moveInQueueSchema,
  dismissHandSchema,
  lowerAllHandsSchema,
  setQueuePolicySchema,
] as const;
export const QUEUE_EVENTS = [handRaisedSchema, handLoweredSchema, handMovedSchema, handsClearedSchema, queuePolicyChangedSchema] as const;

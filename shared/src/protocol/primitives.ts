// The small vocabulary every message family shares. Wire enums are z.enum (protocol data), never
// TypeScript `enum`, so the same list validates frames, types the code and appears in JSON Schema.
import { z } from 'zod';

/**
 * A person is named by their LiveKit identity everywhere, minted by the server: a lower-case
 * prefix, an underscore, then an id (e.g. `p_abc123`). The shape is narrow on purpose: it can
 * never be 'system' (the shell's actor name) nor a key of Object.prototype ('__proto__',
 * 'constructor'), since identities key plain JSON records in the state.
 */
export const identitySchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9]{0,15}_[A-Za-z0-9_-]+$/, 'must look like p_abc123 (prefix, underscore, id)');
export type Identity = z.infer<typeof identitySchema>;

/** Who caused an event: a person, or the server shell (joins, leaves, timers). */
export const actorSchema = z.union([z.literal('system'), identitySchema]);
export type Actor = z.infer<typeof actorSchema>;

/** Ordered from most to least powerful; rank comparisons live in core/permissions.ts. */
export const roleSchema = z.enum(['host', 'moderator', 'speaker', 'participant']);
export type Role = z.infer<typeof roleSchema>;
export const ROLES = roleSchema.options;

/**
 * Where a person stands in the call. `lobby` and `denied` describe a waiter (never admitted since
 * their last removal); the others describe an admitted member. `present` means admitted and not
 * gone, whether or not their media connection is up right now.
 */
export const memberStatusSchema = z.enum(['lobby', 'present', 'left', 'removed', 'banned', 'denied']);
export type MemberStatus = z.infer<typeof memberStatusSchema>;

/** Queue lanes, in priority order: a point of order jumps a direct response, which jumps a turn. */
export const laneSchema = z.enum(['point_of_order', 'direct_response', 'speak']);
export type Lane = z.infer<typeof laneSchema>;

/** fifo: order of raising within a lane. progressive: people who have not spoken yet go first. */
export const queuePolicySchema = z.enum(['fifo', 'progressive']);
export type QueuePolicy = z.infer<typeof queuePolicySchema>;

/**
 * How a call runs. stage: guest speakers and the floor-holder on stage, a listen-only audience.
 * conversation: a gallery; participants may keep their camera on, microphones still open only
 * with the floor.
 */
export const callFormatSchema = z.enum(['stage', 'conversation']);
export type CallFormat = z.infer<typeof callFormatSchema>;

/** Client-chosen correlation id echoed in the ack or error for that command. */
export const refSchema = z.string().min(1).max(64);

/** Milliseconds since the Unix epoch. */
export const timestampSchema = z.number().int().nonnegative();

/**
 * How far a ban reaches: this call only, or every call of the coalition (now and later). A host's
 * (an organizer's) ban reaches the coalition unless they say otherwise; a moderator's, the call.
 */
export const banScopeSchema = z.enum(['call', 'coalition']);
export type BanScope = z.infer<typeof banScopeSchema>;

/** Free-text reasons (report, ban, removal) are shown to moderators; keep them short. */
export const reasonSchema = z.string().trim().min(1).max(500);

export const speakingLimitSecSchema = z.number().int().min(0).max(3600);

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

/** Free-text reasons (report, ban, removal) are shown to moderators; keep them short. */
export const reasonSchema = z.string().trim().min(1).max(500);

export const speakingLimitSecSchema = z.number().int().min(0).max(3600);

/**
 * The member organization a person votes for (issue 14's delegate rolls): kept in the console for
 * registration, carried by the session minted through a registration's personal link. `weight` is
 * the organization's voting weight when one delegate per organization votes.
 */
export const memberOrgSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  weight: z.number().int().min(1).max(1_000_000),
});
export type MemberOrg = z.infer<typeof memberOrgSchema>;

/**
 * Where a person comes from for the voter rolls. Optional on the wire and in stored events and
 * snapshots (absent = no organization, not registered) so logs from before it replay.
 */
export const membershipFields = {
  org: memberOrgSchema.nullable().optional(),
  /** Came in through their personal registration link. */
  registered: z.boolean().optional(),
};

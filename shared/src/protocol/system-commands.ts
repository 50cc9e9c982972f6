// Commands only the server shell issues (ctx.actor === 'system'). They are never parsed from a
// socket: a client frame with one of these types is an `unknown_type`.
import { z } from 'zod';
import { identitySchema, membershipFields, reasonSchema, roleSchema, timestampSchema } from './primitives';

/**
 * A person's connection was authenticated. `role` is what their credential (invite link) vouches
 * for; it applies to newcomers and to people re-entering after a removal, while a person who only
 * left keeps the role they had. `device` and `ipHash` are opaque server-side fingerprints used by
 * bans; they never leave the server. `name` must already be normalised (normalizeDisplayName).
 */
export const joinSchema = z.strictObject({
  type: z.literal('join'),
  identity: identitySchema,
  name: z.string().min(1).max(256),
  role: roleSchema,
  device: z.string().min(1).max(128).nullable(),
  ipHash: z.string().min(1).max(128).nullable(),
  /** The member organization and registration the session carries (absent = none / false). */
  ...membershipFields,
});

/** The person is gone (socket closed and media disconnected past the grace period). */
export const leaveSchema = z.strictObject({ type: z.literal('leave'), identity: identitySchema });

/**
 * The credential that let this person in was revoked (a personal invitation, a coalition account):
 * out of the call at once, like a removal by a moderator, and kept out by the credential check.
 */
export const expelSchema = z.strictObject({ type: z.literal('expel'), identity: identitySchema, reason: reasonSchema });

/** A ban lifted from outside the call (the console's ban list) or run out: `member_unbanned` by system. */
export const liftBanSchema = z.strictObject({ type: z.literal('lift_ban'), identity: identitySchema });

/** An organizer ended (or cancelled) the call from the console, without being in it. */
export const closeCallSchema = z.strictObject({ type: z.literal('close_call') });

/**
 * Floor timers. They name the floor they were set for by its `grantedAt`, so a timer that fires
 * after the floor changed hands is refused (`not_due`) instead of cutting off the next speaker.
 */
export const warnFloorSchema = z.strictObject({ type: z.literal('warn_floor'), grantedAt: timestampSchema });
export const expireFloorSchema = z.strictObject({ type: z.literal('expire_floor'), grantedAt: timestampSchema });

/**
 * A batch of secret ballots leaves the server's ballot box: the voters (sorted by identity, never
 * in the order they voted) and the aggregate weight per option of their ballots together. The
 * choices of one voter are never in a command or an event on their own.
 */
export const sealBallotsSchema = z.strictObject({
  type: z.literal('seal_ballots'),
  voteId: z.string().min(1).max(64),
  voters: z.array(identitySchema).min(1),
  tally: z.array(z.number().int().min(0)),
});

/**
 * The server noticed a join-rate spike (many arrivals from new browsers in a short window compared
 * with the call's normal rate): moderators are alerted; with auto-shield on, the shield goes up.
 */
export const flagSpikeSchema = z.strictObject({
  type: z.literal('flag_spike'),
  since: timestampSchema,
  arrivals: z.number().int().min(0),
  baseline: z.number().min(0),
});

export const systemCommandSchema = z.discriminatedUnion('type', [
  joinSchema,
  leaveSchema,
  expelSchema,
  liftBanSchema,
  closeCallSchema,
  warnFloorSchema,
  expireFloorSchema,
  sealBallotsSchema,
  flagSpikeSchema,
]);
export type SystemCommand = z.output<typeof systemCommandSchema>;
export type SystemCommandType = SystemCommand['type'];
export const SYSTEM_COMMAND_TYPES = systemCommandSchema.options.map(
  (o) => o.shape.type.value,
) as readonly SystemCommandType[];

// Raids: the raid shield, the early warning of a join-rate spike, "ban all selected", flood
// controls for chat, hands and reports, and the hold on chat messages a moderator approves.
import { z } from 'zod';
import { command, event, introduced, participant } from '../define';
import { banScopeSchema, identitySchema, reasonSchema, timestampSchema } from '../primitives';
import { floodControlsSchema, shieldWindowSchema } from '../shield-state';

/** "Ban all selected": one command, at most this many people (a frame stays under 8 KiB). */
export const BAN_MANY_MAX = 250;

export const raiseShieldSchema = command('raise_shield', {
  window: shieldWindowSchema,
  /** Only with window `since`: the moment (ms since epoch). */
  since: timestampSchema.optional(),
});
export const liftShieldSchema = command('lift_shield', {});
/**
 * Bans everyone listed, in one action (the review list's "ban all selected"). `scope` as for ban:
 * absent, a host's ban reaches the whole coalition and a moderator's holds for this call.
 */
export const banManySchema = command('ban_many', {
  participants: z.array(identitySchema).min(1).max(BAN_MANY_MAX),
  reason: reasonSchema,
  ip: z.boolean().default(false),
  scope: banScopeSchema.optional(),
});
/** Only the fields sent change. */
export const setFloodControlsSchema = command('set_flood_controls', floodControlsSchema.partial().shape);
/** The server raises the shield by itself when it notices a join-rate spike. Off by default. */
export const setAutoShieldSchema = command('set_auto_shield', { enabled: z.boolean() });
export const chatApproveSchema = command('chat_approve', { messageId: z.string().min(1).max(64) });
export const chatRejectSchema = command('chat_reject', { messageId: z.string().min(1).max(64) });

/**
 * The shield is up from `since`. `moved` are the people it took out of the call (present ones go to
 * the lobby, people who had left come back through it). Staff get the whole list; everyone else
 * only the people on their list (the public record), which is all their view can change.
 */
export const shieldRaisedSchema = event('shield_raised', {
  since: timestampSchema,
  window: shieldWindowSchema,
  moved: z.array(identitySchema),
});
/**
 * Staff only, right after shield_raised: the people it moved who were present now wait in the
 * lobby (the review list), each as they were known in the call.
 */
export const movedToLobbySchema = event('moved_to_lobby', { moved: z.array(identitySchema) });
/** The people the shield holds stay in the lobby until a moderator admits (or bans) them. */
export const shieldLiftedSchema = event('shield_lifted', {});
/** Staff only: many arrivals from new browsers within a short window compared with the call's normal rate. */
export const joinSpikeSchema = event('join_spike', {
  since: timestampSchema,
  arrivals: z.number().int().min(0),
  baseline: z.number().min(0),
});
export const floodControlsChangedSchema = event('flood_controls_changed', { controls: floodControlsSchema });
export const autoShieldChangedSchema = event('auto_shield_changed', { enabled: z.boolean() });
/** Staff and the author only; `by` is the author. */
export const chatHeldSchema = event('chat_held', { id: z.string(), text: z.string(), why: z.enum(['link', 'newcomer']) });
/** A held message goes out: everyone sees it as a chat message from `participant`. */
export const chatReleasedSchema = event('chat_released', { id: z.string(), ...participant, text: z.string(), ...introduced });
/** Staff and the author only. */
export const chatRejectedSchema = event('chat_rejected', { id: z.string(), ...participant });

export const SHIELD_COMMANDS = [
  raiseShieldSchema,
  liftShieldSchema,
  banManySchema,
  setFloodControlsSchema,
  setAutoShieldSchema,
  chatApproveSchema,
  chatRejectSchema,
] as const;
export const SHIELD_EVENTS = [
  shieldRaisedSchema,
  movedToLobbySchema,
  shieldLiftedSchema,
  joinSpikeSchema,
  floodControlsChangedSchema,
  autoShieldChangedSchema,
  chatHeldSchema,
  chatReleasedSchema,
  chatRejectedSchema,
] as const;


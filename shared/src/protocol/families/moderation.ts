// Enforcement on one person or the audience: audio and video, removal and bans, and reports.
import { z } from 'zod';
import { command, event, fingerprint, name, participant, target } from '../define';
import { banScopeSchema, identitySchema, reasonSchema, roleSchema, timestampSchema } from '../primitives';
import { reportRecordSchema } from '../state';

/** A ban may last at most a year when it has an end; without one it lasts until lifted. */
export const BAN_MAX_DURATION_MIN = 366 * 24 * 60;
/** Reports and chat lines a moderator may attach to one ban. */
export const BAN_EVIDENCE_MAX = 20;
const evidenceIds = z.array(z.string().min(1).max(64)).max(BAN_EVIDENCE_MAX);

export const muteSchema = command('mute', target);
export const muteAllSchema = command('mute_all', {});
export const silenceSchema = command('silence', target);
export const unsilenceSchema = command('unsilence', target);
export const cameraOffSchema = command('camera_off', target);
export const cameraOnSchema = command('camera_on', target);
export const removeSchema = command('remove', { ...target, reason: reasonSchema.optional() });
/**
 * `ip`: also the network (the address, IPv6 by /64). `scope` absent: the coalition for a host,
 * this call for a moderator (a moderator may not ask for more). `durationMin` absent or null: until
 * lifted. `reports` and `messages`: ids of this call's reports and chat lines that led to the ban;
 * they are copied into it, so they outlive the call's chat and report history.
 */
export const banSchema = command('ban', {
  ...target,
  reason: reasonSchema,
  ip: z.boolean().default(false),
  scope: banScopeSchema.optional(),
  durationMin: z.number().int().min(1).max(BAN_MAX_DURATION_MIN).nullable().optional(),
  reports: evidenceIds.optional(),
  messages: evidenceIds.optional(),
});
export const unbanSchema = command('unban', target);
/** Anyone present may report anyone; moderators see the reports. */
export const reportSchema = command('report', { ...target, reason: reasonSchema });

/** Soft mute: the person's tracks were muted once; they may unmute themselves. */
export const memberMutedSchema = event('member_muted', participant);
export const allMutedSchema = event('all_muted', { participants: z.array(identitySchema) });
/**
 * `bySuspension`: the person arrived (joined, came back, was let in) during a suspension and is
 * silenced as the audience was when it began; restore lifts it with the others.
 */
export const memberSilencedSchema = event('member_silenced', { ...participant, bySuspension: z.literal(true).optional() });
export const memberUnsilencedSchema = event('member_unsilenced', participant);
export const cameraDisabledSchema = event('camera_disabled', participant);
export const cameraEnabledSchema = event('camera_enabled', participant);
/** `reason` is null in copies sent to anyone but moderators and the removed person. */
export const memberRemovedSchema = event('member_removed', { ...participant, reason: z.string().nullable() });
/** A chat line as it was when attached to a ban, with its author's name at that moment. */
export const evidenceLineSchema = z.object({ id: z.string(), from: identitySchema, name: z.string(), text: z.string(), at: timestampSchema });
/** What a ban was imposed for: copies, not references (chat and reports are trimmed as the call goes on). */
export const banEvidenceSchema = z.object({ reports: z.array(reportRecordSchema), chat: z.array(evidenceLineSchema) });
export type BanEvidence = z.infer<typeof banEvidenceSchema>;

/**
 * Moderators only; everyone else receives it as `member_removed` with a null reason. Logs from
 * before protocol 5 have no scope, expiry or evidence: a per-call ban without an end.
 */
export const memberBannedSchema = event('member_banned', {
  ...participant,
  name,
  role: roleSchema,
  reason: z.string(),
  ip: z.boolean(),
  ...fingerprint,
  scope: banScopeSchema.default('call'),
  expiresAt: timestampSchema.nullable().default(null),
  evidence: banEvidenceSchema.default({ reports: [], chat: [] }),
});
export const memberUnbannedSchema = event('member_unbanned', participant);
/** Moderators only. `by` is the reporter. */
export const reportedSchema = event('reported', { id: z.string(), ...participant, reason: z.string() });

export const MODERATION_COMMANDS = [
  muteSchema,
  muteAllSchema,
  silenceSchema,
  unsilenceSchema,
  cameraOffSchema,
  cameraOnSchema,
  removeSchema,
  banSchema,
  unbanSchema,
  reportSchema,
] as const;
export const MODERATION_EVENTS = [
  memberMutedSchema,
  allMutedSchema,
  memberSilencedSchema,
  memberUnsilencedSchema,
  cameraDisabledSchema,
  cameraEnabledSchema,
  memberRemovedSchema,
  memberBannedSchema,
  memberUnbannedSchema,
  reportedSchema,
] as const;

// Enforcement on one person or the audience: audio and video, removal and bans, and reports.
import { z } from 'zod';
import { command, event, fingerprint, name, participant, target } from '../define';
import { identitySchema, reasonSchema, roleSchema } from '../primitives';

export const muteSchema = command('mute', target);
export const muteAllSchema = command('mute_all', {});
export const silenceSchema = command('silence', target);
export const unsilenceSchema = command('unsilence', target);
export const cameraOffSchema = command('camera_off', target);
export const cameraOnSchema = command('camera_on', target);
export const removeSchema = command('remove', { ...target, reason: reasonSchema.optional() });
export const banSchema = command('ban', { ...target, reason: reasonSchema, ip: z.boolean().default(false) });
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

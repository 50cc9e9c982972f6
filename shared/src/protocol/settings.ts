// Call settings as the organiser creates them (HTTP API) and as the moderation core starts from.
// The passcode is checked by the server before a join; it never enters the moderation state, so
// it can never leak through a snapshot or an event. The server stores only its hash.

/** Passcodes are guessed online (throttled) and, from a stolen database, offline: not too short. */
export const PASSCODE_MIN_LENGTH = 6;
import { z } from 'zod';
import { callFormatSchema, queuePolicySchema, speakingLimitSecSchema } from './primitives';

export const passcodeSchema = z
  .string()
  .min(PASSCODE_MIN_LENGTH, `a passcode has at least ${PASSCODE_MIN_LENGTH} characters`)
  .max(64)
  .nullable();

const settingsShape = {
  /** Participants wait in the lobby until a moderator admits them. */
  lobby: z.boolean(),
  passcode: passcodeSchema,
  /** Present participants allowed at once; 0 = unlimited. Hosts, moderators and speakers don't count. */
  maxParticipants: z.number().int().min(0).max(100_000),
  /** Seconds a participant may hold the floor; 0 = no limit. */
  speakingLimitSec: speakingLimitSecSchema,
  queuePolicy: queuePolicySchema,
  /** stage (default) or conversation; the host may switch it during the call (set_format). */
  format: callFormatSchema,
};

/** Full settings; every field has a default, so `callSettingsSchema.parse({})` is valid. */
export const callSettingsSchema = z.strictObject({
  lobby: settingsShape.lobby.default(false),
  passcode: settingsShape.passcode.default(null),
  maxParticipants: settingsShape.maxParticipants.default(0),
  speakingLimitSec: settingsShape.speakingLimitSec.default(120),
  queuePolicy: settingsShape.queuePolicy.default('fifo'),
  format: settingsShape.format.default('stage'),
});
export type CallSettings = z.output<typeof callSettingsSchema>;
/** What a creator may send: any subset of the fields. */
export type CallSettingsInput = z.input<typeof callSettingsSchema>;
export const callSettingsInputSchema = callSettingsSchema;

/** A change to existing settings: only the fields sent are changed (no defaults applied). */
export const callSettingsPatchSchema = z.strictObject(settingsShape).partial();
export type CallSettingsPatch = z.output<typeof callSettingsPatchSchema>;

export const DEFAULT_CALL_SETTINGS: CallSettings = callSettingsSchema.parse({});

// The floor: who speaks now, for how long. (warn_floor and expire_floor, the timers' commands,
// are system commands: system-commands.ts.)
import { z } from 'zod';
import { speakingLimitSecSchema, timestampSchema } from '../primitives';
import { command, event, introduced, participant, target } from '../define';

export const grantFloorSchema = command('grant_floor', target);
export const nextSpeakerSchema = command('next_speaker', {});
export const endFloorSchema = command('end_floor', {});
export const extendFloorSchema = command('extend_floor', { seconds: z.number().int().min(1).max(3600) });
export const setSpeakingLimitSchema = command('set_speaking_limit', { seconds: speakingLimitSecSchema });

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

export const FLOOR_COMMANDS = [grantFloorSchema, nextSpeakerSchema, endFloorSchema, extendFloorSchema, setSpeakingLimitSchema] as const;
export const FLOOR_EVENTS = [floorGrantedSchema, floorEndedSchema, floorExtendedSchema, floorWarnedSchema, speakingLimitChangedSchema] as const;

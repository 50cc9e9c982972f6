// The raid shield's and the flood controls' parts of the call state (kept apart from the family's
// commands and events in families/shield.ts, which the state schema cannot import: define.ts
// imports the state).
import { z } from 'zod';
import { identitySchema, timestampSchema } from './primitives';

/**
 * Who the shield holds: everyone (not staff, not a guest speaker) who arrived in the last 2, 5 or
 * 10 minutes, since a chosen moment, or since the join-rate spike the server noticed.
 */
export const shieldWindowSchema = z.enum(['2m', '5m', '10m', 'since', 'spike']);
export type ShieldWindow = z.infer<typeof shieldWindowSchema>;
export const SHIELD_WINDOW_MINUTES = { '2m': 2, '5m': 5, '10m': 10 } as const;

/**
 * Flood controls, each a call setting a moderator changes during the call; 0 / false is off.
 * Hosts, moderators and guest speakers are never held by them.
 */
export const floodControlsSchema = z.strictObject({
  /** One chat message per person per this many seconds. */
  slowModeSec: z.number().int().min(0).max(3600),
  /** Chat only for people present (since their latest arrival) at least this many minutes. */
  chatMinPresentMin: z.number().int().min(0).max(240),
  /** Messages with a link wait until a moderator approves them. */
  holdLinks: z.boolean(),
  /** Someone who has had no message go out in this call waits for a moderator to approve the first. */
  holdNewcomers: z.boolean(),
  /** Hand raises per person per FLOOD_WINDOW_MS. */
  handLimit: z.number().int().min(0).max(100),
  /** Reports per person per FLOOD_WINDOW_MS. */
  reportLimit: z.number().int().min(0).max(100),
  /** The same text (any author) within this many seconds is refused. */
  duplicateWindowSec: z.number().int().min(0).max(3600),
});
export type FloodControls = z.infer<typeof floodControlsSchema>;
export const FLOOD_CONTROLS_OFF: FloodControls = {
  slowModeSec: 0,
  chatMinPresentMin: 0,
  holdLinks: false,
  holdNewcomers: false,
  handLimit: 0,
  reportLimit: 0,
  duplicateWindowSec: 0,
};
/** The window the hand and report limits count in. */
export const FLOOD_WINDOW_MS = 10 * 60_000;

/** The shield as the state keeps it (everyone sees it). */
export const shieldStateSchema = z.object({ since: timestampSchema, raisedAt: timestampSchema, window: shieldWindowSchema });
export type ShieldState = z.infer<typeof shieldStateSchema>;
/** The last join-rate spike the server noticed. Staff only. */
export const joinSpikeStateSchema = z.object({ since: timestampSchema, at: timestampSchema, arrivals: z.number(), baseline: z.number() });
export type JoinSpike = z.infer<typeof joinSpikeStateSchema>;
/** A chat message waiting for a moderator. Staff see every one, the author their own. */
export const heldMessageSchema = z.object({
  id: z.string(),
  from: identitySchema,
  text: z.string(),
  at: timestampSchema,
  why: z.enum(['link', 'newcomer']),
});
export type HeldMessage = z.infer<typeof heldMessageSchema>;
/**
 * What the flood controls count per person. Server only: every view has null, so it never leaves
 * the server (a report's author is private) yet survives a restart in the stored snapshot.
 */
export const paceSchema = z.object({
  lastChatAt: timestampSchema.nullable(),
  /** Messages of theirs that went out (sent, or released by a moderator). */
  posted: z.number().int().min(0),
  hands: z.array(timestampSchema),
  reports: z.array(timestampSchema),
});
export type Pace = z.infer<typeof paceSchema>;

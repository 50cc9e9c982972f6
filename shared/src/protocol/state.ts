// The moderation state of one call as a snapshot carries it (redacted per viewer by
// core/visibility.ts) and as the server stores it: plain JSON (records and arrays, no Map/Set).
// The core keeps the same fields with persistent maps for members, lobby and bans (CallState in
// core/state.ts; toSnapshot / fromSnapshot convert).
import { z } from 'zod';
import { namedBallotSchema, rollKindSchema, rollSchema, thresholdSchema, voteKindSchema, voteResultSchema } from './ballots';
import { actorSchema, banScopeSchema, callFormatSchema, identitySchema, laneSchema, membershipFields, queuePolicySchema, roleSchema, timestampSchema } from './primitives';
import { floodControlsSchema, heldMessageSchema, joinSpikeStateSchema, paceSchema, shieldStateSchema } from './shield-state';

/** Server-side fingerprints, always null outside the server. */
const fingerprint = { device: z.string().nullable(), ipHash: z.string().nullable() };

/** Someone admitted at least once. People waiting in the lobby are Waiters, not Members. */
export const memberSchema = z.object({
  identity: identitySchema,
  name: z.string(),
  role: roleSchema,
  status: z.enum(['present', 'left', 'removed', 'banned']),
  /** First admission. */
  joinedAt: timestampSchema,
  /**
   * The latest admission when it was not the first (let in again after a removal): what the raid
   * shield's window looks at. A reconnect (member_rejoined) is no new arrival. Absent: joinedAt.
   */
  arrivedAt: timestampSchema.optional(),
  /** Hard mute: microphone permission revoked until a moderator lifts it. */
  silenced: z.boolean(),
  chatMuted: z.boolean(),
  /** Camera permission revoked until a moderator lifts it. */
  cameraOff: z.boolean(),
  /** Has held the floor in this call (progressive queue puts these people later). */
  hadFloor: z.boolean(),
  spokenMs: z.number().int().nonnegative(),
  floorCount: z.number().int().nonnegative(),
  /**
   * On the call's public record: a host, moderator or speaker, or a participant who has raised a
   * hand, held the floor or written in the chat. Once true it stays true. Absent means false.
   * Hosts and moderators see every member; everyone else sees only listed members (and
   * themselves) plus a head count (`presence` frames): see core/visibility.ts.
   */
  listed: z.boolean().optional(),
  /** Appointed by the host to type captions (captions family). Absent means false. */
  captioner: z.boolean().optional(),
  /** Member organization and registration (voter rolls, issue 14). Absent = none / false. */
  ...membershipFields,
  ...fingerprint,
});
export type Member = z.infer<typeof memberSchema>;
export type AdmittedStatus = Member['status'];

/** Someone knocking at the lobby. Moderators only. A denied waiter may knock again. */
export const waiterSchema = z.object({
  identity: identitySchema,
  name: z.string(),
  role: roleSchema,
  since: timestampSchema,
  status: z.enum(['waiting', 'denied']),
  ...membershipFields,
  ...fingerprint,
});
export type Waiter = z.infer<typeof waiterSchema>;

export const queueEntrySchema = z.object({ identity: identitySchema, lane: laneSchema, raisedAt: timestampSchema });
export type QueueEntry = z.infer<typeof queueEntrySchema>;

export const floorSchema = z.object({
  identity: identitySchema,
  grantedAt: timestampSchema,
  /** null = no speaking limit for this turn. */
  deadline: timestampSchema.nullable(),
  warned: z.boolean(),
});
export type Floor = z.infer<typeof floorSchema>;

/** Moderators only. */
export const banRecordSchema = z.object({
  identity: identitySchema,
  name: z.string(),
  /** Role at the time of the ban: lifting it needs the same rank as imposing it. */
  role: roleSchema,
  reason: z.string(),
  by: actorSchema,
  at: timestampSchema,
  /** Also refuse joins from the same network (ipHash). */
  ip: z.boolean(),
  ...fingerprint,
  /** `coalition`: the server keeps the person out of every call of the coalition too. Absent: `call`. */
  scope: banScopeSchema.optional(),
  /** When the ban ends by itself; null or absent: never. */
  expiresAt: timestampSchema.nullable().optional(),
});
export type Ban = z.infer<typeof banRecordSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  /** Author identity; display names are looked up in members so a moderator's rename applies. */
  from: identitySchema,
  text: z.string(),
  at: timestampSchema,
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Moderators only. */
export const reportRecordSchema = z.object({
  id: z.string(),
  by: identitySchema,
  participant: identitySchema,
  reason: z.string(),
  at: timestampSchema,
});
export type Report = z.infer<typeof reportRecordSchema>;

export const roomSettingsSchema = z.object({
  lobby: z.boolean(),
  locked: z.boolean(),
  chatEnabled: z.boolean(),
  queuePolicy: queuePolicySchema,
  speakingLimitSec: z.number().int().min(0),
  maxParticipants: z.number().int().min(0),
  format: callFormatSchema,
  /**
   * False before an announced call starts: participants wait in the pre-call room (the lobby)
   * while hosts, moderators and speakers prepare (green room) until the host opens the doors.
   */
  doorsOpen: z.boolean(),
  /** The host lets the floor-holder share their screen (set_floor_screen_share). Absent means no. */
  floorScreenShare: z.boolean().optional(),
  /** Flood controls a moderator set (set_flood_controls). Absent means all off. */
  flood: floodControlsSchema.optional(),
  /** The server raises the raid shield by itself on a join-rate spike. Absent means no. */
  autoShield: z.boolean().optional(),
});
export type RoomSettings = z.infer<typeof roomSettingsSchema>;

/** What the panic button changed, so restore can undo exactly that. */
export const suspensionSchema = z.object({
  prevLocked: z.boolean(),
  prevLobby: z.boolean(),
  prevChatEnabled: z.boolean(),
  silencedBySuspend: z.array(identitySchema),
});
export type Suspension = z.infer<typeof suspensionSchema>;

/** One line of captions (captions family): who typed it, whose speech it is, and whether final. */
export const captionLineSchema = z.object({
  id: z.string(),
  by: identitySchema,
  speaker: identitySchema.nullable(),
  text: z.string(),
  at: timestampSchema,
  final: z.boolean(),
});
export type CaptionLine = z.infer<typeof captionLineSchema>;

/**
 * A quick poll. `answers` holds each answer by person on the server; every view holds only the
 * viewer's own. The counts are published at the close (`result`, pinned on stage until unpinned).
 */
export const pollSchema = z.object({
  id: z.string(),
  question: z.string(),
  options: z.array(z.string()),
  live: z.boolean(),
  status: z.enum(['open', 'closed']),
  openedAt: timestampSchema,
  answers: z.record(z.string(), z.number().int().min(0)),
  result: z.object({ counts: z.array(z.number().int().min(0)), answered: z.number().int().min(0) }).nullable(),
  pinned: z.boolean(),
});
export type Poll = z.infer<typeof pollSchema>;

/**
 * A vote. On the server: the roll (key -> weight; null in every view but the staff's), the marks
 * (key -> who voted; staff see all, others their own), a named vote's choices (each viewer sees
 * only their own until the close) and a secret vote's running aggregate `sealed` (null in every
 * view, for every role, until the close publishes `result`).
 */
export const voteSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: voteKindSchema,
  options: z.array(z.string()),
  maxChoices: z.number().int().min(1),
  roll: rollKindSchema,
  secret: z.boolean(),
  threshold: thresholdSchema,
  quorum: z.number().int().min(0).max(100),
  status: z.enum(['open', 'closed', 'cancelled']),
  openedAt: timestampSchema,
  entries: rollSchema.nullable(),
  voted: z.record(z.string(), identitySchema),
  choices: z.record(z.string(), z.array(z.number().int().min(0))),
  sealed: z.array(z.number().int().min(0)).nullable(),
  result: voteResultSchema.nullable(),
  named: z.array(namedBallotSchema).nullable(),
});
export type Vote = z.infer<typeof voteSchema>;

/** A question. `upvoters` is whole for staff; others see only their own upvote and get the counts from `tallies`. */
export const questionSchema = z.object({
  id: z.string(),
  text: z.string(),
  anonymous: z.boolean(),
  asker: identitySchema.nullable(),
  askerName: z.string().nullable(),
  at: timestampSchema,
  upvoters: z.record(z.string(), z.literal(true)),
  hidden: z.boolean(),
  pinned: z.boolean(),
  answered: z.boolean(),
});
export type Question = z.infer<typeof questionSchema>;

export const callSnapshotSchema = z.object({
  callId: z.string(),
  status: z.enum(['open', 'ended']),
  settings: roomSettingsSchema,
  suspended: suspensionSchema.nullable(),
  members: z.record(z.string(), memberSchema),
  lobby: z.record(z.string(), waiterSchema),
  /** THE display order of raised hands, identical on every client. */
  queue: z.array(queueEntrySchema),
  floor: floorSchema.nullable(),
  bans: z.record(z.string(), banRecordSchema),
  /** The most recent CHAT_HISTORY_LIMIT messages. */
  chat: z.array(chatMessageSchema),
  /** The most recent REPORT_HISTORY_LIMIT reports. */
  reports: z.array(reportRecordSchema),
  /** The most recent CAPTION_HISTORY_LIMIT caption lines; the event log keeps the transcript. States stored before captions have none. */
  captions: z.array(captionLineSchema).default([]),
  /** The most recent POLL_HISTORY_LIMIT polls and votes, QUESTION_HISTORY_LIMIT questions. States stored before issue 14 have none. */
  polls: z.array(pollSchema).default([]),
  votes: z.array(voteSchema).default([]),
  questions: z.array(questionSchema).default([]),
  /** The raid shield, while it is up. States stored before it have none. */
  shield: shieldStateSchema.nullable().default(null),
  /** The last join-rate spike the server noticed. Staff only. */
  spike: joinSpikeStateSchema.nullable().default(null),
  /** Chat messages waiting for a moderator (flood controls). Staff see all; a participant their own. */
  heldChat: z.array(heldMessageSchema).default([]),
  /** What the flood controls count per person. Server only: null in every copy that leaves it. */
  pace: z.record(z.string(), paceSchema).nullable().default(null),
});
export type CallSnapshot = z.infer<typeof callSnapshotSchema>;

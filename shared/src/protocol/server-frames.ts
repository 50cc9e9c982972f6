// Server -> client frames. Every event and snapshot carries a `seq`: the position of the last
// event folded into it in the call's log, so a client can resume with hello.lastSeq.
import { z } from 'zod';
import { parseTyped, type ParseResult } from './client-frames';
import { errorCodeSchema } from './errors';
import { eventSchema } from './events';
import { identitySchema, memberStatusSchema, refSchema, roleSchema } from './primitives';
import { callSnapshotSchema } from './state';

const seqSchema = z.number().int().min(0);

/**
 * The state as this person may see it, after the event numbered `seq`. `state` is null while the
 * person waits in the lobby: waiters see nothing of the call until admitted.
 */
export const snapshotFrameSchema = z.object({
  type: z.literal('snapshot'),
  seq: seqSchema,
  state: callSnapshotSchema.nullable(),
  you: z.object({ identity: identitySchema, role: roleSchema, status: memberStatusSchema }),
  /** How many people are in the call (as in `presence`); absent while waiting in the lobby. */
  present: z.number().int().min(0).optional(),
});

/** One event, already redacted for this viewer. seq numbers are gapless per call but a viewer
 * skips the seqs of events it may not see, so only "greater than" is meaningful to a client. */
export const eventFrameSchema = z.object({ type: z.literal('event'), seq: seqSchema, event: eventSchema });

/** The command with this ref was accepted; its last event (if any) is `seq`. Sent after the events. */
export const ackFrameSchema = z.object({ type: z.literal('ack'), ref: refSchema, seq: seqSchema });

/** A refused command (with its ref) or a protocol error. */
export const errorFrameSchema = z.object({
  type: z.literal('error'),
  code: errorCodeSchema,
  message: z.string(),
  ref: refSchema.optional(),
});

export const pongFrameSchema = z.object({ type: z.literal('pong') });

/** To a lobby waiter who was let in: connect to LiveKit with this token; a snapshot follows. */
export const admittedFrameSchema = z.object({
  type: z.literal('admitted'),
  livekit: z.object({ url: z.string().min(1), token: z.string().min(1) }),
});

/**
 * The hello's lastSeq was accepted: the events this viewer missed (none, if it missed nothing) were
 * sent just before, in order, and the client is now current up to `seq`, the call's last event
 * (seqs it may not see are skipped). Without it, a resume that missed nothing got no frame at all.
 * A resume the server cannot serve gets a snapshot instead, never this.
 */
export const resumedFrameSchema = z.object({ type: z.literal('resumed'), seq: seqSchema });

/**
 * How many people are in the call (members present, every role), whenever the number changes,
 * at most every couple of seconds (a snapshot carries it too): a participant's state lists only
 * the people on the public record, so this is how the audience knows the size of the room.
 */
export const presenceFrameSchema = z.object({
  type: z.literal('presence'),
  present: z.number().int().min(0),
});

/**
 * The running counts of open polls and votes and of the questions' upvotes (core/tallies.ts),
 * whenever they change, at most every couple of seconds, to everyone (a snapshot is followed by
 * one). A live poll's counts only; never a vote's choices before its close.
 */
export const talliesFrameSchema = z.object({
  type: z.literal('tallies'),
  polls: z.array(z.object({ id: z.string(), answered: z.number().int().min(0), counts: z.array(z.number().int().min(0)).nullable() })),
  votes: z.array(z.object({ id: z.string(), ballots: z.number().int().min(0), rollSize: z.number().int().min(0) })),
  questions: z.array(z.object({ id: z.string(), upvotes: z.number().int().min(0) })),
});

/** A secret ballot went into the ballot box and is stored, sealed with others: no seq, nothing to link it by. */
export const ballotSealedFrameSchema = z.object({ type: z.literal('ballot_sealed'), ref: refSchema.optional(), voteId: z.string() });

/**
 * Hosts and moderators, on request: everyone waiting in the lobby (the people the raid shield moved
 * there and the newcomers it holds), with what the review list groups them by. `network` is a short
 * label of the address they came from (a prefix of its keyed hash: equal labels, same network),
 * never the address; `arrivedAt` is their arrival in the call (for someone moved by the shield, the
 * arrival that put them in its window).
 */
export const reviewFrameSchema = z.object({
  type: z.literal('review'),
  entries: z.array(
    z.object({
      identity: identitySchema,
      name: z.string(),
      arrivedAt: z.number().int().min(0),
      network: z.string().nullable(),
      held: z.boolean(),
    }),
  ),
});

export const serverFrameSchema = z.discriminatedUnion('type', [
  snapshotFrameSchema,
  eventFrameSchema,
  ackFrameSchema,
  errorFrameSchema,
  pongFrameSchema,
  admittedFrameSchema,
  presenceFrameSchema,
  resumedFrameSchema,
  talliesFrameSchema,
  ballotSealedFrameSchema,
  reviewFrameSchema,
]);
export type ServerFrame = z.output<typeof serverFrameSchema>;
export type ServerFrameType = ServerFrame['type'];
export type SnapshotFrame = z.output<typeof snapshotFrameSchema>;
export type EventFrame = z.output<typeof eventFrameSchema>;
export type PresenceFrame = z.output<typeof presenceFrameSchema>;
export type ResumedFrame = z.output<typeof resumedFrameSchema>;
export type TalliesFrame = z.output<typeof talliesFrameSchema>;
export type ReviewFrame = z.output<typeof reviewFrameSchema>;
export type ReviewEntry = ReviewFrame['entries'][number];

const schemaByType = new Map<string, z.ZodType<ServerFrame>>(
  serverFrameSchema.options.map((o) => [o.shape.type.value, o as z.ZodType<ServerFrame>]),
);

/** For the client: never throws, same error codes as parseClientFrame. */
export function parseServerFrame(raw: string): ParseResult<ServerFrame> {
  return parseTyped(raw, schemaByType);
}

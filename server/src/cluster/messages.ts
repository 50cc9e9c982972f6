// What instances say to each other over Redis. Another instance is a boundary like any client:
// everything read from the bus is parsed here with the protocol's own schemas (a command is
// checked by the owner as if it came from a socket), and a message that does not parse is
// counted and dropped, never half-applied.
import { castBallotSchema, errorCodeSchema, eventSchema, serverFrameSchema, systemCommandSchema, TRACK_SOURCES, wireCommandSchema, type Command } from '@caucus/shared';
import { z } from 'zod';

const identity = z.string().min(1).max(200);
const instance = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const callId = z.string().min(1).max(200);
const commandSchema = z.union([wireCommandSchema, systemCommandSchema]) as unknown as z.ZodType<Command>;
const errorSchema = z.object({ code: errorCodeSchema, message: z.string().max(2000) });

/** The LiveKit webhook facts the owner's enforcer uses, forwarded by whichever instance received it. */
export const forwardedWebhookSchema = z.object({
  event: z.enum(['participant_joined', 'track_published', 'participant_left', 'participant_connection_aborted', 'room_finished']),
  identity: identity.nullable(),
  permission: z.object({ canPublish: z.boolean(), canPublishData: z.boolean(), canSubscribe: z.boolean(), canPublishSources: z.array(z.enum(TRACK_SOURCES)), hidden: z.boolean() }).nullable(),
});
export type ForwardedWebhook = z.infer<typeof forwardedWebhookSchema>;

/** A gateway's request to the owner of a call (on the owner's channel). */
export const requestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('execute'), command: commandSchema, actor: z.string().min(1).max(200) }),
  z.object({ op: z.literal('ballot'), identity, voteId: castBallotSchema.shape.voteId, choices: castBallotSchema.shape.choices, ref: z.string().max(100).optional() }),
  z.object({ op: z.literal('attached'), identity }),
  z.object({ op: z.literal('detached'), identity, left: z.boolean() }),
  z.object({ op: z.literal('roster'), identities: z.array(identity).max(1_000_000) }),
  z.object({ op: z.literal('tokened'), identity }),
  z.object({ op: z.literal('webhook'), webhook: forwardedWebhookSchema }),
]);
export type Request = z.infer<typeof requestSchema>;

/** The answer to a request that has one. `moved`: this instance does not own the call (ask again). */
export const answerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('executed'), result: z.union([z.object({ ok: z.literal(true), seq: z.number().int().min(0) }), z.object({ ok: z.literal(false), error: errorSchema })]) }),
  z.object({ kind: z.literal('ballot'), refused: errorSchema.nullable() }),
  z.object({ kind: z.literal('done') }),
  z.object({ kind: z.literal('moved') }),
]);
export type Answer = z.infer<typeof answerSchema>;

/** Everything on an instance's channel. */
export const directSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('req'), id: z.string().max(100).optional(), from: instance, callId, request: requestSchema }),
  z.object({ t: z.literal('ans'), id: z.string().max(100), answer: answerSchema }),
]);
export type Direct = z.infer<typeof directSchema>;

/** One entry of a call's event stream, written only by its owner. */
export const streamEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('events'), epoch: z.number().int().min(1), sentAt: z.number(), events: z.array(z.object({ seq: z.number().int().min(1), event: eventSchema })).min(1) }),
  z.object({ kind: z.literal('frame'), epoch: z.number().int().min(1), to: identity, frame: serverFrameSchema }),
  z.object({ kind: z.literal('owner'), epoch: z.number().int().min(1), instance }),
  z.object({ kind: z.literal('reload'), instance }),
  z.object({ kind: z.literal('replaced'), epoch: z.number().int().min(1), identity, gateway: instance }),
]);
export type StreamEntry = z.infer<typeof streamEntrySchema>;

/** Redis keys and channels: every one under `caucus:` (LiveKit shares the Redis, and Pub/Sub ignores db numbers). */
export const keys = {
  lease: (call: string) => `caucus:lease:${call}`,
  epoch: (call: string) => `caucus:epoch:${call}`,
  events: (call: string) => `caucus:events:${call}`,
  instance: (id: string) => `caucus:instance:${id}`,
  channel: (id: string) => `caucus:inst:${id}`,
};

export function parseJson<T>(schema: z.ZodType<T>, text: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

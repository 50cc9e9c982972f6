// Client -> server frames: the handshake, keepalive, and every wire command.
// parseClientFrame is the one boundary where raw text becomes a typed frame.
import { z } from 'zod';
import { wireCommandSchema } from './commands';
import type { ProtocolError } from './errors';

/** First frame on every socket. `lastSeq` asks to resume after the last event the client folded. */
export const helloSchema = z.strictObject({
  type: z.literal('hello'),
  protocol: z.number().int().min(0),
  sessionToken: z.string().min(1).max(2048),
  lastSeq: z.number().int().min(0).optional(),
});
export type Hello = z.output<typeof helloSchema>;

export const pingSchema = z.strictObject({ type: z.literal('ping') });
export type Ping = z.output<typeof pingSchema>;

/** Hosts and moderators: asks for the raid shield's review list (answered with a `review` frame). */
export const reviewRequestSchema = z.strictObject({ type: z.literal('review') });

export const clientFrameSchema = z.discriminatedUnion('type', [helloSchema, pingSchema, reviewRequestSchema, ...wireCommandSchema.options]);
export type ClientFrame = z.output<typeof clientFrameSchema>;
export type ClientFrameInput = z.input<typeof clientFrameSchema>;
export type ClientFrameType = ClientFrame['type'];

/** Longest frame we parse; the socket's maxPayload (close 1009) should be set a little above. */
export const MAX_CLIENT_FRAME_CHARS = 8192;

const schemaByType = new Map<string, z.ZodType<ClientFrame>>(
  clientFrameSchema.options.map((o) => [o.shape.type.value, o as z.ZodType<ClientFrame>]),
);

export const CLIENT_FRAME_TYPES = [...schemaByType.keys()] as readonly ClientFrameType[];

export type ParseResult<T> = { ok: true; frame: T } | { ok: false; error: ProtocolError };

/** Never throws: broken JSON -> bad_frame, unknown type -> unknown_type, bad fields -> invalid. */
export function parseClientFrame(raw: string): ParseResult<ClientFrame> {
  if (raw.length > MAX_CLIENT_FRAME_CHARS) {
    return { ok: false, error: { code: 'too_large', message: `frame longer than ${MAX_CLIENT_FRAME_CHARS} characters` } };
  }
  return parseTyped(raw, schemaByType);
}

/** Shared by both directions: JSON.parse, check `type`, then validate against that type's schema. */
export function parseTyped<T>(raw: string, schemas: ReadonlyMap<string, z.ZodType<T>>): ParseResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: { code: 'bad_frame', message: 'not valid JSON' } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: { code: 'bad_frame', message: 'a frame must be a JSON object' } };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string') {
    return { ok: false, error: { code: 'bad_frame', message: 'a frame needs a string "type"' } };
  }
  const schema = schemas.get(type);
  if (!schema) {
    return { ok: false, error: { code: 'unknown_type', message: `unknown type "${type.slice(0, 64)}"` } };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid', message: `${type}: ${describeIssues(parsed.error)}` } };
  }
  return { ok: true, frame: parsed.data };
}

/** "participant: expected string; reason: Too small..." (first few issues, one line). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

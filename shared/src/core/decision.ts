// The shapes decide() works with: its context (time and ids come in, never from a clock or RNG)
// and its result.
import type { ErrorCode, ProtocolError } from '../protocol/errors';
import type { Event, EventBody } from '../protocol/events';
import type { Actor } from '../protocol/primitives';

export interface Ctx {
  actor: Actor;
  /** ms since epoch; becomes every event's `at`. */
  now: number;
  /** A fresh unique id the command may use (chat message id, report id). */
  id: string;
}

export type Decision = { ok: true; events: Event[] } | { ok: false; error: ProtocolError };

export const refuse = (code: ErrorCode, message: string): Decision => ({ ok: false, error: { code, message } });

/** Stamp bodies with the context's time and actor. */
export function accept(ctx: Ctx, ...bodies: EventBody[]): Decision {
  return { ok: true, events: bodies.map((b) => ({ ...b, at: ctx.now, by: ctx.actor }) as Event) };
}

/** Accepted, but nothing changes (the call is already as asked). Still acked. */
export const unchanged: Decision = { ok: true, events: [] };

// Error codes are protocol data: the client switches on them, humans read `message`.
// Fatal errors also close the socket with a 4xxx code whose close reason is the code's name.
import { z } from 'zod';

export const errorCodeSchema = z.enum([
  // Framing and handshake
  'bad_frame', // not JSON, or not an object with a string `type`
  'unknown_type', // a `type` this protocol version does not know
  'invalid', // a known type with bad fields, or a request that makes no sense in this state
  'too_large', // frame over MAX_CLIENT_FRAME_CHARS
  'protocol_mismatch', // hello.protocol differs from PROTOCOL_VERSION
  'unauthorized', // missing, expired or wrong session token
  // Who may do what
  'forbidden', // your role (or status) does not allow this command
  'not_a_member', // you are not in this call
  'in_lobby', // you are waiting in the lobby; only leaving is possible
  'outranked', // the target's role is equal to or above yours
  // Targets and state
  'not_found', // no such person (in the needed status) or message
  'not_in_queue',
  'already_in_queue',
  'queue_empty',
  'no_floor',
  'on_stage', // the person already has a stage (speaker, or holds the floor)
  'silenced', // the person (or, while suspended, everyone in the audience) may not speak
  'chat_disabled',
  'chat_muted',
  // Polls, votes, questions
  'not_open', // the poll or vote is closed or cancelled (or never existed)
  'not_on_roll', // you are not on this vote's roll
  'already_voted', // one ballot per voter (per organization for a delegate roll)
  // Flood controls (set_flood_controls)
  'slow_mode', // one message per person per N seconds
  'too_new', // chat opens after some minutes in the call
  'duplicate', // the same text was just sent
  'limit_reached', // too many hands, reports or held messages in a short time
  // Admission
  'locked',
  'full',
  'banned',
  'call_ended',
  // Timers (system commands only)
  'not_due',
  // Operational
  'rate_limited',
  'internal',
  'unavailable',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;
export const ERROR_CODES = errorCodeSchema.options;

export interface ProtocolError {
  code: ErrorCode;
  message: string;
}

/**
 * WebSocket close codes. The close reason is the key (e.g. 'banned') so a client can show why.
 * Standard codes we also use: 1009 (message too big: a frame over the server's maxPayload) and
 * 1012 (service restart: reconnect with lastSeq after a short backoff).
 */
export const CLOSE_CODES = {
  /** Bad or missing hello, or a protocol version this server does not speak. Do not retry as is. */
  protocol_mismatch: 4000,
  /** Session token missing, expired or revoked. Get a new one over HTTP, then reconnect. */
  unauthorized: 4001,
  /** A moderator removed you. Do not reconnect automatically. */
  removed: 4003,
  /** You are banned from this call. Do not reconnect. */
  banned: 4004,
  /** A moderator denied your entry from the lobby. Do not reconnect automatically. */
  denied: 4005,
  /** Refused at hello: the call is locked (and has no lobby to knock at). Do not reconnect. */
  locked: 4006,
  /** Refused at hello: the call is full. Do not reconnect automatically. */
  full: 4007,
  /** The host ended the call. */
  call_ended: 4008,
  /** The same identity connected elsewhere; this older socket is closed. Do not reconnect. */
  replaced: 4009,
  /** The client did not drain its messages fast enough (backpressure). Reconnect with lastSeq. */
  too_slow: 4010,
  /** Too many frames. Reconnect after a backoff. */
  rate_limited: 4029,
} as const;
export type CloseReason = keyof typeof CLOSE_CODES;
export type CloseCode = (typeof CLOSE_CODES)[CloseReason];

/** Close codes after which a client must NOT reconnect on its own. */
export const TERMINAL_CLOSE_CODES: readonly CloseCode[] = [
  CLOSE_CODES.protocol_mismatch,
  CLOSE_CODES.removed,
  CLOSE_CODES.banned,
  CLOSE_CODES.denied,
  CLOSE_CODES.locked,
  CLOSE_CODES.full,
  CLOSE_CODES.call_ended,
  CLOSE_CODES.replaced,
];

/** Standard WebSocket codes with the meaning this protocol gives them. */
export const STANDARD_CLOSE_CODES = {
  message_too_big: 1009,
  service_restart: 1012,
} as const;

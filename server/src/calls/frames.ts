// Everything the server sends over a websocket is a ServerFrame built here: the compiler holds the
// server to the same schemas the client parses (shared/src/protocol/server-frames.ts).
import type { ProtocolError, ServerFrame } from '@caucus/shared';

export function encodeServerFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

/** The UTF-8 bytes of a frame that goes to many sockets: sockets then copy bytes, not re-encode text. */
export function encodeServerFrameBytes(frame: ServerFrame): Uint8Array {
  return Buffer.from(encodeServerFrame(frame));
}

/** A refused frame or command; `ref` echoes the command's own, when it had one. */
export function errorFrame({ code, message }: ProtocolError, ref?: string): ServerFrame {
  return ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref };
}

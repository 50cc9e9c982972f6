// Everything the server sends over a websocket is a ServerFrame built here: the compiler holds the
// server to the same schemas the client parses (shared/src/protocol/server-frames.ts).
import type { ServerFrame } from '@caucus/shared';

export function encodeServerFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

// The shell talks to an abstract socket, so a room runs in memory in unit tests and the websocket
// route stays a thin adapter (the shape of tldraw sync-core's TLRoomSocket).
import { CLOSE_CODES, type CloseReason } from '@caucus/shared';

/**
 * A text frame, already serialised: a string, or its UTF-8 bytes when one frame goes to many sockets
 * (encoded once per view, not once per socket).
 */
export type FrameText = string | Uint8Array;

export interface RoomSocket {
  send(text: FrameText): void;
  close(code: number, reason: string): void;
  /** False once closing: nothing more is sent to it. */
  isOpen(): boolean;
  /** Bytes queued but not yet written; a client that stops reading is cut off. */
  bufferedAmount(): number;
}

/** A socket whose hello was accepted: it speaks for this person. */
export interface Connection extends RoomSocket {
  readonly identity: string;
}

/** A client whose socket holds more than this unread is disconnected rather than buffered forever. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/** Closes with a protocol close code; the reason is the code's name, which clients read. */
export function closeWith(socket: RoomSocket, reason: CloseReason): void {
  socket.close(CLOSE_CODES[reason], reason);
}

const REASONS = new Map<number, CloseReason>(Object.entries(CLOSE_CODES).map(([reason, code]) => [code, reason as CloseReason]));

/** The name of a protocol close code (effects carry codes). */
export function closeReasonOf(code: number): CloseReason | 'closed' {
  return REASONS.get(code) ?? 'closed';
}

// The shell talks to an abstract socket, so multi-client tests can run in memory and the
// websocket route stays a thin adapter.
export interface Connection {
  identity: string;
  /** Already-serialised frame: the broadcast loop serialises once per distinct view. */
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet written; a client that stops reading is cut off. */
  bufferedAmount(): number;
}

/** A client whose socket holds more than this unread is disconnected rather than buffered forever. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

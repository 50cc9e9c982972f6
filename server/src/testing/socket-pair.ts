// An in-memory connection for unit tests of the shell: the server side is the abstract RoomSocket a
// SocketSession talks to; the client side says hello, sends frames and keeps every frame it got,
// parsed with the shared schema (so a frame the server builds wrong fails the test). Modelled on
// tldraw sync-core's TestSocketPair; nothing here touches the network.
import { PROTOCOL_VERSION, parseServerFrame, type ClientFrameInput, type ServerFrame } from '@caucus/shared';
import type { FrameText, RoomSocket } from '../calls/connection';
import { SocketSession, type SocketSessionDeps } from '../calls/socket-session';

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

export class MemorySocket implements RoomSocket {
  readonly frames: ServerFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  /** Bytes the client has not read: raise it to play a client that stopped reading. */
  unread = 0;
  /** Told when the server closes this socket (the session hears it as ws's 'close' event). */
  onClose: ((code: number, reason: string) => void) | null = null;

  send(data: FrameText): void {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    if (this.closed) throw new Error(`sent after close: ${text}`);
    const parsed = parseServerFrame(text);
    if (!parsed.ok) throw new Error(`the server sent a frame the client cannot parse: ${parsed.error.message}: ${text}`);
    this.frames.push(parsed.frame);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = { code, reason };
    this.onClose?.(code, reason);
  }

  isOpen(): boolean {
    return this.closed === null;
  }

  bufferedAmount(): number {
    return this.unread;
  }
}

export class MemoryClient {
  readonly socket = new MemorySocket();
  readonly session: SocketSession;
  private nextRef = 1;

  constructor(deps: SocketSessionDeps) {
    this.session = new SocketSession(this.socket, deps);
    this.socket.onClose = (code, reason) => this.session.handleClose(code, reason);
  }

  get frames(): ServerFrame[] {
    return this.socket.frames;
  }

  get closed() {
    return this.socket.closed;
  }

  hello(sessionToken: string, lastSeq?: number, protocol = PROTOCOL_VERSION): this {
    return this.send({ type: 'hello', protocol, sessionToken, ...(lastSeq === undefined ? {} : { lastSeq }) });
  }

  /** Sends a frame (or raw text, or null for a binary frame) as the websocket route would hand it over. */
  send(frame: ClientFrameInput | string | null): this {
    this.session.handleMessage(frame === null || typeof frame === 'string' ? frame : JSON.stringify(frame));
    return this;
  }

  /** Sends a command with a fresh ref and returns the ref. */
  command(frame: Exclude<ClientFrameInput, { type: 'hello' | 'ping' }>): string {
    const ref = `r${this.nextRef++}`;
    this.send({ ...frame, ref } as ClientFrameInput);
    return ref;
  }

  ofType<T extends ServerFrame['type']>(type: T): FrameOf<T>[] {
    return this.frames.filter((f): f is FrameOf<T> => f.type === type);
  }

  last<T extends ServerFrame['type']>(type: T): FrameOf<T> | undefined {
    return this.ofType(type).at(-1);
  }

  /** The client went away: with `leave`, the goodbye a Leave button sends (1000 "leave"). */
  disconnect(leave = false): void {
    if (this.socket.closed) return;
    this.socket.closed = leave ? { code: 1000, reason: 'leave' } : { code: 1006, reason: '' };
    this.session.handleClose(this.socket.closed.code, this.socket.closed.reason);
  }

  /** Frames received from now on. */
  mark(): () => ServerFrame[] {
    const from = this.frames.length;
    return () => this.frames.slice(from);
  }
}

// The moderation channel: one websocket per call, with hello/resume, keepalive, backoff reconnects
// that stop on terminal close codes, and commands that resolve on their ack or error by `ref`.
// Raw frames are parsed once here (parseServerFrame); past this point only typed frames travel.
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  STANDARD_CLOSE_CODES,
  TERMINAL_CLOSE_CODES,
  parseServerFrame,
  type CloseCode,
  type ErrorCode,
  type ServerFrame,
  type WireCommandInput,
} from '@caucus/shared';

/** A command as the UI sends it; the socket adds the `ref`. */
export type OutgoingCommand = WireCommandInput extends infer C ? (C extends { ref?: string } ? Omit<C, 'ref'> : never) : never;

export type SocketStatus =
  | { state: 'idle' }
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'waiting'; attempt: number; retryAt: number; lastCode: number }
  | { state: 'closed'; code: number; reason: string };

export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface SocketDeps {
  url: string;
  sessionToken: string;
  /** The seq of the last event folded, read at every (re)connect so a resume misses nothing. */
  lastSeq: () => number | undefined;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: SocketStatus) => void;
  /** A frame that did not parse: a server/client version skew worth showing, never crashing on. */
  onBadFrame?: (message: string) => void;
  WebSocketImpl?: typeof WebSocket;
  /** For tests: timers and randomness. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
}

const PING_EVERY_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 10_000;
const COMMAND_TIMEOUT_MS = 15_000;

/** Delay before reconnect attempt `attempt` (1-based): exponential with full jitter, capped. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Close codes after which reconnecting on our own would be wrong (removed, banned, ...). */
export function isTerminalClose(code: number): boolean {
  return (TERMINAL_CLOSE_CODES as readonly number[]).includes(code) || code === CLOSE_CODES.unauthorized;
}

interface Pending {
  resolve: (seq: number) => void;
  reject: (err: CommandError) => void;
  timer: unknown;
}

export class CaucusSocket {
  private ws: WebSocket | null = null;
  private status: SocketStatus = { state: 'idle' };
  private attempt = 0;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;
  private pending = new Map<string, Pending>();
  private nextRef = 1;
  private stopped = false;
  private readonly setT: (fn: () => void, ms: number) => unknown;
  private readonly clearT: (handle: unknown) => void;

  constructor(private readonly deps: SocketDeps) {
    this.setT = deps.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms));
    this.clearT = deps.clearTimeout ?? ((h) => globalThis.clearTimeout(h as number));
  }

  get current(): SocketStatus {
    return this.status;
  }

  connect(): void {
    if (this.stopped) return;
    this.clearT(this.retryTimer);
    this.retryTimer = null;
    this.attempt += 1;
    this.setStatus({ state: 'connecting', attempt: this.attempt });
    const Impl = this.deps.WebSocketImpl ?? WebSocket;
    const ws = new Impl(this.deps.url);
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      const lastSeq = this.deps.lastSeq();
      ws.send(
        JSON.stringify({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          sessionToken: this.deps.sessionToken,
          ...(lastSeq !== undefined ? { lastSeq } : {}),
        }),
      );
      this.setStatus({ state: 'open' });
      this.armPing();
    };
    ws.onmessage = (msg) => {
      if (this.ws !== ws) return;
      this.handleMessage(typeof msg.data === 'string' ? msg.data : '');
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.handleClose(ev.code, ev.reason);
    };
    ws.onerror = () => {
      // A close event always follows; that is where we decide what to do.
    };
  }

  /** Sends a command; resolves with the seq of its last event, rejects with the server's error. */
  send(command: OutgoingCommand): Promise<number> {
    const ref = `c${this.nextRef++}`;
    return new Promise<number>((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== 1 || this.status.state !== 'open') {
        reject(new CommandError('unavailable', 'Not connected to the call right now; try again in a moment.'));
        return;
      }
      const timer = this.setT(() => {
        this.pending.delete(ref);
        reject(new CommandError('unavailable', 'The server did not answer in time.'));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(ref, { resolve, reject, timer });
      this.ws.send(JSON.stringify({ ...command, ref }));
    });
  }

  /**
   * Sends a command whose answer may take long (a secret ballot waits in the server's ballot box
   * until its batch is sealed): no timeout, returns the ref; the answer (`ballot_sealed` or an
   * error with this ref) arrives as a frame. Null when not connected.
   */
  sendUnawaited(command: OutgoingCommand): string | null {
    if (!this.ws || this.ws.readyState !== 1 || this.status.state !== 'open') return null;
    const ref = `c${this.nextRef++}`;
    this.ws.send(JSON.stringify({ ...command, ref }));
    return ref;
  }

  /** Asks for the raid shield's review list (staff); the answer arrives as a `review` frame. */
  requestReview(): boolean {
    if (!this.ws || this.ws.readyState !== 1 || this.status.state !== 'open') return false;
    this.ws.send(JSON.stringify({ type: 'review' }));
    return true;
  }

  /** Drops the connection as a network failure would (tests, and the "online" event). */
  reconnectNow(): void {
    if (this.stopped) return;
    if (this.status.state === 'waiting') {
      this.connect();
      return;
    }
    const ws = this.ws;
    if (ws) {
      this.ws = null;
      ws.close();
      this.handleClose(1006, 'dropped');
    }
  }

  /**
   * Closes for good. 'leave' tells the server the person left the call on purpose (they leave at
   * once); 'bye' (closing the page) counts as a drop, so a reload within the grace period resumes.
   */
  stop(reason: 'bye' | 'leave' = 'bye'): void {
    this.stopped = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, reason);
    this.failPending('The connection was closed.');
    this.setStatus({ state: 'closed', code: 1000, reason: 'client' });
  }

  private handleMessage(raw: string): void {
    const parsed = parseServerFrame(raw);
    if (!parsed.ok) {
      this.deps.onBadFrame?.(parsed.error.message);
      return;
    }
    const frame = parsed.frame;
    this.armPing();
    this.attempt = 0;
    switch (frame.type) {
      case 'snapshot':
      case 'event':
        break;
      case 'ack': {
        const p = this.pending.get(frame.ref);
        if (p) {
          this.pending.delete(frame.ref);
          this.clearT(p.timer);
          p.resolve(frame.seq);
        }
        break;
      }
      case 'error': {
        const p = frame.ref !== undefined ? this.pending.get(frame.ref) : undefined;
        if (p && frame.ref !== undefined) {
          this.pending.delete(frame.ref);
          this.clearT(p.timer);
          p.reject(new CommandError(frame.code, frame.message));
          return;
        }
        break;
      }
      case 'pong':
        return;
      case 'admitted':
      case 'presence':
      case 'tallies':
      case 'ballot_sealed':
      case 'review':
      // An accepted hello is answered with a snapshot or, for a resume, with `resumed`: either one
      // proves it was accepted (the backoff was reset above).
      case 'resumed':
        break;
      default:
        assertNever(frame);
    }
    this.deps.onFrame(frame);
  }

  private handleClose(code: number, reason: string): void {
    this.clearTimers();
    this.ws = null;
    this.failPending('The connection dropped before the server answered; check and try again.');
    if (this.stopped) return;
    if (isTerminalClose(code)) {
      this.stopped = true;
      this.setStatus({ state: 'closed', code, reason });
      return;
    }
    // A server restart (1012) is quick; everything else backs off.
    const delay = code === STANDARD_CLOSE_CODES.service_restart && this.attempt <= 1 ? 250 : backoffDelay(this.attempt, this.deps.random);
    this.setStatus({ state: 'waiting', attempt: this.attempt, retryAt: Date.now() + delay, lastCode: code });
    this.retryTimer = this.setT(() => this.connect(), delay);
  }

  private armPing(): void {
    this.clearT(this.pingTimer);
    this.clearT(this.pongTimer);
    this.pongTimer = null;
    this.pingTimer = this.setT(() => {
      const ws = this.ws;
      if (!ws || ws.readyState !== 1) return;
      ws.send('{"type":"ping"}');
      // Any frame re-arms; silence past the timeout means the link is dead even if TCP says not.
      this.pongTimer = this.setT(() => this.reconnectNow(), PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  private clearTimers(): void {
    this.clearT(this.retryTimer);
    this.clearT(this.pingTimer);
    this.clearT(this.pongTimer);
    this.retryTimer = this.pingTimer = this.pongTimer = null;
  }

  private failPending(message: string): void {
    for (const [, p] of this.pending) {
      this.clearT(p.timer);
      p.reject(new CommandError('unavailable', message));
    }
    this.pending.clear();
  }

  private setStatus(status: SocketStatus): void {
    this.status = status;
    this.deps.onStatus(status);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}

export type { CloseCode };

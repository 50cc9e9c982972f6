// A moderation-channel client for tests: says hello, folds events with the shared evolve exactly as
// the web app does, and sends commands that resolve on their ack or error.
import { evolve, fromSnapshot, PROTOCOL_VERSION, type CallState } from '@caucus/shared';
import WebSocket from 'ws';
import { cookieFor } from './session-devices';

export interface Frame {
  type: string;
  [key: string]: any;
}

export class TestClient {
  readonly frames: Frame[] = [];
  state: CallState | null = null;
  seq = 0;
  you: { identity: string; role: string; status: string } | null = null;
  closed: { code: number; reason: string } | null = null;
  private waiters: { match: (f: Frame | null) => boolean; resolve: (f: Frame | null) => void }[] = [];
  private nextRef = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      if (frame.type === 'snapshot') {
        this.state = frame.state && fromSnapshot(frame.state);
        this.seq = frame.seq;
        this.you = frame.you;
      } else if (frame.type === 'event') {
        if (this.state) this.state = evolve(this.state, frame.event);
        this.seq = frame.seq;
      }
      this.check(frame);
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.check(null);
    });
  }

  static async connect(
    baseUrl: string,
    callId: string,
    sessionToken: string | null,
    opts: { lastSeq?: number; origin?: string | null; protocol?: number; cookie?: string | null; localAddress?: string } = {},
  ): Promise<TestClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/calls/${callId}/ws`;
    const origin = opts.origin === undefined ? baseUrl : opts.origin;
    // The browser's device cookie goes with the upgrade (sessions are bound to it); null: none.
    const cookie = opts.cookie === undefined ? (sessionToken ? cookieFor(sessionToken) : null) : opts.cookie;
    const socket = new WebSocket(url, {
      ...(origin ? { origin } : {}),
      ...(cookie ? { headers: { cookie } } : {}),
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    if (sessionToken !== null) {
      client.raw({
        type: 'hello',
        protocol: opts.protocol ?? PROTOCOL_VERSION,
        sessionToken,
        ...(opts.lastSeq !== undefined ? { lastSeq: opts.lastSeq } : {}),
      });
    }
    return client;
  }

  /** Connects and waits for the first snapshot (or the events after lastSeq). */
  static async ready(baseUrl: string, callId: string, sessionToken: string): Promise<TestClient> {
    const client = await TestClient.connect(baseUrl, callId, sessionToken);
    await client.waitFor((f) => f.type === 'snapshot');
    return client;
  }

  raw(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends a command; resolves with its ack or error frame. */
  async command(command: { type: string; [k: string]: unknown }): Promise<Frame> {
    const ref = `r${this.nextRef++}`;
    this.raw({ ...command, ref });
    const answer = await this.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.ref === ref);
    return answer;
  }

  /** Sends a command that must be accepted. */
  async ok(command: { type: string; [k: string]: unknown }): Promise<Frame> {
    const answer = await this.command(command);
    if (answer.type !== 'ack') throw new Error(`${command.type} refused: ${answer.code} ${answer.message}`);
    return answer;
  }

  /** Resolves with the first frame (already received or future) that matches. */
  waitFor(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return this.waitNew(match, timeoutMs);
  }

  /** Resolves with the next frame from now on that matches. */
  waitNew(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    if (this.closed) return Promise.reject(new Error(`socket already closed (${this.closed.code} ${this.closed.reason})`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; last: ${JSON.stringify(this.frames.slice(-3))}`)), timeoutMs);
      this.waiters.push({
        match: (f) => (f === null ? this.closed !== null : match(f)),
        resolve: (f) => {
          clearTimeout(timer);
          if (f === null) reject(new Error(`socket closed (${this.closed?.code} ${this.closed?.reason}) while waiting`));
          else resolve(f);
        },
      });
    });
  }

  /** Waits until the folded state satisfies a condition. */
  async until(condition: (s: CallState) => boolean, timeoutMs = 10_000): Promise<CallState> {
    if (this.state && condition(this.state)) return this.state;
    await this.waitNew(() => this.state !== null && condition(this.state), timeoutMs);
    return this.state!;
  }

  waitClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket not closed in time')), timeoutMs);
      this.socket.once('close', (code, reason) => {
        clearTimeout(timer);
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  close(): void {
    this.socket.close();
  }

  private check(frame: Frame | null): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(frame as Frame)) return true;
      w.resolve(frame);
      return false;
    });
  }
}

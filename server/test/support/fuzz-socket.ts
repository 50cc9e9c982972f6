// A websocket client for the fuzz test that knows, for every frame it sends, what the server must
// answer, with parseClientFrame as the oracle. It sends in lockstep (one frame, then its answer),
// paced under the per-connection rate limit, and checks every frame the server sends against the
// protocol's server frame schema.
import { ERROR_CODES, parseClientFrame, parseServerFrame } from '@caucus/shared';
import type { TestClient, Frame } from '../../../test/ws-client';

const codes: readonly string[] = ERROR_CODES;

/** The socket's maxPayload (routes/ws.ts): bigger frames close the socket with 1009. */
export const WS_MAX_PAYLOAD = 16 * 1024;

/** Close codes a fuzzing member may legitimately meet: another fuzzer removed, banned or denied them. */
export const MODERATION_CLOSES = new Set([4003, 4004, 4005, 4009]);

/** Client-side token bucket, well inside the server's (burst 40, 20/s) so lockstep is never refused for rate. */
export class Pacer {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly burst = 20,
    private readonly perSecond = 14,
  ) {
    this.tokens = burst;
  }
  async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}

export type Outcome = 'answered' | 'rate_limited' | 'cut_off';

export class FuzzSocket {
  readonly problems: string[] = [];
  /** Codes of the errors this socket received, for the run's summary. */
  readonly codes = new Map<string, number>();
  sent = 0;
  rateLimited = 0;
  private replies: Frame[] = [];
  private wake: (() => void) | null = null;

  constructor(
    readonly client: TestClient,
    readonly authenticated: boolean,
    private readonly pacer = new Pacer(),
  ) {
    client.socket.on('message', (data) => {
      const text = data.toString();
      const parsed = parseServerFrame(text);
      if (!parsed.ok) this.problems.push(`the server sent a frame outside the protocol (${parsed.error.message}): ${text.slice(0, 200)}`);
      const f = JSON.parse(text) as Frame;
      // Answers are ack, error and pong; everything else (events, snapshots, admitted...) is pushed.
      if (f.type !== 'ack' && f.type !== 'error' && f.type !== 'pong') return;
      if (f.type === 'error') this.codes.set(f.code, (this.codes.get(f.code) ?? 0) + 1);
      this.replies.push(f);
      this.wake?.();
    });
    client.socket.on('close', () => this.wake?.());
  }

  get closed() {
    return this.client.closed;
  }

  /**
   * Sends one frame and checks its answer. A valid command without a ref goes through
   * sendUnreferenced (its acceptance is silent).
   */
  async send(raw: string): Promise<Outcome> {
    if (Buffer.byteLength(raw) > WS_MAX_PAYLOAD) {
      await this.sendExpectingClose(raw, 1009);
      return 'cut_off';
    }
    const parsed = parseClientFrame(raw);
    if (this.authenticated && parsed.ok && parsed.frame.type !== 'ping' && parsed.frame.type !== 'hello' && (parsed.frame as { ref?: string }).ref === undefined) {
      return this.sendUnreferenced(raw);
    }
    if (this.closed) return 'cut_off';
    await this.pacer.take();
    if (this.closed) return 'cut_off';
    this.sent++;
    this.client.socket.send(raw);
    const what = `${raw.length > 160 ? `${raw.slice(0, 160)}...(${raw.length})` : raw}`;

    const next = () => this.nextReply();
    const first = await next();
    if (first === 'closed') return 'cut_off';
    if (first === 'timeout') return this.problem(`no answer to ${what}`);
    if (first.type === 'error' && first.code === 'rate_limited' && first.ref === undefined) {
      this.rateLimited++;
      return 'rate_limited';
    }

    if (!parsed.ok) {
      if (first.type !== 'error' || first.code !== parsed.error.code || first.ref !== undefined) {
        return this.problem(`expected error ${parsed.error.code} for ${what}, got ${JSON.stringify(first)}`);
      }
      return 'answered';
    }
    const frame = parsed.frame;
    if (frame.type === 'ping' && this.authenticated) return first.type === 'pong' ? 'answered' : this.problem(`expected pong, got ${JSON.stringify(first)}`);
    if (frame.type === 'hello') {
      // Only members send a second hello; raw sockets never get a valid one from the fuzzer.
      return first.type === 'error' && first.code === 'invalid' ? 'answered' : this.problem(`second hello answered ${JSON.stringify(first)}`);
    }
    const ref = (frame as { ref?: string }).ref;
    if (!this.authenticated) {
      if (first.type !== 'error' || first.code !== 'unauthorized' || first.ref !== ref) {
        return this.problem(`expected unauthorized${ref ? ` with ref ${ref}` : ''} before hello for ${what}, got ${JSON.stringify(first)}`);
      }
      return 'answered';
    }
    if (ref !== undefined) {
      const ok = (first.type === 'ack' || (first.type === 'error' && codes.includes(first.code))) && first.ref === ref;
      return ok ? 'answered' : this.problem(`expected ack or error with ref ${ref} for ${what}, got ${JSON.stringify(first)}`);
    }
    return this.problem(`unexpected ${JSON.stringify(first)} after ${what}`);
  }

  /** A valid command without ref: answered only if refused, so a ping marks the end of its answer. */
  async sendUnreferenced(raw: string): Promise<Outcome> {
    if (this.closed) return 'cut_off';
    await this.pacer.take();
    await this.pacer.take();
    if (this.closed) return 'cut_off';
    this.sent++;
    this.client.socket.send(raw);
    this.client.socket.send('{"type":"ping"}');
    for (;;) {
      const f = await this.nextReply();
      if (f === 'closed') return 'cut_off';
      if (f === 'timeout') return this.problem(`no pong after ${raw.slice(0, 160)}`);
      if (f.type === 'pong') return 'answered';
      if (f.type === 'error' && f.code === 'rate_limited' && f.ref === undefined) {
        this.rateLimited++;
        return 'rate_limited';
      }
      if (f.type !== 'error' || f.ref !== undefined || !codes.includes(f.code)) return this.problem(`unexpected ${JSON.stringify(f)} after ${raw.slice(0, 160)}`);
    }
  }

  /** Expects the server to close the socket (an oversize frame: 1009). */
  async sendExpectingClose(raw: string | Buffer, code: number): Promise<void> {
    if (this.closed) return;
    this.sent++;
    this.client.socket.send(raw, { binary: false });
    const closed = await this.client.waitClosed(10_000).catch(() => null);
    if (!closed || closed.code !== code) this.problems.push(`expected close ${code}, got ${JSON.stringify(closed)}`);
  }

  private problem(message: string): Outcome {
    this.problems.push(message);
    return 'answered';
  }

  private async nextReply(timeoutMs = 15_000): Promise<Frame | 'closed' | 'timeout'> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = this.replies.shift();
      if (f) return f;
      if (this.closed) return 'closed';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }
}

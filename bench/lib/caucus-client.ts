// A lean moderation-channel client for load: joins over HTTP like the web app, says hello on the
// websocket, and either folds every event with the shared `evolve` into its own state, exactly as
// a browser does, or only parses it (a client for timing, like the baseline's: thousands of them
// in one process would otherwise measure the load generator's folding, not the server). Each keeps
// only its state, its seq and two counters; scenarios observe applied events through one global hook.
import { evolve, fromSnapshot, PROTOCOL_VERSION, type CallState, type Event } from '@caucus/shared';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** Called after a client parsed (and, if it folds, folded) an event: the scenario's measuring hook. */
export type AppliedHook = (client: BenchClient, event: Event, seq: number) => void;
let onApplied: AppliedHook | null = null;
/** For before/after runs against an older server (--protocol=1); this checkout's version otherwise. */
const helloProtocol = Number(process.env.CAUCUS_BENCH_PROTOCOL ?? PROTOCOL_VERSION);

export function setAppliedHook(hook: AppliedHook | null): void {
  onApplied = hook;
}

/** Frames the client does not handle itself (tallies, ballot_sealed), for the scenario that wants them. */
type FrameHook = (client: BenchClient, frame: { type: string; [k: string]: unknown }) => void;
let onOtherFrame: FrameHook | null = null;
export function setFrameHook(hook: FrameHook | null): void {
  onOtherFrame = hook;
}

// Keep-alive connections, like a browser's; at most this many joins are in flight per agent anyway.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface HttpResult {
  status: number;
  json: any;
  /** Set-Cookie values (the join sets the browser's device cookie). */
  setCookie: string[];
}

export function httpJson(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json: any = text;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON: keep the text for the error message
          }
          resolve({ status: res.statusCode ?? 0, json, setCookie: res.headers['set-cookie'] ?? [] });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export type BenchRole = 'host' | 'moderator' | 'speaker' | 'participant';

export interface CreatedCall {
  id: string;
  /** The shared participant invite. */
  participant: string;
  /** Hosts, moderators and speakers each get a personal invitation (one browser each). */
  personal(role: Exclude<BenchRole, 'participant'>, name: string): Promise<string>;
}

const inviteOf = (link: string) => new URL(link).searchParams.get('invite')!;

export async function createCall(baseUrl: string, organizerKey: string, settings: Record<string, unknown>): Promise<CreatedCall> {
  const authorization = `Bearer ${organizerKey}`;
  const res = await httpJson(baseUrl, 'POST', '/api/calls', { title: 'National call (bench)', settings }, { authorization });
  if (res.status !== 201) throw new Error(`create call: ${res.status} ${JSON.stringify(res.json)}`);
  return callHandle(baseUrl, organizerKey, res.json.call.id as string, inviteOf(res.json.links.participant));
}

/** A call created elsewhere (another process, another instance of a cluster), reached through `baseUrl`. */
export function callHandle(baseUrl: string, organizerKey: string, id: string, participant: string): CreatedCall {
  const authorization = `Bearer ${organizerKey}`;
  return {
    id,
    participant,
    async personal(role, name) {
      const inv = await httpJson(baseUrl, 'POST', `/api/calls/${id}/invitations`, { role, name }, { authorization });
      if (inv.status !== 201) throw new Error(`invite ${role}: ${inv.status} ${JSON.stringify(inv.json)}`);
      return inviteOf(inv.json.link);
    },
  };
}

export interface Joined {
  identity: string;
  sessionToken: string;
  role: string;
  /** From the `admitted` frame at the first hello (protocol 5), once connected. */
  livekit: { url: string; token: string } | null;
  /** The device cookie the join set: the session is bound to it, as in a browser. */
  cookie: string | null;
}

export async function joinCall(baseUrl: string, call: CreatedCall, role: BenchRole, name: string): Promise<Joined> {
  const invite = role === 'participant' ? call.participant : await call.personal(role, name);
  const res = await httpJson(baseUrl, 'POST', `/api/calls/${call.id}/join`, { invite, name });
  if (res.status !== 200) throw new Error(`join as ${role}: ${res.status} ${JSON.stringify(res.json)}`);
  const cookie = res.setCookie.map((c) => c.split(';')[0]!).find((c) => c.includes('caucus_device=')) ?? null;
  return { ...(res.json as Joined), livekit: null, cookie };
}

export interface ClientOptions {
  /** Fold events into `state` like the web app (default); false: parse only, `state` stays null. */
  fold?: boolean;
  /** Source address of the socket (127.0.0.2, ...): loopback has about 28k ports per source address. */
  localAddress?: string;
}

export class BenchClient {
  /** The folded state (folding clients only). */
  state: CallState | null = null;
  seq = 0;
  /** From `presence` frames, where the server sends them. */
  present: number | null = null;
  /** Bytes and frames received (websocket payloads). */
  bytes = 0;
  frames = 0;
  /** When set, the byte length of every frame received is appended (one client per change). */
  record: number[] | null = null;
  closed = false;
  /** Free for the scenario (e.g. 1 = one of the N measured receivers). */
  tag = 0;
  private snapshotWaiter: ((c: BenchClient) => void) | null = null;
  private answerWaiters = new Map<string, (frame: any) => void>();
  private nextRef = 1;

  private constructor(
    readonly joined: Joined,
    readonly socket: WebSocket,
    readonly folds: boolean,
  ) {
    socket.on('message', (data: Buffer) => this.handle(data));
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => {
      this.closed = true;
    });
  }

  /** performance.now() when the socket opened (the hello leaves right then). */
  openedAt = 0;

  /** Opens the socket, says hello and resolves once the first snapshot is folded. */
  static connect(baseUrl: string, callId: string, joined: Joined, opts: ClientOptions = {}): Promise<BenchClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/calls/${callId}/ws`;
    const socket = new WebSocket(url, {
      perMessageDeflate: false,
      ...(joined.cookie ? { headers: { cookie: joined.cookie } } : {}),
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    const client = new BenchClient(joined, socket, opts.fold ?? true);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no snapshot for ${joined.identity} within 30 s`)), 30_000);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('close', (code, reason) => {
        clearTimeout(timer);
        reject(new Error(`socket closed before the snapshot: ${code} ${reason.toString()}`));
      });
      socket.once('open', () => {
        client.openedAt = performance.now();
        socket.send(JSON.stringify({ type: 'hello', protocol: helloProtocol, sessionToken: joined.sessionToken }));
      });
      client.snapshotWaiter = (c) => {
        clearTimeout(timer);
        resolve(c);
      };
    });
  }

  get identity(): string {
    return this.joined.identity;
  }

  /** Sends a command with a ref; resolves with its ack or error frame. */
  command(command: Record<string, unknown>): Promise<any> {
    const ref = `b${this.nextRef++}`;
    return new Promise((resolve) => {
      this.answerWaiters.set(ref, resolve);
      this.socket.send(JSON.stringify({ ...command, ref }));
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private handle(data: Buffer): void {
    this.bytes += data.length;
    this.frames += 1;
    this.record?.push(data.length);
    const frame = JSON.parse(data.toString());
    switch (frame.type) {
      case 'snapshot':
        if (this.folds) this.state = frame.state && fromSnapshot(frame.state);
        this.seq = frame.seq;
        if (frame.present !== undefined) this.present = frame.present;
        if (this.snapshotWaiter) {
          const w = this.snapshotWaiter;
          this.snapshotWaiter = null;
          w(this);
        }
        return;
      case 'event':
        if (frame.seq <= this.seq) return;
        if (this.state) this.state = evolve(this.state, frame.event);
        this.seq = frame.seq;
        onApplied?.(this, frame.event, frame.seq);
        return;
      case 'presence':
        this.present = frame.present;
        return;
      case 'admitted':
        this.joined.livekit = frame.livekit;
        return;
      case 'ack':
      case 'error': {
        const w = frame.ref !== undefined ? this.answerWaiters.get(frame.ref) : undefined;
        if (w) {
          this.answerWaiters.delete(frame.ref);
          w(frame);
        }
        return;
      }
      default:
        onOtherFrame?.(this, frame);
        return;
    }
  }
}

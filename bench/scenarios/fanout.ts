// Fan-out: N participants connected; one queue change at a time (a hand raised by someone new,
// then the floor granted to them by the host). Three figures per change:
// - end to end: from the command leaving the actor's socket until the LAST of the N participants
//   has the event (parsed; the folding sample: folded), and the bytes each one received for it;
// - server side: what the server itself reports (bench/lib/fanout-timings.ts): from the command's
//   frame received to the last socket write of its broadcast;
// - correctness: a sample of the N (and the host) fold every event with the shared `evolve` like
//   the web app, and at the end must equal a fresh snapshot (bench/lib/fold-check.ts).
// Paired with each change, in the same process and at the same N, a round of the bare `ws`
// baseline: the same number of frames of the same sizes, broadcast to N other clients (which
// parse them) by a server that does nothing else and reports its own side the same way.
import type { Event } from '@caucus/shared';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { setAppliedHook, type BenchClient } from '../lib/caucus-client';
import { takeFanoutTimings } from '../lib/fanout-timings';
import { checkFolds, type FoldCheck } from '../lib/fold-check';
import { processCpuMs } from '../lib/process-cpu';
import { monotonicUs } from '../lib/profile-summary';
import { closeAll, fill, openCall } from '../lib/people';
import { mean, pool, sleep } from '../lib/stats';

export interface FanoutConfig {
  baseUrl: string;
  baselineUrl: string;
  organizerKey: string;
  n: number;
  /** Each round is two changes: hand raised, floor granted. */
  rounds: number;
  joinConcurrency: number;
  /** Pause between changes, so each is measured on its own. */
  gapMs: number;
  /** How many of the N fold every event (spread evenly; the rest parse only). */
  foldSample: number;
  /** The two servers' processes, to read the CPU time each used while the changes were measured. */
  serverPid?: number;
  baselinePid?: number;
  /** Diagnosis: every client folds, as the web app does (the method before the server-side figures). */
  foldAll?: boolean;
}

export interface ChangeSample {
  kind: 'hand_raised' | 'floor_granted';
  ms: number;
  /** Until the FIRST client applied it: the server's own delay before its broadcast loop. */
  firstMs: number;
  /** The load generator's own busy time (event loop utilisation) while the change went out. */
  clientBusyMs: number;
  /** Mean bytes received per receiving client (the actor excluded) for this change. */
  bytesPerClient: number;
  /** Websocket payload sizes one receiving client got for this change, in order. */
  frameSizes: number[];
}

export interface FanoutResult {
  n: number;
  setupMs: number;
  caucus: ChangeSample[];
  baseline: BaselineRound[];
  /** Server side, one sample per change (null: the server has no timing route). */
  serverMs: number[] | null;
  baselineServerMs: number[];
  /** Participants that folded every event (the others parsed only). */
  foldingClients: number;
  foldCheck: FoldCheck;
  /** When the changes were measured (monotonic microseconds, the clock of CPU profiles). */
  window: { startUs: number; endUs: number };
  /** CPU time (user + system) each server used over that window, all threads and the main one; null where unknown. */
  cpuMs: { server: number | null; baseline: number | null; serverMain: number | null; baselineMain: number | null };
  /** Sanity: what a participant's folded state holds at the end. */
  participantView: { members: number; present: number | null; queue: number };
}

const CHANGE_TIMEOUT_MS = 60_000;

/** Runs `send` and resolves when every client tagged 1 has applied an event matching `match`. */
function measureChange(
  receivers: BenchClient[],
  actor: BenchClient,
  kind: ChangeSample['kind'],
  match: (e: Event) => boolean,
  send: () => void,
): Promise<ChangeSample> {
  const before = receivers.map((c) => c.bytes);
  const recorder = receivers.find((c) => c !== actor)!;
  recorder.record = [];
  let done = 0;
  let firstMs = 0;
  const elu = performance.eventLoopUtilization();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      setAppliedHook(null);
      reject(new Error(`${kind}: only ${done} of ${receivers.length} clients applied it within ${CHANGE_TIMEOUT_MS} ms`));
    }, CHANGE_TIMEOUT_MS);
    let t0 = 0;
    setAppliedHook((client, event) => {
      if (client.tag !== 1 || !match(event)) return;
      done += 1;
      if (done === 1) firstMs = performance.now() - t0;
      if (done < receivers.length) return;
      const ms = performance.now() - t0;
      const clientBusyMs = performance.eventLoopUtilization(elu).active;
      clearTimeout(timer);
      setAppliedHook(null);
      const bytes: number[] = [];
      receivers.forEach((c, i) => {
        if (c !== actor) bytes.push(c.bytes - before[i]!);
      });
      const frameSizes = recorder.record ?? [];
      recorder.record = null;
      resolve({ kind, ms, firstMs, clientBusyMs, bytesPerClient: mean(bytes), frameSizes });
    });
    t0 = performance.now();
    send();
  });
}

export async function runFanout(cfg: FanoutConfig, log: (line: string) => void): Promise<FanoutResult> {
  const t0 = performance.now();
  const baselineCrowd = await BaselineCrowd.connect(cfg.baselineUrl, cfg.n);
  const { call, host } = await openCall(cfg.baseUrl, cfg.organizerKey);
  const every = Math.max(1, Math.floor(cfg.n / Math.max(1, cfg.foldSample)));
  const sampled = (i: number) => i % every === every - 1 && i < every * cfg.foldSample;
  const people = await fill(cfg.baseUrl, call, cfg.n, cfg.joinConcurrency, (i) => !!cfg.foldAll || sampled(i));
  for (const p of people) p.tag = 1;
  const folding = people.filter((p) => p.folds);
  // With --fold-all too, only the sample is checked: a fresh socket each for thousands would be a storm.
  const checked = people.filter((_, i) => sampled(i));
  // Let the arrivals' traffic (presence, the host's member events) drain before measuring.
  const deadline = Date.now() + 30_000;
  while (host.state!.members.presentCount() < cfg.n + 1 && Date.now() < deadline) await sleep(100);
  await sleep(1500);
  const setupMs = performance.now() - t0;
  log(`fanout n=${cfg.n}: ${cfg.n} participants connected in ${(setupMs / 1000).toFixed(1)} s (${folding.length} of them fold)`);
  // What the servers recorded while everyone arrived is not a change: start from empty logs.
  const baselineHttp = cfg.baselineUrl.replace(/^ws/, 'http');
  await takeFanoutTimings(cfg.baseUrl);
  await takeFanoutTimings(baselineHttp);

  // Paired: each Caucus change is followed at once by a baseline round of the same frames, so a
  // burst of load from elsewhere on the machine hits both sides alike.
  const caucus: ChangeSample[] = [];
  const baseline: BaselineRound[] = [];
  const pair = async (change: ChangeSample) => {
    caucus.push(change);
    await sleep(cfg.gapMs);
    baseline.push(await baselineCrowd.round(baseline.length, change.frameSizes));
    await sleep(cfg.gapMs);
  };
  const stride = Math.max(1, Math.floor(cfg.n / cfg.rounds));
  const of = (pid: number | undefined, main = false) => (pid ? processCpuMs(pid, main) : null);
  const cpu = () => ({ server: of(cfg.serverPid), baseline: of(cfg.baselinePid), serverMain: of(cfg.serverPid, true), baselineMain: of(cfg.baselinePid, true) });
  const cpuBefore = cpu();
  const startUs = monotonicUs();
  for (let r = 0; r < cfg.rounds; r++) {
    // A different person each time, who has never been on the record: the worst case for bytes.
    const raiser = people[(r * stride) % cfg.n]!;
    const id = raiser.identity;
    await pair(
      await measureChange(people, raiser, 'hand_raised', (e) => e.type === 'hand_raised' && e.participant === id, () =>
        void raiser.command({ type: 'raise_hand' }),
      ),
    );
    await pair(
      await measureChange(people, host, 'floor_granted', (e) => e.type === 'floor_granted' && e.participant === id, () =>
        void host.command({ type: 'grant_floor', participant: id }),
      ),
    );
  }
  const window = { startUs, endUs: monotonicUs() };
  const cpuAfter = cpu();
  const used = (a: number | null, b: number | null) => (a === null || b === null ? null : b - a);
  const cpuMs = {
    server: used(cpuBefore.server, cpuAfter.server),
    baseline: used(cpuBefore.baseline, cpuAfter.baseline),
    serverMain: used(cpuBefore.serverMain, cpuAfter.serverMain),
    baselineMain: used(cpuBefore.baselineMain, cpuAfter.baselineMain),
  };
  const serverMs = await takeFanoutTimings(cfg.baseUrl);
  const baselineServerMs = (await takeFanoutTimings(baselineHttp)) ?? [];
  if (serverMs && serverMs.length !== caucus.length) log(`fanout n=${cfg.n}: the server reported ${serverMs.length} timings for ${caucus.length} changes`);
  if (baselineServerMs.length !== baseline.length) log(`fanout n=${cfg.n}: the baseline reported ${baselineServerMs.length} timings for ${baseline.length} rounds`);
  // Let the head count settle (presence frames are throttled) before comparing with snapshots.
  await sleep(2500);
  const sample = checked[checked.length - 1]!;
  const participantView = {
    members: sample.state?.members.size ?? 0,
    present: sample.present,
    queue: sample.state?.queue.length ?? -1,
  };
  const foldCheck = await checkFolds(cfg.baseUrl, call.id, [host, ...checked]);
  baselineCrowd.close();
  closeAll(people);
  host.close();
  return { n: cfg.n, setupMs, caucus, baseline, serverMs, baselineServerMs, foldingClients: folding.length, foldCheck, window, cpuMs, participantView };
}

export interface BaselineRound {
  ms: number;
  firstMs: number;
  clientBusyMs: number;
  sizes: number[];
}

/** N bare websocket clients that parse every frame; a round is done when all got its last frame. */
class BaselineCrowd {
  private current = -1;
  private done = 0;
  private start = 0;
  private firstMs = 0;
  private onDone: (() => void) | null = null;

  private constructor(
    private readonly n: number,
    private readonly sockets: WebSocket[],
    private readonly trigger: WebSocket,
  ) {}

  static async connect(url: string, n: number): Promise<BaselineCrowd> {
    const open = (socket: WebSocket) =>
      new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
    const sockets: WebSocket[] = new Array(n);
    let crowd: BaselineCrowd | null = null;
    await pool(n, 100, async (i) => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      socket.on('message', (data: Buffer) => crowd?.handle(JSON.parse(data.toString()) as { seq: number; last: boolean }));
      await open(socket);
      sockets[i] = socket;
    });
    const trigger = new WebSocket(url, { perMessageDeflate: false });
    await open(trigger);
    crowd = new BaselineCrowd(n, sockets, trigger);
    return crowd;
  }

  private handle(frame: { seq: number; last: boolean }): void {
    if (frame.seq !== this.current || !frame.last) return;
    if (++this.done === 1) this.firstMs = performance.now() - this.start;
    if (this.done === this.n) this.onDone?.();
  }

  round(k: number, sizes: number[]): Promise<BaselineRound> {
    this.current = k;
    this.done = 0;
    const elu = performance.eventLoopUtilization();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`baseline round ${k}: ${this.done} of ${this.n} within ${CHANGE_TIMEOUT_MS} ms`)), CHANGE_TIMEOUT_MS);
      this.onDone = () => {
        clearTimeout(timer);
        this.onDone = null;
        const ms = performance.now() - this.start;
        resolve({ ms, firstMs: this.firstMs, clientBusyMs: performance.eventLoopUtilization(elu).active, sizes });
      };
      this.start = performance.now();
      this.trigger.send(JSON.stringify({ go: k, sizes: sizes.length ? sizes : [200] }));
    });
  }

  close(): void {
    for (const s of this.sockets) s.terminate();
    this.trigger.terminate();
  }
}

// Join storm: N people arriving as fast as they can, `concurrency` at a time (a closed loop: each
// arrival starts as soon as a previous one is in). One join = HTTP join (the server mints the
// identity, the session and a LiveKit token) + websocket open + hello + the snapshot folded.
// Everyone stays connected, so late arrivals land in a full call and early ones hear about it.
import { performance } from 'node:perf_hooks';
import { BenchClient, joinCall } from '../lib/caucus-client';
import { closeAll, openCall, participantName } from '../lib/people';
import { pool, sleep, summary } from '../lib/stats';

export interface JoinStormConfig {
  baseUrl: string;
  organizerKey: string;
  n: number;
  concurrency: number;
}

export interface JoinStormResult {
  n: number;
  concurrency: number;
  durationMs: number;
  joinsPerS: number;
  latency: ReturnType<typeof summary>;
  /** The HTTP join alone (identity, session, LiveKit token). */
  http: ReturnType<typeof summary>;
  /** From the HTTP answer to the websocket open (TCP + upgrade). */
  open: ReturnType<typeof summary>;
  /** From the hello to the snapshot. */
  hello: ReturnType<typeof summary>;
  /** Bytes of the snapshot the last arrival received. */
  lastSnapshotBytes: number;
  /** Bytes every arrival received during the whole storm, mean over clients. */
  meanBytesPerClient: number;
  /** Arrivals that took more than a second (a TCP SYN retransmission shows up as 1 s or 3 s). */
  over1s: number;
  /** What the host (full list) and a participant (count) know once the storm is over. */
  after: { hostMembers: number; participantPresent: number | null };
}

export async function runJoinStorm(cfg: JoinStormConfig, log: (line: string) => void): Promise<JoinStormResult> {
  const { call, host } = await openCall(cfg.baseUrl, cfg.organizerKey);
  await sleep(300);
  const latencies: number[] = [];
  const http: number[] = [];
  const open: number[] = [];
  const hello: number[] = [];
  const clients: BenchClient[] = [];
  let lastSnapshotBytes = 0;
  const start = performance.now();
  await pool(cfg.n, cfg.concurrency, async (i) => {
    const t0 = performance.now();
    const joined = await joinCall(cfg.baseUrl, call, 'participant', participantName(i));
    const t1 = performance.now();
    const client = await BenchClient.connect(cfg.baseUrl, call.id, joined);
    const t2 = performance.now();
    latencies.push(t2 - t0);
    http.push(t1 - t0);
    open.push(client.openedAt - t1);
    hello.push(t2 - client.openedAt);
    lastSnapshotBytes = client.bytes;
    clients.push(client);
  });
  const durationMs = performance.now() - start;
  log(`join storm: ${cfg.n} joins in ${(durationMs / 1000).toFixed(2)} s`);
  await sleep(2500);
  const result: JoinStormResult = {
    n: cfg.n,
    concurrency: cfg.concurrency,
    durationMs,
    joinsPerS: cfg.n / (durationMs / 1000),
    latency: summary(latencies),
    http: summary(http),
    open: summary(open),
    hello: summary(hello),
    lastSnapshotBytes,
    over1s: latencies.filter((ms) => ms > 1000).length,
    meanBytesPerClient: clients.reduce((a, c) => a + c.bytes, 0) / clients.length,
    after: {
      hostMembers: host.state?.members.presentCount() ?? 0,
      participantPresent: clients[0]?.present ?? null,
    },
  };
  closeAll(clients);
  host.close();
  return result;
}

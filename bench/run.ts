// `npm run bench`: the moderation plane at national-call scale, against the bare-websocket limit.
// See docs/PERFORMANCE.md for the method and the results.
//
//   npm run bench                       everything (15 to 20 minutes on 2 cores with the cluster, plus waits for quiet)
//   npm run bench -- --quick            small N, few samples (about a minute; the smoke test runs less)
//   npm run bench -- --only=fanout,join-storm,memory,floor-handoff,evolve-cost,secret-vote,shield,cluster
//   npm run bench -- --only=cluster --cluster-n=20000 --cluster-rounds=50 --cluster-storm-n=2000 --failovers=10
//   npm run bench -- --votes-n=5000     voters in the secret-vote scenario
//   npm run bench -- --fanout-n=500,1000 --storm-concurrency=32
//   npm run bench -- --server-dir=../other-checkout --protocol=2   measure an older checkout's server
//   npm run bench -- --fold-all         diagnosis: every fan-out client folds (as before 2026-11-30),
//                                       not only the sample that is checked against a snapshot
//   npm run bench -- --fold-sample=32   how many fan-out clients fold and are checked (the rest parse)
//   npm run bench -- --server-log       print each server's output (warnings and errors) at its end
//   npm run bench -- --no-wait          do not wait for the machine to be idle before measuring
//   npm run bench -- --profile          both servers and the load generator write V8 CPU profiles into
//                                       bench/results/profiles.tmp (open in Chrome DevTools); for
//                                       fan-out the run also says where the time of the measured
//                                       changes went (fanout[].profile, bench/lib/profile-summary.ts)
//
// Processes: this orchestrator; a real livekit-server on 127.0.0.1:27880 (webhooks to the bench
// server); for each scenario a fresh Caucus server (node --import tsx server/src/main.ts, its own
// SQLite file) and a fresh load generator (bench/load-client.ts); for fan-out also the bare `ws`
// server (bench/baseline-server.ts); both servers report their own side of each fan-out (the
// time from a command's frame to the last socket write, bench/lib/fanout-timings.ts). Traffic
// stays on loopback: as root the whole run re-enters itself in a network namespace that has only
// `lo` (as `npm test` does), and every loop is bounded in count and time. The cluster scenario
// adds Debian's redis-server and postgresql, a second Caucus instance and a second load
// generator (bench/scenarios/cluster.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { obtainLivekitBinary, startLivekit, type RunningLivekit } from '../infra/livekit';
import { chromiumPath } from '../test/browser';
import { fanoutSvg, type FanoutPoint } from './plot';
import { BENCH, cpuProfileOf, startBaseline, startLoadGenerator, startServer, type BenchServer } from './lib/processes';
import { summarizeProfile } from './lib/profile-summary';
import { tcpCounters, tcpDelta } from './lib/netstat';
import { waitQuiet } from './lib/quiet';
import { FANOUT_TARGETS, fanoutLogLine, fanoutRow, markdown, type FanoutRow } from './lib/report';
import { round, sleep } from './lib/stats';
import type { FanoutResult } from './scenarios/fanout';
import type { FloorHandoffResult } from './scenarios/floor-handoff';
import type { JoinStormResult } from './scenarios/join-storm';
import type { SecretVoteResult } from './scenarios/secret-vote';
import { EVOLVE_COST_PLAN, runEvolveCost } from './scenarios/evolve-cost';
import { runShield, SHIELD_PLAN } from './scenarios/shield';
import { CLUSTER_PLAN, CLUSTER_QUICK, runCluster } from './scenarios/cluster';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const numbers = (name: string) => option(name)?.split(',').map(Number);

const quick = flag('quick');
// Every scenario, in the order a run measures them (each runner is below; its key names its
// figures in the results file). A scenario that needs no server ignores the LiveKit argument.
const SCENARIOS = {
  fanout: { key: 'fanout', run: fanout },
  'join-storm': { key: 'join_storm', run: joinStorm },
  memory: { key: 'memory', run: memory },
  'floor-handoff': { key: 'floor_handoff', run: floorHandoff },
  'secret-vote': { key: 'secret_vote', run: secretVote },
  // In this process, no server: the core's cost per event against the size of the call.
  'evolve-cost': { key: 'evolve_cost', run: async () => (await quiet(), runEvolveCost(EVOLVE_COST_PLAN, log)) },
  // In this process: the server's call room on counting sockets; a raid shield over 5,000 present.
  shield: { key: 'shield', run: async () => (await quiet(), runShield(quick ? { present: 500, raiders: 100 } : SHIELD_PLAN, log)) },
  // Two Caucus instances in cluster mode on Redis and Postgres: 20,000 people over two gateways.
  cluster: { key: 'cluster', run: cluster },
} satisfies Record<string, { key: string; run: (livekit: RunningLivekit) => Promise<unknown> }>;
type Scenario = keyof typeof SCENARIOS;
const names = Object.keys(SCENARIOS) as Scenario[];
const only = (option('only')?.split(',') ?? names) as Scenario[];
for (const s of only) if (!names.includes(s)) throw new Error(`unknown scenario ${s}; choose from ${names.join(', ')}`);

const plan = {
  fanout: {
    ns: numbers('fanout-n') ?? (quick ? [100, 300] : [500, 1000, 2000, 5000]),
    rounds: Number(option('rounds') ?? (quick ? 5 : 50)),
    gapMs: 30,
    joinConcurrency: 50,
    // Of the N clients, this many fold every event like the web app and are checked at the end;
    // the others only parse, as the baseline's clients do.
    foldSample: Number(option('fold-sample') ?? (quick ? 8 : 32)),
  },
  joinStorm: { n: Number(option('storm-n') ?? (quick ? 200 : 2000)), concurrency: Number(option('storm-concurrency') ?? 50) },
  memory: { n: Number(option('memory-n') ?? (quick ? 300 : 5000)), concurrency: 50 },
  secretVote: { n: Number(option('votes-n') ?? (quick ? 300 : 5000)), castWindowMs: quick ? 3000 : 10_000, joinConcurrency: 50 },
  floorHandoff: { samples: Number(option('handoffs') ?? (quick ? 3 : 20)), settleMs: 700 },
  cluster: {
    ...(quick ? CLUSTER_QUICK : CLUSTER_PLAN),
    ...(option('cluster-n') ? { n: Number(option('cluster-n')) } : {}),
    ...(option('cluster-rounds') ? { rounds: Number(option('cluster-rounds')) } : {}),
    ...(option('cluster-storm-n') ? { storm: { ...(quick ? CLUSTER_QUICK : CLUSTER_PLAN).storm, n: Number(option('cluster-storm-n')) } } : {}),
    ...(option('failovers') ? { failover: { ...(quick ? CLUSTER_QUICK : CLUSTER_PLAN).failover, kills: Number(option('failovers')) } } : {}),
  },
};
const outDir = 'bench/results';
// Only a full default run replaces latest.json; anything partial goes to a git-ignored file.
const partial = !!(option('only') || option('fanout-n') || option('rounds') || option('storm-n') || option('storm-concurrency') || option('memory-n') || option('handoffs') || option('server-dir') || option('protocol') || option('fold-sample') || flag('fold-all') || flag('profile') || option('cluster-n') || option('cluster-rounds') || option('cluster-storm-n') || option('failovers'));
const outJson = option('out') ?? (quick ? join(outDir, 'quick.json.tmp') : partial ? join(outDir, 'partial.json.tmp') : join(outDir, 'latest.json'));
const outSvg = outJson.replace(/\.json(\.tmp)?$/, '') + '-fanout-p99.svg' + (outJson.endsWith('.tmp') ? '.tmp' : '');
const profileDir = flag('profile') ? join(outDir, 'profiles.tmp') : undefined;
// The load generator inherits this: say hello in another protocol version (with --server-dir).
if (option('protocol')) process.env.CAUCUS_BENCH_PROTOCOL = option('protocol');

// --- loopback only: re-enter in a network namespace when root (like infra/test.ts) -------------

const inNamespace = !!process.env.CAUCUS_BENCH_NETNS || !!process.env.CAUCUS_TEST_NETNS;
if (!inNamespace && !flag('no-netns')) {
  process.env.LIVEKIT_BIN = obtainLivekitBinary((line) => console.log(line));
  if (only.includes('floor-handoff') && !existsSync(chromiumPath())) {
    console.error(`Chromium not found at ${chromiumPath()}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  if (only.includes('cluster')) {
    const missing = ['redis-server', 'redis-cli', 'psql', '/usr/lib/postgresql/15/bin/postgres'].filter((bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0);
    if (missing.length) {
      console.error(`The cluster scenario needs Debian's Redis and Postgres (missing: ${missing.join(', ')}): apt-get install -y redis-server postgresql`);
      process.exit(1);
    }
  }
  const canIsolate = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v unshare && command -v ip']).status === 0;
  if (canIsolate) {
    const script = 'ip link set lo up && ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"';
    const r = spawnSync('unshare', ['-n', 'sh', '-c', script, process.execPath, '--import', 'tsx', 'bench/run.ts', ...argv], {
      stdio: 'inherit',
      env: { ...process.env, CAUCUS_BENCH_NETNS: '1' },
    });
    console.log('(the bench ran in a loopback-only network namespace)');
    process.exit(r.status ?? 1);
  }
  console.log('(not root: running without a network namespace; every address used is 127.0.0.1)');
}

// A run never outlives this, whatever hangs.
// (the cluster alone took 16 minutes on a busy machine: 20,000 arrivals through Postgres)
const RUN_LIMIT_MS = 45 * 60_000;
setTimeout(() => {
  console.error('bench: time limit exceeded, stopping');
  process.exit(4);
}, RUN_LIMIT_MS).unref();

const log = (line: string) => console.log(`[bench] ${line}`);
/**
 * Waits for the shared machine to be idle before a measurement (--no-wait: just record it): at
 * most 3 minutes each time and 6 in all, so a machine that never goes quiet cannot use up the
 * run's time limit in waits.
 */
let waitBudgetMs = flag('no-wait') ? 0 : quick ? 60_000 : 6 * 60_000;
const quiet = async () => {
  const started = Date.now();
  const busy = await waitQuiet(log, Math.min(waitBudgetMs, quick ? 30_000 : 180_000));
  waitBudgetMs = Math.max(0, waitBudgetMs - (Date.now() - started));
  return busy;
};

async function withServer<T>(livekit: RunningLivekit, opts: { inspect?: boolean; fanoutTiming?: boolean }, body: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await startServer({ livekitUrl: livekit.url, ...opts, cpuProfDir: profileDir, serverDir: option('server-dir') });
  try {
    return await body(server);
  } catch (err) {
    console.error(`--- server output (tail) ---\n${server.output().slice(-4000)}\n---`);
    throw err;
  } finally {
    if (flag('server-log')) console.log(`--- server output (tail) ---\n${server.output()}\n---`);
    await server.stop();
  }
}

async function fanout(livekit: RunningLivekit) {
  const rows = [];
  for (const n of plan.fanout.ns) {
    const busyBefore = await quiet();
    const loadgen = startLoadGenerator(log, profileDir);
    const baseline = await startBaseline(profileDir);
    let serverPid = 0;
    let r: FanoutResult;
    try {
      r = await withServer(livekit, { fanoutTiming: true }, (server) => {
        serverPid = server.pid;
        return loadgen.call<FanoutResult>('fanout', {
          baseUrl: server.baseUrl,
          baselineUrl: baseline.url,
          organizerKey: BENCH.organizerKey,
          n,
          rounds: plan.fanout.rounds,
          joinConcurrency: plan.fanout.joinConcurrency,
          gapMs: plan.fanout.gapMs,
          foldSample: plan.fanout.foldSample,
          foldAll: flag('fold-all'),
          serverPid: server.pid,
          baselinePid: baseline.pid,
        });
      });
    } finally {
      await baseline.stop();
      await loadgen.stop();
    }
    const row = fanoutRow(r, busyBefore);
    log(fanoutLogLine(row));
    for (const m of row.fold_check.mismatches) log(`fold check FAILED: ${m}`);
    rows.push(profileDir ? { ...row, profile: fanoutProfiles(profileDir, { server: serverPid, baseline: baseline.pid, loadgen: loadgen.pid }, r.window) } : row);
    await sleep(1000);
  }
  return rows;
}

/** --profile: where the two servers and the load generator spent the measured part of a fan-out. */
function fanoutProfiles(dir: string, pids: { server: number; baseline: number; loadgen: number }, window: FanoutResult['window']) {
  const summarize = (file: string | null) => (file ? summarizeProfile(file, window, 30) : null);
  const out = {
    server: summarize(cpuProfileOf(dir, pids.server)),
    baseline: summarize(cpuProfileOf(join(dir, 'baseline'), pids.baseline)),
    load_generator: summarize(cpuProfileOf(join(dir, 'load'), pids.loadgen)),
  };
  for (const [who, s] of Object.entries(out)) {
    if (!s) continue;
    log(`profile of the ${who} over ${s.window_ms} ms of changes: busy ${s.busy_ms} ms; by area ${JSON.stringify(s.by_area_ms)}`);
    for (const t of s.top.slice(0, 8)) log(`  self ${t.ms} ms  ${t.fn}`);
    for (const t of s.top_inclusive.slice(0, 12)) log(`  with callees ${t.ms} ms  ${t.fn}`);
  }
  return out;
}

async function joinStorm(livekit: RunningLivekit) {
  const busyBefore = await quiet();
  const loadgen = startLoadGenerator(log, profileDir);
  try {
    const tcpBefore = tcpCounters();
    const r = await withServer(livekit, {}, (server) =>
      loadgen.call<JoinStormResult>('join-storm', { baseUrl: server.baseUrl, organizerKey: BENCH.organizerKey, ...plan.joinStorm }),
    );
    const tcp = tcpDelta(tcpBefore, tcpCounters());
    const out = {
      n: r.n,
      joins_per_s: round(r.joinsPerS),
      p99_ms: r.latency.p99,
      p50_ms: r.latency.p50,
      p95_ms: r.latency.p95,
      max_ms: r.latency.max,
      concurrency: r.concurrency,
      duration_s: round(r.durationMs / 1000, 2),
      http_join_p50_ms: r.http.p50,
      http_join_p99_ms: r.http.p99,
      ws_open_p50_ms: r.open.p50,
      ws_open_p99_ms: r.open.p99,
      hello_to_snapshot_p50_ms: r.hello.p50,
      hello_to_snapshot_p99_ms: r.hello.p99,
      last_snapshot_bytes: r.lastSnapshotBytes,
      mean_bytes_per_client: round(r.meanBytesPerClient),
      after: r.after,
      over_1s: r.over1s,
      tcp,
      machine_busy_before: round(busyBefore, 2),
    };
    log(`join storm n=${out.n}: ${out.joins_per_s} joins/s, p50 ${out.p50_ms} ms, p99 ${out.p99_ms} ms (HTTP join p99 ${out.http_join_p99_ms} ms)`);
    return out;
  } finally {
    await loadgen.stop();
  }
}

async function memory(livekit: RunningLivekit) {
  const { n, concurrency } = plan.memory;
  await quiet();
  const loadgen = startLoadGenerator(log, profileDir);
  try {
    const caucus = await withServer(livekit, { inspect: true }, async (server) => {
      await loadgen.call('memory-setup', { baseUrl: server.baseUrl, organizerKey: BENCH.organizerKey });
      await sleep(1000);
      const before = await server.memory();
      const filled = await loadgen.call<{ connected: number }>('memory-fill', { baseUrl: server.baseUrl, n, concurrency });
      // Idle: the arrivals' traffic drained, timers settled.
      await sleep(5000);
      const after = await server.memory();
      await loadgen.call('memory-close');
      return { before, after, connected: filled.connected };
    });
    const baseline = await startBaseline();
    let bare;
    try {
      const before = (await loadgen.call<{ mem: NodeJS.MemoryUsage }>('memory-baseline-measure', { url: baseline.url })).mem;
      await loadgen.call('memory-baseline-connect', { url: baseline.url, n });
      await sleep(2000);
      const after = (await loadgen.call<{ mem: NodeJS.MemoryUsage }>('memory-baseline-measure', { url: baseline.url })).mem;
      await loadgen.call('memory-close');
      bare = { before, after };
    } finally {
      await baseline.stop();
    }
    const per = (a: number, b: number) => Math.round((b - a) / n);
    const out = {
      n,
      rss_bytes_per_participant: per(caucus.before.rss, caucus.after.rss),
      heap_bytes_per_participant: per(caucus.before.heapUsed, caucus.after.heapUsed),
      external_bytes_per_participant: per(caucus.before.external + caucus.before.arrayBuffers, caucus.after.external + caucus.after.arrayBuffers),
      connected: caucus.connected,
      server_rss_after_mb: round(caucus.after.rss / 2 ** 20),
      server_heap_after_mb: round(caucus.after.heapUsed / 2 ** 20),
      baseline_rss_bytes_per_connection: per(bare.before.rss, bare.after.rss),
      baseline_heap_bytes_per_connection: per(bare.before.heapUsed, bare.after.heapUsed),
    };
    log(`memory n=${n}: ${out.rss_bytes_per_participant} B RSS and ${out.heap_bytes_per_participant} B heap per participant (bare ws: ${out.baseline_rss_bytes_per_connection} B RSS)`);
    return out;
  } finally {
    await loadgen.stop();
  }
}

async function floorHandoff(livekit: RunningLivekit) {
  const busyBefore = await quiet();
  const loadgen = startLoadGenerator(log, profileDir);
  try {
    const r = await withServer(livekit, {}, (server) =>
      loadgen.call<FloorHandoffResult>('floor-handoff', { baseUrl: server.baseUrl, organizerKey: BENCH.organizerKey, ...plan.floorHandoff }),
    );
    const out = {
      samples: r.samples,
      p50_ms: r.subscribed.p50,
      p95_ms: r.subscribed.p95,
      max_ms: r.subscribed.max,
      first_audio_p50_ms: r.firstAudio.p50,
      first_audio_p95_ms: r.firstAudio.p95,
      subscribed_ms: r.subscribedMs,
      first_audio_ms: r.firstAudioMs,
      machine_busy_before: round(busyBefore, 2),
    };
    log(`floor handoff: track subscribed p50 ${out.p50_ms} ms, p95 ${out.p95_ms} ms; first audio p50 ${out.first_audio_p50_ms} ms, p95 ${out.first_audio_p95_ms} ms`);
    return out;
  } finally {
    await loadgen.stop();
  }
}

async function secretVote(livekit: RunningLivekit) {
  const busyBefore = await quiet();
  const loadgen = startLoadGenerator(log, profileDir);
  try {
    const r = await withServer(livekit, {}, (server) =>
      loadgen.call<SecretVoteResult>('secret-vote', { baseUrl: server.baseUrl, organizerKey: BENCH.organizerKey, ...plan.secretVote }),
    );
    const out = {
      n: r.n,
      cast_ms: round(r.castMs),
      seal_ms: round(r.sealMs),
      tally_ms: round(r.tallyMs),
      exact: r.exact,
      expected: r.expected,
      published: r.published,
      sealed_voters: r.sealedVoters,
      bytes_per_client: round(r.bytesPerClient),
      frames_per_client: round(r.framesPerClient, 2),
      per_ballot_broadcast_bytes: r.perBallotBroadcastBytes,
      bytes_ratio: round(r.bytesPerClient / r.perBallotBroadcastBytes, 4),
      machine_busy_before: round(busyBefore, 2),
    };
    log(
      `secret vote: ${out.n} ballots cast in ${out.cast_ms} ms; sealed ${out.seal_ms} ms after the last; tally ${out.tally_ms} ms after the close, exact ${out.exact}; ` +
        `${out.bytes_per_client} bytes (${out.frames_per_client} frames) per client while voting, ${out.bytes_ratio} of one frame per ballot`,
    );
    if (!r.exact) throw new Error(`secret vote: published ${JSON.stringify(r.published)}, cast ${JSON.stringify(r.expected)}`);
    return out;
  } finally {
    await loadgen.stop();
  }
}

type ClusterCheck = { log: { acked: number; acked_in_log: number; contiguous: boolean }; fold_check: { clients: number; equal: number } };

async function cluster(livekit: RunningLivekit) {
  const busyBefore = await quiet();
  return { ...(await runCluster(plan.cluster, livekit, log)), machine_busy_before: round(busyBefore, 2) };
}

async function main() {
  const started = Date.now();
  mkdirSync(outDir, { recursive: true });
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const livekit = await startLivekit({
    apiKey: BENCH.apiKey,
    apiSecret: BENCH.apiSecret,
    port: BENCH.livekitPort,
    webhookUrl: `http://127.0.0.1:${BENCH.serverPort}/api/livekit/webhook`,
    log: (line) => log(`livekit: ${line}`),
  });
  const results: Record<string, unknown> = {};
  try {
    for (const name of names) if (only.includes(name)) results[SCENARIOS[name].key] = await SCENARIOS[name].run(livekit);
    if (only.includes('fanout')) results.targets = { fanout: FANOUT_TARGETS };
  } finally {
    await livekit.stop();
  }
  const cpus = os.cpus();
  results.machine = {
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memory_bytes: os.totalmem(),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
  };
  results.run = { quick, scenarios: only, plan, duration_s: round((Date.now() - started) / 1000) };
  writeFileSync(outJson, JSON.stringify(results, null, 2) + '\n');
  log(`wrote ${outJson}`);
  const outMd = outJson.replace(/\.json(\.tmp)?$/, '.md') + (outJson.endsWith('.tmp') ? '.tmp' : '');
  writeFileSync(outMd, markdown(results));
  log(`wrote ${outMd}`);
  const rows = results.fanout as FanoutPoint[] | undefined;
  if (rows?.length) {
    const m = results.machine as { cores: number; node: string; date: string };
    writeFileSync(outSvg, fanoutSvg(rows, `${m.cores} cores, Node ${m.node}, ${m.date.slice(0, 10)}; server, load generator and baseline on one machine`));
    log(`wrote ${outSvg}`);
  }
  log(`done in ${round((Date.now() - started) / 1000)} s`);
  // A folding client that drifted from its snapshot is a bug in the core or the server, not noise.
  const drifted = (results.fanout as FanoutRow[] | undefined)?.some((f) => f.fold_check.equal !== f.fold_check.clients);
  if (drifted) {
    console.error('bench: some folding clients differ from a fresh snapshot (fold_check in the results)');
    process.exitCode = 2;
  }
  // In the cluster, an acked command missing from the log, a hole in the log or a drifted client is
  // a lost event: a bug, whatever the machine was doing.
  const c = results.cluster as { fanout: ClusterCheck; failover: ClusterCheck } | undefined;
  const lost = c && [c.fanout, c.failover].filter((x) => x.log.acked_in_log !== x.log.acked || !x.log.contiguous || x.fold_check.equal !== x.fold_check.clients);
  if (lost?.length) {
    console.error('bench: the cluster lost events (cluster.fanout / cluster.failover: log, fold_check)');
    process.exitCode = 2;
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

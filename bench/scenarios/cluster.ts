// The cluster: two Caucus instances in cluster mode (REDIS_URL, DATABASE_URL) on Debian's Redis
// and Postgres, one LiveKit, and one load generator per instance holding that gateway's people.
// One instance owns a call (it decides and appends; the lease in Redis says which); both are
// gateways (each fans the call's events out to its own sockets). Three measurements:
// - fan-out over both gateways: a hand raised, then the floor granted, sent alternately from
//   either gateway; for each change, the time from the command leaving its sender to the LAST
//   person on each gateway having the event. The owner's gateway against the other one: the
//   other's p99 at most 1.2 x the owner's (the cost of the bus hop).
// - a join storm over both gateways at once: joins/s, p99, none refused.
// - failover: `kill -9` of the owner, then the time until a command sent through the surviving
//   gateway is accepted; the killed instance restarts and its people reconnect; 10 times. After
//   the last, every acked command's event must be in Postgres's log, its seqs contiguous.
import type { RunningLivekit } from '../../infra/livekit';
import { startPostgres } from '../../test/postgres';
import { startRedis, type RunningRedis } from '../../test/redis';
import { eventLog, leaseOf, type LoggedEvent } from '../lib/cluster-services';
import type { FoldCheck } from '../lib/fold-check';
import { processCpuMs } from '../lib/process-cpu';
import { BENCH, startLoadGenerator, startServer, type BenchServer, type LoadGenerator } from '../lib/processes';
import { percentile, round, sleep, summary } from '../lib/stats';
import { monoMs, type Arrival, type CallRef, type ChangeTimes, type CommandResult, type ProbeResult } from './cluster-crowd';

export const CLUSTER_TARGETS = { other_over_owner_p99: 1.2, failover_p99_ms: 8000, refused: 0, lost: 0 };

export interface ClusterPlan {
  /** Participants in all, half on each gateway. */
  n: number;
  /** Each round: a hand raised, then the floor granted (two changes). */
  rounds: number;
  /** Arrivals in flight per gateway while filling the call. */
  joinConcurrency: number;
  /** Of each gateway's people, this many fold every event and are checked against a snapshot. */
  foldSample: number;
  storm: { n: number; concurrency: number };
  failover: { kills: number; perGateway: number; probeIntervalMs: number; maxMs: number };
  /** No filling of the call goes on longer than this (the scenario's time stays bounded). */
  arrivalsLimitMs: number;
  gapMs: number;
}

export const CLUSTER_PLAN: ClusterPlan = {
  n: 20_000,
  rounds: 50,
  joinConcurrency: 50,
  foldSample: 16,
  storm: { n: 2000, concurrency: 50 },
  failover: { kills: 10, perGateway: 100, probeIntervalMs: 200, maxMs: 30_000 },
  arrivalsLimitMs: 8 * 60_000,
  gapMs: 30,
};

export const CLUSTER_QUICK: ClusterPlan = {
  ...CLUSTER_PLAN,
  n: 1000,
  rounds: 10,
  foldSample: 4,
  storm: { n: 200, concurrency: 50 },
  failover: { ...CLUSTER_PLAN.failover, kills: 3, perGateway: 20 },
  arrivalsLimitMs: 2 * 60_000,
};

// A receives LiveKit's webhooks (the bench's LiveKit posts to BENCH.serverPort).
const PORTS = { a: BENCH.serverPort, b: BENCH.serverPort + 10 };

type Log = (line: string) => void;

/**
 * Commands of the fan-out that may go unacked (listed in the results) before the run stops: a
 * command refused because an earlier try of it was applied (the owner changed while it was on
 * its way) is a finding to report, not a reason to lose the run's other figures.
 */
const MAX_FAILED_CHANGES = 10;

interface Gateway {
  name: 'a' | 'b';
  id: string;
  server: BenchServer;
  loadgen: LoadGenerator;
}

export async function runCluster(plan: ClusterPlan, livekit: RunningLivekit, log: Log) {
  const redis = await startRedis();
  const services: { stop(): Promise<void> }[] = [redis];
  const gateways: Gateway[] = [];
  try {
    const postgres = await startPostgres();
    services.push(postgres);
    log(`cluster: redis ${redis.url}, postgres on ${postgres.port}`);
    for (const name of ['a', 'b'] as const) {
      const id = `bench-${name}`;
      // One after the other: the first applies the schema, the second finds it.
      const server = await startServer({
        livekitUrl: livekit.url,
        port: PORTS[name],
        env: { REDIS_URL: redis.url, DATABASE_URL: postgres.url, CAUCUS_INSTANCE_ID: id },
      });
      gateways.push({ name, id, server, loadgen: startLoadGenerator(log) });
    }
    log(`cluster: instances ${gateways.map((g) => `${g.id} ${g.server.baseUrl}`).join(', ')}`);
    const join_storm = await joinStorm(plan, gateways, log);
    const fanout = await fanoutOverGateways(plan, gateways, redis, postgres.url, log);
    const failover = await failovers(plan, gateways, redis, postgres.url, log);
    return { instances: gateways.length, livekit_nodes: 1, join_storm, fanout, failover, targets: CLUSTER_TARGETS };
  } catch (err) {
    for (const g of gateways) console.error(`--- ${g.id} output (tail) ---\n${g.server.output().slice(-3000)}\n---`);
    throw err;
  } finally {
    for (const g of gateways) await g.loadgen.stop();
    for (const g of gateways) await g.server.stop();
    for (const s of services.reverse()) await s.stop();
  }
}

/** A new call, created through gateway A; each gateway's load generator takes it. */
async function newCall(gateways: Gateway[], staff: boolean): Promise<CallRef> {
  const [a] = gateways;
  const call = await a!.loadgen.call<CallRef>('cluster-create', { baseUrl: a!.server.baseUrl, organizerKey: BENCH.organizerKey });
  await Promise.all(
    gateways.map((g, i) =>
      g.loadgen.call('cluster-attach', { baseUrl: g.server.baseUrl, organizerKey: BENCH.organizerKey, call, staffRole: staff ? (i === 0 ? 'host' : 'moderator') : null }),
    ),
  );
  return call;
}

/** Both gateways fill at once, half the people each. */
async function fillBoth(gateways: Gateway[], n: number, concurrency: number, foldEvery: number, limitMs: number): Promise<Arrival[]> {
  const half = Math.ceil(n / gateways.length);
  return Promise.all(
    gateways.map((g, i) => g.loadgen.call<Arrival>('cluster-fill', { n: Math.min(half, n - i * half), concurrency, offset: i * half, foldEvery, deadlineMs: limitMs })),
  );
}

const arrivalSummary = (arrivals: Arrival[]) => {
  const latencies = arrivals.flatMap((a) => a.latencies);
  const connected = arrivals.reduce((s, a) => s + a.connected, 0);
  const seconds = (Math.max(...arrivals.map((a) => a.endMs)) - Math.min(...arrivals.map((a) => a.startMs))) / 1000;
  return {
    connected,
    refused: arrivals.reduce((s, a) => s + a.refused, 0),
    reasons: arrivals.flatMap((a) => a.reasons).slice(0, 5),
    joins_per_s: round(connected / seconds),
    duration_s: round(seconds, 2),
    latency: summary(latencies),
  };
};

async function joinStorm(plan: ClusterPlan, gateways: Gateway[], log: Log) {
  await newCall(gateways, false);
  // The storm's concurrency is the whole cluster's, shared by the gateways.
  const perGateway = Math.max(1, Math.round(plan.storm.concurrency / gateways.length));
  const arrivals = await fillBoth(gateways, plan.storm.n, perGateway, 0, plan.arrivalsLimitMs);
  const s = arrivalSummary(arrivals);
  const bytes = await Promise.all(gateways.map((g) => g.loadgen.call<number>('cluster-bytes')));
  await Promise.all(gateways.map((g) => g.loadgen.call('cluster-close')));
  const out = {
    n: plan.storm.n,
    concurrency: perGateway * gateways.length,
    joins_per_s: s.joins_per_s,
    p50_ms: s.latency.p50,
    p95_ms: s.latency.p95,
    p99_ms: s.latency.p99,
    max_ms: s.latency.max,
    refused: s.refused,
    refusals: s.reasons,
    duration_s: s.duration_s,
    per_gateway: gateways.map((g, i) => ({ instance: g.id, connected: arrivals[i]!.connected, p99_ms: round(percentile(arrivals[i]!.latencies, 99)), mean_bytes_per_client: round(bytes[i]!) })),
  };
  log(`cluster join storm n=${out.n} over ${gateways.length} gateways: ${out.joins_per_s} joins/s, p50 ${out.p50_ms} ms, p99 ${out.p99_ms} ms, refused ${out.refused}`);
  return out;
}

/** The instance that owns the call now, per the lease; a command first if nobody does yet. */
async function ownerOf(redis: RunningRedis, callId: string, gateways: Gateway[], waitMs = 15_000): Promise<Gateway | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lease = leaseOf(redis, callId);
    const owner = lease && gateways.find((g) => g.id === lease.instanceId);
    if (owner) return owner;
    if (Date.now() > deadline) return null;
    await sleep(100);
  }
}

interface Change {
  kind: 'hand_raised' | 'floor_granted';
  sender: string;
  owner: string | null;
  sent: CommandResult;
  /** Per gateway (instance id): from the command sent to the last (first) of its people having it, ms. */
  last: Record<string, number>;
  first: Record<string, number>;
}

/** Arms every gateway for `match`, sends `command` from `sender`, waits until everyone has it. */
async function change(gateways: Gateway[], k: number, kind: Change['kind'], participant: string, sender: Gateway, actor: number, command: Record<string, unknown>, owner: Gateway | null): Promise<Change> {
  await Promise.all(gateways.map((g) => g.loadgen.call('cluster-arm', { change: k, match: { type: kind, participant } })));
  const waits = gateways.map((g) => g.loadgen.call<ChangeTimes>('cluster-wait', { change: k }));
  const sent = await sender.loadgen.call<CommandResult>('cluster-send', { actor, command });
  if (!sent.ack) {
    await Promise.allSettled(waits);
    return { kind, sender: sender.id, owner: owner?.id ?? null, sent, last: {}, first: {} };
  }
  const times = await Promise.all(waits);
  const last: Record<string, number> = {};
  const first: Record<string, number> = {};
  gateways.forEach((g, i) => {
    last[g.id] = times[i]!.lastMs - sent.sentMs;
    first[g.id] = times[i]!.firstMs - sent.sentMs;
  });
  return { kind, sender: sender.id, owner: owner?.id ?? null, sent, last, first };
}

const side = (changes: Change[], pick: (c: Change) => string | null) => {
  const last = changes.map((c) => c.last[pick(c)!]!).filter((x) => x !== undefined);
  const first = changes.map((c) => c.first[pick(c)!]!).filter((x) => x !== undefined);
  const s = summary(last);
  return { samples: s.n, p50_ms: s.p50, p95_ms: s.p95, p99_ms: s.p99, max_ms: s.max, first_p50_ms: round(percentile(first, 50)), first_p99_ms: round(percentile(first, 99)) };
};

async function fanoutOverGateways(plan: ClusterPlan, gateways: Gateway[], redis: RunningRedis, databaseUrl: string, log: Log) {
  const started = monoMs();
  const call = await newCall(gateways, true);
  const perGateway = Math.ceil(plan.n / gateways.length);
  const foldEvery = Math.max(1, Math.floor(perGateway / plan.foldSample));
  const arrivals = await fillBoth(gateways, plan.n, plan.joinConcurrency, foldEvery, plan.arrivalsLimitMs);
  const filled = arrivalSummary(arrivals);
  log(`cluster fan-out: ${filled.connected} of ${plan.n} connected over ${gateways.length} gateways in ${filled.duration_s} s (${filled.joins_per_s} joins/s, refused ${filled.refused}${filled.refused ? `: ${filled.reasons.join('; ')}` : ''})`);
  if (filled.connected === 0) throw new Error(`nobody could join: ${filled.reasons.join('; ')}`);
  // Let the arrivals' traffic drain (presence, the staff's member events).
  await sleep(3000);
  const ownerBefore = await ownerOf(redis, call.id, gateways);
  const setupS = round((monoMs() - started) / 1000);

  // Raisers: a different person each round, alternating gateways; the granting staff member
  // alternates too, every other round, so each (raiser, granter) pair of gateways occurs.
  const stride = Math.max(1, Math.floor(Math.min(...arrivals.map((a) => a.connected)) / Math.ceil(plan.rounds / 2)));
  const cpuOf = () => gateways.map((g) => processCpuMs(g.server.pid));
  const cpuBefore = cpuOf();
  const changes: Change[] = [];
  for (let r = 0; r < plan.rounds; r++) {
    const raiserGw = gateways[r % gateways.length]!;
    const index = Math.floor(r / gateways.length) * stride;
    const [identity] = await raiserGw.loadgen.call<string[]>('cluster-identities', { indexes: [index] });
    const owner = await ownerOf(redis, call.id, gateways, 0);
    const raised = await change(gateways, 2 * r, 'hand_raised', identity!, raiserGw, index, { type: 'raise_hand' }, owner);
    changes.push(raised);
    await sleep(plan.gapMs);
    if (raised.sent.ack) {
      const granter = gateways[Math.floor(r / 2) % gateways.length]!;
      changes.push(await change(gateways, 2 * r + 1, 'floor_granted', identity!, granter, -1, { type: 'grant_floor', participant: identity }, owner));
      await sleep(plan.gapMs);
    }
    // A refused or unanswered command is counted; a run where many are is not a measurement.
    const refused = changes.filter((c) => !c.sent.ack);
    if (refused.length > MAX_FAILED_CHANGES) throw new Error(`${refused.length} commands not acked, e.g. ${refused[0]!.kind} through ${refused[0]!.sender}: ${refused[0]!.sent.error}`);
  }
  const cpuAfter = cpuOf();
  const failed = changes.filter((c) => !c.sent.ack);
  const ownerAfter = await ownerOf(redis, call.id, gateways, 0);
  // Quiet now: the head count's throttle (2 s) has passed before the snapshots are compared.
  await sleep(2500);
  const folds = await Promise.all(gateways.map((g) => g.loadgen.call<FoldCheck>('cluster-fold-check')));
  const log_ = await eventLog(databaseUrl, call.id);
  await Promise.all(gateways.map((g) => g.loadgen.call('cluster-close')));

  const measured = changes.filter((c) => c.owner !== null && c.sent.ack);
  const ownerSide = side(measured, (c) => c.owner);
  const otherSide = side(measured, (c) => gateways.find((g) => g.id !== c.owner)!.id);
  const acked = changes.filter((c) => c.sent.ack).map((c) => ({ seq: c.sent.ack!.seq, type: c.kind }));
  const out = {
    n: plan.n,
    connected: filled.connected,
    refused: filled.refused,
    fill: { joins_per_s: filled.joins_per_s, p99_ms: filled.latency.p99, duration_s: filled.duration_s },
    per_gateway: gateways.map((g, i) => ({ instance: g.id, people: arrivals[i]!.connected })),
    changes: measured.length,
    not_acked: failed.map((c) => `${c.kind} through ${c.sender}: ${c.sent.error}`),
    owner_before: ownerBefore?.id ?? null,
    owner_after: ownerAfter?.id ?? null,
    owner_gateway: ownerSide,
    other_gateway: otherSide,
    ratio_p99: round(otherSide.p99_ms / ownerSide.p99_ms, 2),
    ratio_p50: round(otherSide.p50_ms / ownerSide.p50_ms, 2),
    // Each instance's CPU (all threads) per change while the changes were measured.
    cpu_ms_per_change: Object.fromEntries(gateways.map((g, i) => [g.id, cpuBefore[i] === null || cpuAfter[i] === null ? null : round((cpuAfter[i]! - cpuBefore[i]!) / changes.length, 2)])),
    by_sender: Object.fromEntries(
      gateways.map((g) => {
        const mine = measured.filter((c) => c.sender === g.id);
        return [g.id, { owner_p99_ms: side(mine, (c) => c.owner).p99_ms, other_p99_ms: side(mine, (c) => gateways.find((x) => x.id !== c.owner)!.id).p99_ms }];
      }),
    ),
    fold_check: mergeFolds(folds),
    log: checkLog(log_, acked.map((a) => ({ seq: a.seq, matches: (e: LoggedEvent) => e.type === a.type }))),
    setup_s: setupS,
  };
  log(
    `cluster fan-out n=${out.connected}: owner (${out.owner_before}) gateway p50 ${ownerSide.p50_ms} ms, p99 ${ownerSide.p99_ms} ms; other gateway p50 ${otherSide.p50_ms} ms, p99 ${otherSide.p99_ms} ms; ` +
      `ratio p99 ${out.ratio_p99} (target ${CLUSTER_TARGETS.other_over_owner_p99}); folds ${out.fold_check.equal}/${out.fold_check.clients}; acked in log ${out.log.acked_in_log}/${out.log.acked}`,
  );
  return out;
}

async function failovers(plan: ClusterPlan, gateways: Gateway[], redis: RunningRedis, databaseUrl: string, log: Log) {
  const { kills, perGateway, probeIntervalMs, maxMs } = plan.failover;
  const call = await newCall(gateways, true);
  const arrivals = await fillBoth(gateways, perGateway * gateways.length, 25, 5, plan.arrivalsLimitMs);
  const probes: ProbeResult[] = [];
  const probe = async (g: Gateway, label: string) => {
    const r = await g.loadgen.call<ProbeResult>('cluster-probe', { label, intervalMs: probeIntervalMs, maxMs, graceMs: 2000 });
    probes.push(r);
    return r;
  };
  // The call has an owner before the first kill.
  await probe(gateways[0]!, 'start');
  const kills_: { killed: string; new_owner: string | null; epoch: number | null; failover_ms: number | null; probes: number; refused: number; restart_ms: number; back_ms: number | null }[] = [];
  for (let k = 0; k < kills; k++) {
    const owner = await ownerOf(redis, call.id, gateways);
    if (!owner) throw new Error(`failover ${k}: nobody holds the lease of ${call.id}`);
    const survivor = gateways.find((g) => g !== owner)!;
    const killedAt = monoMs();
    await owner.server.kill('SIGKILL');
    const r = await probe(survivor, `${k}`);
    const failoverMs = r.firstAckMs === null ? null : round(r.firstAckMs - killedAt);
    const lease = leaseOf(redis, call.id);
    // The killed instance comes back; its people say hello again; a command through it is accepted.
    const restartAt = monoMs();
    await owner.server.restart();
    await owner.loadgen.call('cluster-reconnect');
    const restartMs = round(monoMs() - restartAt);
    const back = await probe(owner, `${k}r`);
    kills_.push({
      killed: owner.id,
      new_owner: lease?.instanceId ?? null,
      epoch: lease?.epoch ?? null,
      failover_ms: failoverMs,
      probes: r.attempts,
      refused: r.errors,
      restart_ms: restartMs,
      back_ms: back.firstAckMs === null ? null : round(back.firstAckMs - restartAt),
    });
    log(`failover ${k + 1}/${kills}: killed ${owner.id}; a command through ${survivor.id} accepted ${failoverMs ?? 'never'} ms later (lease: ${lease?.instanceId ?? 'none'}, epoch ${lease?.epoch ?? '-'}); ${owner.id} back in ${restartMs} ms`);
  }
  await sleep(2500);
  const folds = await Promise.all(gateways.map((g) => g.loadgen.call<FoldCheck>('cluster-fold-check')));
  const events = await eventLog(databaseUrl, call.id);
  await Promise.all(gateways.map((g) => g.loadgen.call('cluster-close')));
  const acked = probes.flatMap((p) => p.acked);
  const times = kills_.map((k) => k.failover_ms).filter((x): x is number => x !== null);
  const out = {
    kills,
    people: arrivals.reduce((s, a) => s + a.connected, 0),
    failover: times.length ? summary(times) : null,
    failed: kills_.filter((k) => k.failover_ms === null).length,
    samples_ms: kills_.map((k) => k.failover_ms),
    kills_detail: kills_,
    fold_check: mergeFolds(folds),
    log: checkLog(events, acked.map((a) => ({ seq: a.seq, matches: (e: LoggedEvent) => e.type === 'chat_sent' && e.body.text === a.text }))),
  };
  log(
    `cluster failover over ${kills} kills: p50 ${out.failover?.p50 ?? '-'} ms, p99 ${out.failover?.p99 ?? '-'} ms, max ${out.failover?.max ?? '-'} ms (target p99 ${CLUSTER_TARGETS.failover_p99_ms}); ` +
      `acked ${out.log.acked}, in the log ${out.log.acked_in_log}, seqs contiguous ${out.log.contiguous}; folds ${out.fold_check.equal}/${out.fold_check.clients}`,
  );
  return out;
}

function mergeFolds(folds: FoldCheck[]): FoldCheck {
  return { clients: folds.reduce((s, f) => s + f.clients, 0), equal: folds.reduce((s, f) => s + f.equal, 0), mismatches: folds.flatMap((f) => f.mismatches).slice(0, 5) };
}

/** Every acked command's event is where its ack said, and the log has no hole. */
function checkLog(events: LoggedEvent[], acked: { seq: number; matches: (e: LoggedEvent) => boolean }[]) {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const missing = acked.filter((a) => {
    const e = bySeq.get(a.seq);
    return !e || !a.matches(e);
  });
  const contiguous = events.every((e, i) => e.seq === (events[0]?.seq ?? 1) + i) && (events[0]?.seq ?? 1) === 1;
  return { events: events.length, last_seq: events.at(-1)?.seq ?? 0, contiguous, acked: acked.length, acked_in_log: acked.length - missing.length, missing_seqs: missing.slice(0, 10).map((m) => m.seq) };
}

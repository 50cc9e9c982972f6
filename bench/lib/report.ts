// From what the load generator measured to the figures of the results file, and from the results
// file to the tables of docs/PERFORMANCE.md. Ratios are always taken within one run.
import type { EvolveCostResult } from '../scenarios/evolve-cost';
import type { ShieldResult } from '../scenarios/shield';
import type { FanoutResult } from '../scenarios/fanout';
import { mean, percentile, round } from './stats';

/** The targets, as same-run ratios of p99 to the bare `ws` baseline's. */
export const FANOUT_TARGETS = { server_ratio_p99: 1.15, ratio_p99: 1.3 };

const p = (xs: readonly number[], q: number) => round(percentile(xs, q), 2);
const ratio = (a: number, b: number) => round(a / b, 2);

/** Server side: from the command's frame received to the last socket write of its broadcast. */
function serverSide(caucus: number[] | null, baseline: number[]) {
  if (!caucus?.length || !baseline.length) return null;
  return {
    p50_ms: p(caucus, 50),
    p99_ms: p(caucus, 99),
    max_ms: round(Math.max(...caucus), 2),
    baseline_p50_ms: p(baseline, 50),
    baseline_p99_ms: p(baseline, 99),
    baseline_max_ms: round(Math.max(...baseline), 2),
    ratio_p50: ratio(percentile(caucus, 50), percentile(baseline, 50)),
    ratio_p99: ratio(percentile(caucus, 99), percentile(baseline, 99)),
    samples: caucus.length,
    baseline_samples: baseline.length,
  };
}

function cpuPerChange(r: FanoutResult) {
  const { server, baseline, serverMain, baselineMain } = r.cpuMs;
  if (server === null || baseline === null || serverMain === null || baselineMain === null || !r.caucus.length) return null;
  const per = (ms: number) => round(ms / r.caucus.length, 2);
  return {
    server_ms_per_change: per(server),
    baseline_ms_per_round: per(baseline),
    ratio: baseline > 0 ? ratio(server, baseline) : null,
    // The event loop alone: without the GC helper threads and the fsyncs of libuv's pool.
    server_main_thread_ms_per_change: per(serverMain),
    baseline_main_thread_ms_per_round: per(baselineMain),
    main_thread_ratio: baselineMain > 0 ? ratio(serverMain, baselineMain) : null,
  };
}

export function fanoutRow(r: FanoutResult, busyBefore: number) {
  const ms = r.caucus.map((c) => c.ms);
  const base = r.baseline.map((b) => b.ms);
  const frames = r.caucus.flatMap((c) => c.frameSizes);
  const byKind = (kind: string) => r.caucus.filter((c) => c.kind === kind);
  const baseKind = (kind: string) => r.baseline.filter((_, i) => r.caucus[i]!.kind === kind).map((b) => b.ms);
  // One server sample per change, in order, when every change produced exactly one.
  const aligned = (xs: number[] | null) => (xs?.length === r.caucus.length ? xs : null);
  const serverKind = (kind: string) =>
    serverSide(aligned(r.serverMs)?.filter((_, i) => r.caucus[i]!.kind === kind) ?? null, aligned(r.baselineServerMs)?.filter((_, i) => r.caucus[i]!.kind === kind) ?? []);
  return {
    n: r.n,
    // End to end: the command leaving the actor until the last of the N clients has it.
    p50_ms: round(percentile(ms, 50)),
    p99_ms: round(percentile(ms, 99)),
    baseline_p50_ms: round(percentile(base, 50)),
    baseline_p99_ms: round(percentile(base, 99)),
    ratio_p99: ratio(percentile(ms, 99), percentile(base, 99)),
    ratio_p50: ratio(percentile(ms, 50), percentile(base, 50)),
    server: serverSide(r.serverMs, r.baselineServerMs),
    // CPU each server process used while the changes were measured, per change (per round): the
    // work itself, without the waits for a core that the wall-clock figures include.
    cpu: cpuPerChange(r),
    bytes_per_client: round(mean(r.caucus.map((c) => c.bytesPerClient))),
    bytes_per_event: round(mean(frames)),
    max_bytes_per_event: Math.max(...frames),
    changes: ms.length,
    first_p50_ms: round(percentile(r.caucus.map((c) => c.firstMs), 50)),
    baseline_first_p50_ms: round(percentile(r.baseline.map((b) => b.firstMs), 50)),
    client_busy_p50_ms: round(percentile(r.caucus.map((c) => c.clientBusyMs), 50)),
    baseline_client_busy_p50_ms: round(percentile(r.baseline.map((b) => b.clientBusyMs), 50)),
    hand_raised: { ...kindRow(byKind('hand_raised'), baseKind('hand_raised')), server: serverKind('hand_raised') },
    floor_granted: { ...kindRow(byKind('floor_granted'), baseKind('floor_granted')), server: serverKind('floor_granted') },
    folding_clients: r.foldingClients,
    fold_check: r.foldCheck,
    participant_view: r.participantView,
    setup_s: round(r.setupMs / 1000),
    machine_busy_before: round(busyBefore, 2),
  };
}
export type FanoutRow = ReturnType<typeof fanoutRow>;

/** One kind of change (a hand raised: one frame; the floor granted: two) beside its paired baseline rounds. */
function kindRow(changes: FanoutResult['caucus'], baseline: number[]) {
  const ms = changes.map((c) => c.ms);
  return {
    p50_ms: round(percentile(ms, 50)),
    p99_ms: round(percentile(ms, 99)),
    baseline_p50_ms: round(percentile(baseline, 50)),
    baseline_p99_ms: round(percentile(baseline, 99)),
    bytes_per_client: round(mean(changes.map((c) => c.bytesPerClient))),
    frames_per_client: round(mean(changes.map((c) => c.frameSizes.length)), 2),
  };
}

export function fanoutLogLine(row: FanoutRow): string {
  const s = row.server;
  const server = s
    ? `server p99 ${s.p99_ms} ms vs ${s.baseline_p99_ms} ms (ratio ${s.ratio_p99})`
    : 'server-side timings unavailable (no timing route on this server)';
  const c = row.cpu;
  const cpu = c ? ` | server CPU ${c.server_ms_per_change} ms/change vs ${c.baseline_ms_per_round} ms/round (main thread ${c.server_main_thread_ms_per_change} vs ${c.baseline_main_thread_ms_per_round})` : '';
  return (
    `fanout n=${row.n}: ${server}${cpu} | end to end p50 ${row.p50_ms} ms, p99 ${row.p99_ms} ms (first client ${row.first_p50_ms}) | ` +
    `baseline p50 ${row.baseline_p50_ms} ms, p99 ${row.baseline_p99_ms} ms (first ${row.baseline_first_p50_ms}) | ratio ${row.ratio_p99} | ` +
    `${row.bytes_per_client} B/client/change | folds ${row.fold_check.equal}/${row.fold_check.clients} equal to a fresh snapshot`
  );
}

const table = (head: string[], rows: unknown[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
const orDash = (x: number | undefined) => (x === undefined ? '-' : x);

/** The tables of docs/PERFORMANCE.md, from a results file (paste them there after a full run). */
export function markdown(r: Record<string, any>): string {
  const out: string[] = [];
  if (r.fanout) {
    const rows = r.fanout as FanoutRow[];
    out.push(
      ...table(
        ['N', 'server p50 ms', 'server p99 ms', 'baseline p50 ms', 'baseline p99 ms', `ratio p99 (target ${FANOUT_TARGETS.server_ratio_p99})`],
        rows.map((f) => [f.n, orDash(f.server?.p50_ms), orDash(f.server?.p99_ms), orDash(f.server?.baseline_p50_ms), orDash(f.server?.baseline_p99_ms), orDash(f.server?.ratio_p99)]),
      ),
      ...table(
        ['N', 'p50 ms', 'p99 ms', 'baseline p50 ms', 'baseline p99 ms', `ratio p99 (target ${FANOUT_TARGETS.ratio_p99})`, 'bytes/client/change', 'max bytes/event', 'folds equal to a snapshot'],
        rows.map((f) => [f.n, f.p50_ms, f.p99_ms, f.baseline_p50_ms, f.baseline_p99_ms, f.ratio_p99, f.bytes_per_client, f.max_bytes_per_event, `${f.fold_check.equal}/${f.fold_check.clients}`]),
      ),
    );
  }
  if (r.join_storm) {
    const j = r.join_storm;
    out.push(...table(['N', 'concurrency', 'joins/s', 'p50 ms', 'p95 ms', 'p99 ms', 'HTTP join p99 ms', 'snapshot bytes'], [[j.n, j.concurrency, j.joins_per_s, j.p50_ms, j.p95_ms, j.p99_ms, j.http_join_p99_ms, j.last_snapshot_bytes]]));
  }
  if (r.memory) {
    const m = r.memory;
    out.push(...table(['N', 'RSS bytes/participant', 'heap bytes/participant', 'bare ws RSS bytes/connection'], [[m.n, m.rss_bytes_per_participant, m.heap_bytes_per_participant, m.baseline_rss_bytes_per_connection]]));
  }
  if (r.floor_handoff) {
    const h = r.floor_handoff;
    out.push(...table(['samples', 'track subscribed p50 ms', 'p95 ms', 'first audio p50 ms', 'p95 ms'], [[h.samples, h.p50_ms, h.p95_ms, h.first_audio_p50_ms, h.first_audio_p95_ms]]));
  }
  if (r.evolve_cost) {
    const e = r.evolve_cost as EvolveCostResult;
    out.push(
      ...table(
        ['members', 'first hand us', 'rename us', 'leave us', 'join us', 'mean us/event'],
        e.per_event.map((x) => [x.n, x.hand_raised_us, x.member_renamed_us, x.member_left_us, x.join_us, x.mean_us]),
      ),
      `Growth from the smallest to the largest call: ${e.growth} x. ${e.fold_arrivals.n} arrivals folded in ${e.fold_arrivals.cpu_ms} ms of CPU (${e.fold_arrivals.us_per_arrival} us each).`,
      '',
    );
  }
  if (r.shield) {
    const s = r.shield as ShieldResult;
    out.push(
      ...table(
        ['present', 'moved', 'how', 'ms', 'CPU ms', 'events', 'frames', 'bytes'],
        [
          [s.present, s.raiders, 'raise_shield (one command)', s.shield.ms, s.shield.cpu_ms, s.shield.events, s.shield.frames, s.shield.bytes],
          [s.present, s.raiders, 'remove, one by one (baseline)', s.one_by_one.ms, s.one_by_one.cpu_ms, s.one_by_one.events, s.one_by_one.frames, s.one_by_one.bytes],
        ],
      ),
      `Shield / one by one: ${s.ratio_ms} x the time, ${s.ratio_frames} x the frames.`,
      '',
    );
  }
  if (r.cluster) out.push(...clusterTables(r.cluster));
  return out.join('\n') + '\n';
}

/** The cluster scenario (bench/scenarios/cluster.ts): per receiving gateway, the storm, failover. */
function clusterTables(c: Record<string, any>): string[] {
  const out: string[] = [];
  const f = c.fanout;
  if (f) {
    const t = c.targets?.other_over_owner_p99;
    out.push(
      ...table(
        ['people', 'changes', 'receiving gateway', 'p50 ms', 'p99 ms', 'max ms', 'first person p50 ms', `ratio p99 (target ${t})`],
        [
          [f.connected, f.changes, `owner (${f.owner_before})`, f.owner_gateway.p50_ms, f.owner_gateway.p99_ms, f.owner_gateway.max_ms, f.owner_gateway.first_p50_ms, ''],
          [f.connected, f.changes, 'the other', f.other_gateway.p50_ms, f.other_gateway.p99_ms, f.other_gateway.max_ms, f.other_gateway.first_p50_ms, f.ratio_p99],
        ],
      ),
      `Folds equal to a snapshot: ${f.fold_check.equal}/${f.fold_check.clients}. Acked changes in the log: ${f.log.acked_in_log}/${f.log.acked}. Owner before and after: ${f.owner_before}, ${f.owner_after}.`,
      '',
    );
  }
  const j = c.join_storm;
  if (j) out.push(...table(['N', 'concurrency', 'joins/s', 'p50 ms', 'p95 ms', 'p99 ms', 'refused'], [[j.n, j.concurrency, j.joins_per_s, j.p50_ms, j.p95_ms, j.p99_ms, j.refused]]));
  const o = c.failover;
  if (o) {
    out.push(
      ...table(
        ['kills', 'failover p50 ms', 'p99 ms', 'max ms', `failed`, 'acked', 'acked in the log', 'seqs contiguous', 'folds equal'],
        [[o.kills, o.failover?.p50 ?? '-', o.failover?.p99 ?? '-', o.failover?.max ?? '-', o.failed, o.log.acked, o.log.acked_in_log, o.log.contiguous, `${o.fold_check.equal}/${o.fold_check.clients}`]],
      ),
    );
  }
  return out;
}

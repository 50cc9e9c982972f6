// A small run of `npm run bench -- --quick` inside `npm test`: every scenario works end to end
// (its own server, LiveKit, load generator, baseline and browser) and writes every key of the
// results file. It checks shapes and the byte budget, not speed: timings on a shared 2-core
// machine in the middle of a test run say nothing (docs/PERFORMANCE.md has the real figures).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('npm run bench -- --quick: every scenario runs and reports every figure', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'caucus-bench-smoke-'));
  try {
    const out = join(dir, 'smoke.json');
    const args = ['--import', 'tsx', 'bench/run.ts', '--quick', '--no-wait', `--out=${out}`];
    args.push('--fanout-n=50,100', '--rounds=3', '--storm-n=100', '--memory-n=100', '--handoffs=2', '--votes-n=60');
    // The cluster scenario needs Redis, Postgres and cluster mode: it has its own smoke run.
    args.push('--only=fanout,join-storm,memory,floor-handoff,secret-vote,evolve-cost,shield');
    // npm test already runs in a loopback-only namespace when it can (infra/test.ts).
    if (process.env.CAUCUS_TEST_NETNS) args.push('--no-netns');
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 170_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.targets.fanout).toEqual({ server_ratio_p99: 1.15, ratio_p99: 1.3 });
    expect(r.fanout.map((f: { n: number }) => f.n)).toEqual([50, 100]);
    for (const f of r.fanout) {
      for (const k of ['p50_ms', 'p99_ms', 'baseline_p50_ms', 'baseline_p99_ms', 'ratio_p99', 'bytes_per_client']) expect(f[k]).toBeGreaterThan(0);
      expect(f.changes).toBe(6);
      // Server side: each server reported one timing per change (Caucus with CAUCUS_FANOUT_TIMING=1),
      // and a server's part of a change lies inside the end-to-end time of that change.
      expect(f.server).toMatchObject({ samples: 6, baseline_samples: 6 });
      for (const k of ['p50_ms', 'p99_ms', 'baseline_p50_ms', 'baseline_p99_ms', 'ratio_p50', 'ratio_p99']) expect(f.server[k]).toBeGreaterThan(0);
      expect(f.server.p99_ms).toBeGreaterThanOrEqual(f.server.p50_ms);
      // (with 6 samples p99 is the maximum; 0.1 ms for the rounding of the two figures)
      expect(f.server.max_ms).toBeLessThanOrEqual(f.p99_ms + 0.1);
      expect(f.server.baseline_max_ms).toBeLessThanOrEqual(f.baseline_p99_ms + 0.1);
      expect(f.server.ratio_p99).toBeCloseTo(f.server.p99_ms / f.server.baseline_p99_ms, 1);
      // Most clients only parse (like the baseline's); the folding sample and the host all end
      // exactly where a fresh snapshot puts them.
      expect(f.folding_clients).toBeGreaterThan(0);
      expect(f.folding_clients).toBeLessThan(f.n);
      expect(f.fold_check).toEqual({ clients: f.folding_clients + 1, equal: f.folding_clients + 1, mismatches: [] });
      // Events, not snapshots: a queue change costs each client a few hundred bytes.
      expect(f.max_bytes_per_event).toBeLessThanOrEqual(512);
      // The audience folds a list of the people on the record, not of everyone, and knows the count.
      expect(f.participant_view.present).toBe(f.n + 1);
      expect(f.participant_view.members).toBeLessThan(f.n / 2);
    }
    expect(r.join_storm).toMatchObject({ n: 100 });
    expect(r.join_storm.joins_per_s).toBeGreaterThan(0);
    expect(r.join_storm.p99_ms).toBeGreaterThan(0);
    expect(r.join_storm.after.hostMembers).toBe(101);
    expect(r.memory.n).toBe(100);
    expect(r.memory.rss_bytes_per_participant).toEqual(expect.any(Number));
    expect(r.memory.heap_bytes_per_participant).toBeGreaterThan(0);
    // The secret vote: every ballot sealed and the published tally exactly the ballots cast.
    expect(r.secret_vote).toMatchObject({ n: 60, exact: true, sealed_voters: 60 });
    expect(r.secret_vote.bytes_ratio).toBeLessThan(0.1);
    expect(r.floor_handoff.samples).toBe(2);
    expect(r.floor_handoff.p50_ms).toBeGreaterThan(0);
    expect(r.floor_handoff.p95_ms).toBeGreaterThanOrEqual(r.floor_handoff.p50_ms);
    // The core's cost per event at two call sizes, and the CPU of a whole arrival storm folded.
    expect(r.evolve_cost.per_event.map((e: { n: number }) => e.n)).toEqual([5000, 50000]);
    for (const e of r.evolve_cost.per_event) for (const k of ['hand_raised_us', 'member_renamed_us', 'member_left_us', 'join_us', 'mean_us']) expect(e[k]).toBeGreaterThan(0);
    expect(r.evolve_cost.growth).toBeGreaterThan(0);
    expect(r.evolve_cost.fold_arrivals).toMatchObject({ n: 20000, cpu_ms: expect.any(Number) });
    // The raid shield: one command, one broadcast (plus a lobby snapshot per person moved), against
    // the same people removed one by one.
    expect(r.shield).toMatchObject({ present: 500, raiders: 100 });
    expect(r.shield.shield.frames).toBeLessThan(r.shield.one_by_one.frames);
    expect(r.shield.shield.frames).toBeLessThanOrEqual(r.shield.present + r.shield.raiders);
    expect(r.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
    // The tables and the plot carry the server-side figures too.
    expect(readFileSync(join(dir, 'smoke.md'), 'utf8')).toContain('| N | server p50 ms | server p99 ms |');
    expect(readFileSync(join(dir, 'smoke-fanout-p99.svg'), 'utf8')).toContain('Server: command in to last socket write');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

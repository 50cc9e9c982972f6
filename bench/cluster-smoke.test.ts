// A small run of the cluster scenario (`npm run bench -- --only=cluster --quick`), in the cluster
// test project (Redis, Postgres and two Caucus instances in cluster mode): it runs end to end and
// loses nothing. It checks shapes and correctness, not speed (docs/PERFORMANCE.md has the figures).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('npm run bench -- --only=cluster --quick: two gateways, a storm, failovers, nothing lost', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'caucus-bench-cluster-'));
  try {
    const out = join(dir, 'cluster.json');
    const args = ['--import', 'tsx', 'bench/run.ts', '--only=cluster', '--quick', '--no-wait', `--out=${out}`];
    args.push('--cluster-n=200', '--cluster-rounds=4', '--cluster-storm-n=100', '--failovers=2');
    if (process.env.CAUCUS_TEST_NETNS) args.push('--no-netns');
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 290_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);

    const c = JSON.parse(readFileSync(out, 'utf8')).cluster;
    expect(c.instances).toBe(2);
    // Everyone joined, through both gateways, and nobody was refused.
    expect(c.join_storm).toMatchObject({ n: 100, refused: 0 });
    expect(c.join_storm.per_gateway.map((g: { connected: number }) => g.connected)).toEqual([50, 50]);
    expect(c.join_storm.joins_per_s).toBeGreaterThan(0);
    // Every change reached every person on both gateways; the owner is one of the two instances.
    expect(c.fanout).toMatchObject({ connected: 200, refused: 0, changes: 8, not_acked: [] });
    expect(['bench-a', 'bench-b']).toContain(c.fanout.owner_before);
    for (const side of [c.fanout.owner_gateway, c.fanout.other_gateway]) {
      expect(side.samples).toBe(8);
      expect(side.p99_ms).toBeGreaterThanOrEqual(side.p50_ms);
      expect(side.first_p50_ms).toBeLessThanOrEqual(side.p50_ms);
    }
    expect(c.fanout.ratio_p99).toBeCloseTo(c.fanout.other_gateway.p99_ms / c.fanout.owner_gateway.p99_ms, 1);
    // Nothing lost: every acked change is in Postgres's log, with no hole, and folding clients
    // equal a fresh snapshot.
    expect(c.fanout.log).toMatchObject({ acked: 8, acked_in_log: 8, contiguous: true });
    expect(c.fanout.fold_check.equal).toBe(c.fanout.fold_check.clients);
    // Each kill of the owner was followed by an accepted command on the other gateway, within the
    // probe's limit, and the killed instance came back; the lease moved to the survivor.
    expect(c.failover.kills).toBe(2);
    expect(c.failover.failed).toBe(0);
    for (const k of c.failover.kills_detail) {
      expect(k.new_owner).not.toBe(k.killed);
      expect(k.failover_ms).toBeGreaterThan(0);
      expect(k.back_ms).not.toBeNull();
    }
    expect(c.failover.log.acked).toBeGreaterThanOrEqual(5);
    expect(c.failover.log).toMatchObject({ contiguous: true });
    expect(c.failover.log.acked_in_log).toBe(c.failover.log.acked);
    expect(c.failover.fold_check.equal).toBe(c.failover.fold_check.clients);
    expect(readFileSync(join(dir, 'cluster.md'), 'utf8')).toContain('| people | changes | receiving gateway |');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

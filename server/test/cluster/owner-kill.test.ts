// kill -9 of the instance that owns a call, mid-call: the other instance takes the lease (a newer
// fencing epoch), replays the log and carries on. No acked event is lost, the floor timer still
// ends the turn (now on the new owner), clients on the survivor keep their sockets, clients of the
// dead instance resume on the survivor with lastSeq, and nobody is marked as gone.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCall } from '../../../test/api';
import { startCluster, type Cluster } from '../../../test/cluster';
import { chatter, enterAt, expectAckedInLog, expectContiguous, expectFoldedEqualsSnapshot, expectNobodyLeft, logged, ownerOf, pastGrace, resumeAt } from './support';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2, leaseMs: 3000 });
});
afterAll(async () => {
  await cluster?.stop();
});

test('the owner dies mid-call: no acked event lost, the floor timer fires on the new owner', async () => {
  const created = await createCall(cluster.instances[0]!.url, { speakingLimitSec: 12 });
  const callId = created.call.id;
  // The first arrival gives the call an owner; the others go where the test needs them.
  const host = await enterAt(cluster.instances[1]!, created, 'host', 'Host');
  const first = await ownerOf(cluster, callId);
  const doomed = first.instance;
  const survivor = cluster.instances.find((x) => x !== doomed)!;
  if (host.at !== survivor) Object.assign(host, await resumeAt(host, survivor, callId));
  const mod = await enterAt(survivor, created, 'moderator', 'Mod');
  const speaker = await enterAt(survivor, created, 'participant', 'Speaker');
  const stranded = await enterAt(doomed, created, 'participant', 'Stranded');
  const strandedMod = await enterAt(doomed, created, 'moderator', 'Stranded Mod');

  await speaker.client.ok({ type: 'raise_hand' });
  await host.client.ok({ type: 'next_speaker' });
  const floor = (await host.client.until((s) => s.floor?.identity === speaker.joined.identity)).floor!;
  expect(floor.deadline).not.toBeNull();

  // Chat from both gateways; the owner is killed (kill -9) after the fourth ack, mid-stream.
  let killed: Promise<void> | null = null;
  let killedAt = 0;
  const acked = await chatter([host, mod, strandedMod], 'chat', (n) => {
    if (n >= 4 && !killed) {
      killedAt = Date.now();
      killed = doomed.kill('SIGKILL');
    }
    return n >= 14;
  });
  await killed;
  expect(doomed.alive).toBe(false);

  const next = await ownerOf(cluster, callId, { not: doomed, afterEpoch: first.epoch });
  expect(next.instance).toBe(survivor);

  // The floor timer, armed by the dead owner, fires on the new one: the turn ends on time.
  const ended = await host.client.waitFor((f) => f.type === 'event' && f.event.type === 'floor_ended', 30_000);
  expect(ended.event.reason).toBe('expired');
  expect(ended.event.at).toBeGreaterThanOrEqual(floor.deadline!);

  // Survivors kept their sockets; the dead instance's clients resume on the survivor, missing nothing.
  for (const p of [host, mod, speaker]) expect(p.client.closed).toBeNull();
  const back = [await resumeAt(stranded, survivor, callId), await resumeAt(strandedMod, survivor, callId)];
  const everyone = [host, mod, speaker, ...back];
  const last = Math.max(...acked.map((c) => c.seq), ended.seq);
  for (const p of [host, mod, back[1]!]) await expect.poll(() => p.client.seq, { timeout: 15_000 }).toBeGreaterThanOrEqual(last);

  await pastGrace(killedAt, cluster.leaseMs);
  const log = cluster.eventLog(callId);
  expectContiguous(log);
  expectAckedInLog(log, acked);
  expect(logged(log, 'floor_ended').map((e) => e.reason)).toEqual(['expired']);
  expectNobodyLeft(log, everyone);
  for (const p of everyone) await expectFoldedEqualsSnapshot(p, callId);
});

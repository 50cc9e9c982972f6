// SIGSTOP of the owner for longer than its lease, then SIGCONT: the other instance took the lease
// with a newer fencing epoch meanwhile, and nothing the woken ex-owner tries to write is accepted
// (its floor timer fired while it slept; a command reached it). The log's seqs stay contiguous,
// the turn ends once, and every client's folded state equals a fresh snapshot.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCall } from '../../../test/api';
import { startCluster, type Cluster } from '../../../test/cluster';
import { chatter, enterAt, expectAckedInLog, expectContiguous, expectFoldedEqualsSnapshot, expectNobodyLeft, logged, ownerOf, pastGrace, resumeAt } from './support';

const LEASE_MS = 3000;

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2, leaseMs: LEASE_MS });
});
afterAll(async () => {
  await cluster?.stop();
});

test('a paused owner that wakes after losing its lease writes nothing', async () => {
  const created = await createCall(cluster.instances[0]!.url, { speakingLimitSec: 4 });
  const callId = created.call.id;
  const host = await enterAt(cluster.instances[1]!, created, 'host', 'Host');
  const first = await ownerOf(cluster, callId);
  const paused = first.instance;
  const other = cluster.instances.find((x) => x !== paused)!;
  if (host.at !== other) Object.assign(host, await resumeAt(host, other, callId));
  const mod = await enterAt(other, created, 'moderator', 'Mod');
  const speaker = await enterAt(other, created, 'participant', 'Speaker');
  const sleeper = await enterAt(paused, created, 'moderator', 'Sleeper');

  // A turn whose time runs out while the owner sleeps: its timer is due the moment it wakes.
  await speaker.client.ok({ type: 'raise_hand' });
  await host.client.ok({ type: 'next_speaker' });
  const floor = (await host.client.until((s) => s.floor?.identity === speaker.joined.identity)).floor!;
  const before = await chatter([host, sleeper], 'before', (n) => n >= 4);

  await paused.kill('SIGSTOP');
  const stoppedAt = Date.now();
  // The other instance takes over once the lease lapses, and keeps the call going.
  const next = await ownerOf(cluster, callId, { not: paused, afterEpoch: first.epoch });
  expect(next.instance).toBe(other);
  const ended = await host.client.waitFor((f) => f.type === 'event' && f.event.type === 'floor_ended', 20_000);
  expect(ended.event.reason).toBe('expired');
  expect(ended.event.at).toBeGreaterThanOrEqual(floor.deadline!);
  const meanwhile = await chatter([host, mod], 'meanwhile', (n) => n >= 4);
  // A command sent to the sleeping instance: the kernel keeps it until it wakes.
  sleeper.client.raw({ type: 'chat_send', text: 'sent to the sleeper', ref: 'sleeper-1' });
  // Asleep for well over the lease and the instance's heartbeat (two leases): the others see it
  // as gone, whatever the time failing over took.
  const asleep = Math.max(0, LEASE_MS * 2 + 2000 - (Date.now() - stoppedAt));
  await new Promise((r) => setTimeout(r, asleep));

  await paused.kill('SIGCONT');
  const wokeAt = Date.now();
  // Whatever the woken instance does (its due timer, the queued command), the log is not touched
  // by it: the command is either relayed to the new owner (acked) or refused.
  const answer = await sleeper.client.waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.ref === 'sleeper-1', 15_000).catch(() => null);
  const after = await chatter([host, mod], 'after', (n) => n >= 4);
  // Let the woken instance run its timers and notice it is no longer the owner.
  await new Promise((r) => setTimeout(r, LEASE_MS));
  expect(cluster.owner(callId)?.instance).toBe(other);
  // The sleeper's socket: still served by the woken instance, or (if it closed it) moved over
  // to the other one at once, as the web app would.
  const sleeperNow = sleeper.client.closed ? await resumeAt(sleeper, other, callId) : sleeper;

  await pastGrace(wokeAt, LEASE_MS);
  const log = cluster.eventLog(callId);
  expectContiguous(log);
  const acked = [...before, ...meanwhile, ...after, ...(answer?.type === 'ack' ? [{ text: 'sent to the sleeper', seq: answer.seq as number }] : [])];
  expectAckedInLog(log, acked);
  // The turn ended once (by the new owner), not a second time by the woken one.
  expect(logged(log, 'floor_ended')).toHaveLength(1);
  // Its events are the ones every client folded, on the survivor and through the woken instance.
  const lastSeq = log.at(-1)!.seq;
  for (const p of [host, mod, sleeperNow]) await expect.poll(() => p.client.seq, { timeout: 15_000 }).toBe(lastSeq);
  expectNobodyLeft(log, [host, mod, speaker, sleeper]);
  for (const p of [host, mod, speaker, sleeperNow]) await expectFoldedEqualsSnapshot(p, callId, other);
});

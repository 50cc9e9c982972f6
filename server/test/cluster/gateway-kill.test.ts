// kill -9 of an instance that is only a gateway for the call (another owns it): the owner and its
// clients carry on untouched; the dead gateway's clients reconnect to the other instance with
// lastSeq and get exactly the events they missed; nobody is marked as gone. When the instance
// comes back, people can use it again.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCall } from '../../../test/api';
import { startCluster, type Cluster } from '../../../test/cluster';
import { chatter, enterAt, expectAckedInLog, expectContiguous, expectFoldedEqualsSnapshot, expectNobodyLeft, ownerOf, pastGrace, resumeAt } from './support';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2 });
});
afterAll(async () => {
  await cluster?.stop();
});

test('a gateway dies: its clients resume on the other instance and miss nothing', async () => {
  const created = await createCall(cluster.instances[0]!.url);
  const callId = created.call.id;
  const host = await enterAt(cluster.instances[0]!, created, 'host', 'Host');
  const owner = await ownerOf(cluster, callId);
  const gateway = cluster.instances.find((x) => x !== owner.instance)!;
  if (host.at !== owner.instance) Object.assign(host, await resumeAt(host, owner.instance, callId));
  const ana = await enterAt(owner.instance, created, 'participant', 'Ana');
  const mod = await enterAt(gateway, created, 'moderator', 'Mod');
  const ben = await enterAt(gateway, created, 'participant', 'Ben');

  const before = await chatter([host, mod], 'before', (n) => n >= 4);
  const killedAt = Date.now();
  await gateway.kill('SIGKILL');
  // The gateway's sockets are gone; the call goes on without them, on the same owner.
  await mod.client.waitClosed();
  const whileAway = await chatter([host], 'away', (n) => n >= 5);
  await ana.client.ok({ type: 'raise_hand' });
  expect(cluster.owner(callId)).toEqual(owner);

  // Back through the other instance with the last seq each had folded: the missed events only.
  const modSeq = mod.client.seq;
  const modBack = await resumeAt(mod, owner.instance, callId);
  const benBack = await resumeAt(ben, owner.instance, callId);
  expect(modBack.client.frames.some((f) => f.type === 'snapshot')).toBe(false);
  const replayed = modBack.client.frames.filter((f) => f.type === 'event').map((f) => f.seq as number);
  expect(replayed[0]).toBe(modSeq + 1);
  expect(replayed).toEqual(replayed.map((_, i) => modSeq + 1 + i));
  await modBack.client.until((s) => s.queue.some((e) => e.identity === ana.joined.identity));
  expect(modBack.client.state!.chat.map((m) => m.text)).toEqual([...before, ...whileAway].map((c) => c.text));

  // The instance comes back and serves the call again (as a gateway: the owner keeps the call).
  await gateway.restart();
  const cleo = await enterAt(gateway, created, 'participant', 'Cleo');
  await cleo.client.ok({ type: 'raise_hand' });
  await modBack.client.until((s) => s.queue.some((e) => e.identity === cleo.joined.identity));
  expect(cluster.owner(callId)).toEqual(owner);

  await pastGrace(killedAt, cluster.leaseMs);
  const log = cluster.eventLog(callId);
  expectContiguous(log);
  expectAckedInLog(log, [...before, ...whileAway]);
  expectNobodyLeft(log, [host, ana, mod, ben]);
  for (const p of [host, ana, modBack, benBack, cleo]) await expectFoldedEqualsSnapshot(p, callId);
});

// Redis restarts (empty: nothing persisted): leases, epochs and streams are gone. The calls go on
// afterwards on both gateways, the log stays whole (no seq reused under a reset epoch), and nobody
// is marked as gone because the bus was away for a moment.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCall } from '../../../test/api';
import { startCluster, type Cluster } from '../../../test/cluster';
import { chatter, enterAt, expectAckedInLog, expectContiguous, expectFoldedEqualsSnapshot, expectNobodyLeft, ownerOf, pastGrace, resumeAt, type ClusterPerson } from './support';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2, leaseMs: 3000 });
});
afterAll(async () => {
  await cluster?.stop();
});

test('after a Redis restart the call continues on both gateways and nobody is gone', async () => {
  const [a, b] = cluster.instances as [(typeof cluster.instances)[0], (typeof cluster.instances)[0]];
  const created = await createCall(a.url);
  const callId = created.call.id;
  const host = await enterAt(a, created, 'host', 'Host');
  const mod = await enterAt(b, created, 'moderator', 'Mod');
  const ana = await enterAt(a, created, 'participant', 'Ana');
  const ben = await enterAt(b, created, 'participant', 'Ben');
  await ownerOf(cluster, callId);
  const before = await chatter([host, mod], 'before', (n) => n >= 4);

  const restartedAt = Date.now();
  await cluster.redis.restart({ hard: true });

  // A socket the server closed meanwhile is reopened as the web app would, with lastSeq.
  const reconnected = async (p: ClusterPerson) => (p.client.closed ? resumeAt(p, p.at, callId) : p);
  // Commands from both gateways are accepted again (some may be refused while Redis is away).
  let people = [host, mod, ana, ben];
  const after: { text: string; seq: number }[] = [];
  const deadline = Date.now() + 40_000;
  for (let round = 0; after.length < 6 && Date.now() < deadline; round++) {
    people = await Promise.all(people.map(reconnected));
    after.push(...(await chatter(people.slice(0, 2), `after ${round}`, (n) => n >= 6 - after.length, 10_000)));
  }
  people = await Promise.all(people.map(reconnected));
  await people[2]!.client.ok({ type: 'raise_hand' });
  await people[3]!.client.ok({ type: 'raise_hand' });
  for (const p of people) await p.client.until((s) => s.queue.length === 2 && s.chat.length === before.length + after.length, 20_000);
  expect(after.length).toBe(6);
  await ownerOf(cluster, callId);

  await pastGrace(restartedAt, cluster.leaseMs);
  const log = cluster.eventLog(callId);
  expectContiguous(log);
  expectAckedInLog(log, [...before, ...after]);
  expectNobodyLeft(log, people);
  for (const p of people) await expectFoldedEqualsSnapshot(p, callId);
});

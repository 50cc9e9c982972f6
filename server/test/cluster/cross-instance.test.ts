// Every instance is a gateway: a command sent on instance B reaches the sockets on A and on B, in
// the order of the one event log (Postgres), whichever instance owns the call.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCall } from '../../../test/api';
import { startCluster, type Cluster } from '../../../test/cluster';
import { enterAt, expectAckedInLog, expectContiguous, expectFoldedEqualsSnapshot, logged, ownerOf } from './support';

let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2 });
});
afterAll(async () => {
  await cluster?.stop();
});

test('commands on A and on B reach the sockets on both, in one order that the log holds', async () => {
  const [a, b] = cluster.instances as [(typeof cluster.instances)[0], (typeof cluster.instances)[0]];
  const created = await createCall(a.url);
  const callId = created.call.id;
  const host = await enterAt(b, created, 'host', 'Host');
  const mod = await enterAt(a, created, 'moderator', 'Mod');
  const ana = await enterAt(a, created, 'participant', 'Ana');
  const ben = await enterAt(b, created, 'participant', 'Ben');
  const people = [host, mod, ana, ben];
  const owner = await ownerOf(cluster, callId);
  expect([a.id, b.id]).toContain(owner.instance.id);

  // A command on each gateway, acked with the seq the owner gave its event.
  const raised = await ana.client.ok({ type: 'raise_hand' }); // on A
  const granted = await host.client.ok({ type: 'grant_floor', participant: ana.joined.identity }); // on B
  const chatB = await host.client.ok({ type: 'chat_send', text: 'hello from B' });
  const chatA = await mod.client.ok({ type: 'chat_send', text: 'hello from A' });
  expect(granted.seq).toBeGreaterThan(raised.seq);

  // Everyone, on either gateway, folds the same outcome.
  for (const p of people) {
    const state = await p.client.until((s) => s.floor?.identity === ana.joined.identity && s.chat.length === 2);
    expect(state.chat.map((m) => m.text)).toEqual(['hello from B', 'hello from A']);
  }
  // Staff see every event: the two gateways delivered the same seqs with the same events.
  const seen = (p: typeof host) => p.client.frames.filter((f) => f.type === 'event').map((f) => [f.seq, f.event.type]);
  const lastSeq = Math.max(chatA.seq, chatB.seq);
  await expect.poll(() => host.client.seq).toBeGreaterThanOrEqual(lastSeq);
  await expect.poll(() => mod.client.seq).toBeGreaterThanOrEqual(lastSeq);
  const fromSeq = (frames: unknown[][]) => frames.filter(([seq]) => (seq as number) >= raised.seq);
  expect(fromSeq(seen(host))).toEqual(fromSeq(seen(mod)));

  // The log holds each acked event at its seq, with no gap.
  const log = cluster.eventLog(callId);
  expectContiguous(log);
  expectAckedInLog(log, [
    { text: 'hello from B', seq: chatB.seq },
    { text: 'hello from A', seq: chatA.seq },
  ]);
  expect(logged(log, 'floor_granted').map((e) => e.participant)).toEqual([ana.joined.identity]);
  for (const p of people) await expectFoldedEqualsSnapshot(p, callId);
});

// kill -9 of the server mid-call, then a restart: the queue, the floor and its timer, bans and chat
// come back from the event log with nothing lost, and clients resume with lastSeq.
import { afterAll, expect, test } from 'vitest';
import { api, createCall, inviteOf, join, joinRaw } from '../../test/api';
import { spawnServer, type ServerProcess } from '../../test/server-process';
import { TestClient } from '../../test/ws-client';

const procs: ServerProcess[] = [];
afterAll(async () => {
  for (const p of procs) await p.kill('SIGKILL');
});

test('kill -9 mid-call, restart: queue, floor and timer, bans and chat are restored', async () => {
  const first = await spawnServer();
  procs.push(first);
  const created = await createCall(first.baseUrl, { speakingLimitSec: 6 });
  const host = await join(first.baseUrl, created, 'host', 'Host');
  const people = await Promise.all(['Ana', 'Ben', 'Cleo', 'Troll'].map((n) => join(first.baseUrl, created, 'participant', n)));
  const [ana, ben, cleo, troll] = people as [typeof host, typeof host, typeof host, typeof host];
  const hostWs = await TestClient.ready(first.baseUrl, created.call.id, host.sessionToken);
  const clients = await Promise.all(people.map((p) => TestClient.ready(first.baseUrl, created.call.id, p.sessionToken)));
  const [anaWs, benWs, cleoWs] = clients as [TestClient, TestClient, TestClient];

  await anaWs.ok({ type: 'raise_hand' });
  await benWs.ok({ type: 'raise_hand', lane: 'direct_response' });
  await cleoWs.ok({ type: 'raise_hand' });
  await hostWs.ok({ type: 'next_speaker' }); // Ben (direct response lane) gets the floor
  await anaWs.ok({ type: 'chat_send', text: 'first!' });
  await hostWs.ok({ type: 'chat_send', text: 'welcome, everyone' });
  await hostWs.ok({ type: 'ban', participant: troll.identity, reason: 'slurs in chat', ip: false });
  const before = await hostWs.until((s) => s.bans.size === 1);
  expect(before.floor?.identity).toBe(ben.identity);
  const lastSeq = hostWs.seq;

  const killed = await first.kill('SIGKILL');
  expect(killed.signal).toBe('SIGKILL');

  const second = await spawnServer({ dataDir: first.dataDir });
  procs.push(second);

  // A client resuming with lastSeq misses nothing and gets nothing twice.
  const resumed = await TestClient.connect(second.baseUrl, created.call.id, host.sessionToken, { lastSeq });
  resumed.state = before;
  resumed.seq = lastSeq;
  // A fresh client sees exactly the restored state.
  const fresh = await TestClient.ready(second.baseUrl, created.call.id, cleo.sessionToken);
  const after = fresh.state!;
  expect(after.queue.map((e) => e.identity)).toEqual(before.queue.map((e) => e.identity));
  expect(after.queue.map((e) => e.identity)).toEqual([ana.identity, cleo.identity]);
  expect(after.floor).toEqual(before.floor);
  expect(after.chat.map((m) => m.text)).toEqual(['first!', 'welcome, everyone']);
  expect(fresh.seq).toBeGreaterThanOrEqual(lastSeq);

  // The ban holds after the restart.
  const banned = await joinRaw(second.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: 'Troll again' }, { device: troll.device });
  expect(banned.status).toBe(403);
  expect(banned.json.error.code).toBe('banned');

  // The floor timer was re-armed from the stored deadline: the floor expires on time.
  const expired = await fresh.waitFor((f) => f.type === 'event' && f.event.type === 'floor_ended', 15_000);
  expect(expired.event.reason).toBe('expired');
  expect(expired.event.at).toBeGreaterThanOrEqual(before.floor!.deadline!);
  expect(expired.event.at - before.floor!.deadline!).toBeLessThan(2000);

  // The resumed host got no snapshot, nothing twice, and the expiry like everyone else.
  await resumed.waitFor((f) => f.type === 'event' && f.event.type === 'floor_ended');
  expect(resumed.frames.some((f) => f.type === 'snapshot')).toBe(false);
  expect(resumed.frames.filter((f) => f.type === 'event').every((f) => f.seq > lastSeq)).toBe(true);
  expect(resumed.state!.floor).toBeNull();

  // A new socket for the same person replaces the old one: the host's fresh view shows the ban.
  const hostView = await TestClient.ready(second.baseUrl, created.call.id, host.sessionToken);
  expect([...hostView.state!.bans.keys()]).toEqual([troll.identity]);

  const health = await api(second.baseUrl, 'GET', '/readyz');
  expect(health.status).toBe(200);
});

// The whole app on Postgres (the cluster's store) with the real LiveKit: a call created over HTTP,
// people joining, a hello and commands over the websocket; then the app restarts on the same
// database and the call's state, its sessions and its ban come back from there.
import { afterAll, expect, test } from 'vitest';
import { createCall, inviteOf, join, joinRaw } from '../../test/api';
import { startPostgres, type TestPostgres } from '../../test/postgres';
import { startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';
import { openPostgresStore } from '../src/store/postgres-store';

let postgres: TestPostgres | undefined;
const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => {});
  await postgres?.stop();
});

test('a call on Postgres: create, join, hello and commands; after a restart on the same database its state is there', async () => {
  // Started in the test: without Postgres installed the test fails with how to install it.
  postgres = await startPostgres();
  const url = postgres.url;
  const first = await startTestServer({ store: () => openPostgresStore(url) });
  servers.push(first);
  const created = await createCall(first.baseUrl, {}, 'On Postgres');
  const host = await join(first.baseUrl, created, 'host', 'Host');
  const ana = await join(first.baseUrl, created, 'participant', 'Ana');
  const troll = await join(first.baseUrl, created, 'participant', 'Troll');
  const hostWs = await TestClient.ready(first.baseUrl, created.call.id, host.sessionToken);
  const anaWs = await TestClient.ready(first.baseUrl, created.call.id, ana.sessionToken);
  await TestClient.ready(first.baseUrl, created.call.id, troll.sessionToken);

  await anaWs.ok({ type: 'raise_hand' });
  await anaWs.ok({ type: 'chat_send', text: 'hello from Postgres' });
  await hostWs.ok({ type: 'ban', participant: troll.identity, reason: 'spam', ip: false });
  const before = await hostWs.until((s) => s.bans.size === 1 && s.queue.length === 1 && s.chat.length === 1);
  // What the app wrote is in Postgres itself, not in a file beside it.
  const store = openPostgresStore(url);
  expect(store.lastSeq(created.call.id)).toBeGreaterThanOrEqual(hostWs.seq);
  expect(store.getCall(created.call.id)?.title).toBe('On Postgres');
  store.close();
  hostWs.close();
  anaWs.close();
  await first.close();

  const second = await startTestServer({ store: () => openPostgresStore(url) });
  servers.push(second);
  // Sessions minted before the restart still open the call; the state is the one left.
  const again = await TestClient.ready(second.baseUrl, created.call.id, ana.sessionToken);
  const after = again.state!;
  expect(after.queue.map((e) => e.identity)).toEqual(before.queue.map((e) => e.identity));
  expect(after.chat.map((m) => m.text)).toEqual(['hello from Postgres']);
  // The ban holds at the door of the restarted app.
  const banned = await joinRaw(second.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: 'Troll again' }, { device: troll.device });
  expect(banned.status).toBe(403);
  expect(banned.json.error.code).toBe('banned');
  again.close();
});

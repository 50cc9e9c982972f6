// SIGTERM: the server stops accepting, tells clients (1012 service restart), writes its snapshots
// and exits cleanly; a restart picks up exactly where it stopped.
import Database from 'better-sqlite3';
import { join as joinPath } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createCall, join } from '../../test/api';
import { spawnServer, type ServerProcess } from '../../test/server-process';
import { TestClient } from '../../test/ws-client';

const procs: ServerProcess[] = [];
afterAll(async () => {
  for (const p of procs) await p.kill('SIGKILL');
});

test('SIGTERM tells clients, flushes the store and exits 0', async () => {
  const server = await spawnServer();
  procs.push(server);
  const created = await createCall(server.baseUrl);
  const host = await join(server.baseUrl, created, 'host', 'Host');
  const client = await TestClient.ready(server.baseUrl, created.call.id, host.sessionToken);
  await client.ok({ type: 'chat_send', text: 'last words before the restart' });
  const seq = client.seq;

  const closed = client.waitClosed();
  const exit = await server.kill('SIGTERM');
  expect(exit.code).toBe(0);
  expect((await closed).code).toBe(1012);

  const db = new Database(joinPath(server.dataDir, 'caucus.db'), { readonly: true });
  const snap = db.prepare('SELECT seq FROM snapshots WHERE call_id = ?').get(created.call.id) as { seq: number } | undefined;
  db.close();
  expect(snap?.seq).toBe(seq);

  const again = await spawnServer({ dataDir: server.dataDir });
  procs.push(again);
  const resumed = await TestClient.ready(again.baseUrl, created.call.id, host.sessionToken);
  expect(resumed.seq).toBe(seq);
  expect(resumed.state!.chat.map((m) => m.text)).toEqual(['last words before the restart']);
});

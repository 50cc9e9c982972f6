// The benchmark's server-side fan-out hook over real sockets: with CAUCUS_FANOUT_TIMING=1 every
// command that produced a broadcast leaves one sample, answered once; without it the route does
// not exist.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createCall, join } from '../../test/api';
import { startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';

describe('with CAUCUS_FANOUT_TIMING=1', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { CAUCUS_FANOUT_TIMING: '1' } });
  });
  afterAll(async () => server?.close({ wipe: true }));

  test('each broadcast command leaves one sample in ms, a refusal none; reading clears them', async () => {
    const created = await createCall(server.baseUrl);
    const host = await join(server.baseUrl, created, 'host', 'Host');
    const listener = await join(server.baseUrl, created, 'speaker', 'Listener');
    const hostSocket = await TestClient.ready(server.baseUrl, created.call.id, host.sessionToken);
    const listenerSocket = await TestClient.ready(server.baseUrl, created.call.id, listener.sessionToken);
    await api(server.baseUrl, 'GET', '/api/internal/fanout-timings');

    await hostSocket.ok({ type: 'set_lock', locked: true });
    await hostSocket.ok({ type: 'chat_send', text: 'one' });
    await hostSocket.ok({ type: 'chat_send', text: 'two' });
    expect((await listenerSocket.command({ type: 'end_call' })).type).toBe('error');
    await listenerSocket.until((s) => s.chat.length === 2);

    const first = await api(server.baseUrl, 'GET', '/api/internal/fanout-timings');
    expect(first.status).toBe(200);
    const samples = first.json.samples as number[];
    expect(samples).toHaveLength(3);
    for (const ms of samples) {
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThan(5000);
    }
    const second = await api(server.baseUrl, 'GET', '/api/internal/fanout-timings');
    expect(second.json.samples).toEqual([]);
  });
});

describe('without it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close({ wipe: true }));

  test('the route does not exist', async () => {
    expect((await api(server.baseUrl, 'GET', '/api/internal/fanout-timings')).status).toBe(404);
  });
});

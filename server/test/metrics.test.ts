// GET /metrics: only the operator's scraper reads it (bearer METRICS_TOKEN, else 401; no token
// configured, 404), it carries every instrument the docs promise, and the instruments move with the
// real thing: events appended and fanned out on a real call, LiveKit admin calls against the real
// LiveKit (and their failures against a LiveKit that is not there), sockets counted at scrape time.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createCall, join } from '../../test/api';
import { startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';

const TOKEN = 'metrics-token-for-the-scraper-0123456789';

/** The contract's names (docs/SCALING.md lists them for dashboards and alerts). */
const INSTRUMENTS = [
  'caucus_calls_open',
  'caucus_sockets',
  'caucus_events_total',
  'caucus_fanout_seconds',
  'caucus_owner_leases',
  'caucus_owner_changes_total',
  'caucus_bus_lag_seconds',
  'caucus_bus_errors_total',
  'caucus_livekit_admin_seconds',
  'caucus_livekit_admin_errors_total',
];

/** A real app with METRICS_TOKEN set. */
const serverWithToken = (env: Record<string, string> = {}) => startTestServer({ env: { METRICS_TOKEN: TOKEN, ...env } });

const scrape = async (baseUrl: string) => {
  const res = await api(baseUrl, 'GET', '/metrics', undefined, { authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  return res.json as string;
};

/** The value of one sample (`name` or `name{labels}`), 0 when the series has no sample yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('/metrics without METRICS_TOKEN', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  test('does not exist: 404 with or without a bearer, never the numbers', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${TOKEN}` }, { authorization: 'Bearer ' }];
    for (const headers of attempts) {
      const res = await api(server.baseUrl, 'GET', '/metrics', undefined, headers);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await serverWithToken();
  });
  afterAll(async () => server?.close());

  test('refuses anything but the exact bearer token with 401, saying nothing', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.toUpperCase()}` },
      { authorization: `Basic ${Buffer.from(`metrics:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
      // The organizer key opens the console, not the metrics.
      { authorization: 'Bearer test-organizer-key-0123456789' },
    ];
    for (const headers of attempts) {
      const res = await api(server.baseUrl, 'GET', '/metrics', undefined, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.json.error.code).toBe('unauthorized');
      expect(JSON.stringify(res.json)).not.toContain('caucus_');
    }
    // Not in the query string either (it would end up in access logs).
    const inQuery = await api(server.baseUrl, 'GET', `/metrics?token=${TOKEN}`);
    expect(inQuery.status).toBe(401);
  });

  test('serves the Prometheus text with every instrument of the contract and Node defaults', async () => {
    const res = await api(server.baseUrl, 'GET', '/metrics', undefined, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = res.json as string;
    for (const name of INSTRUMENTS) expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    expect(text).toMatch(/^# TYPE process_cpu_user_seconds_total counter/m);
    expect(text).toMatch(/^# TYPE nodejs_eventloop_lag_seconds gauge/m);
  });

  test('a real call moves calls, sockets, events and fan-out; no call id or identity leaks into a label', async () => {
    const before = await scrape(server.baseUrl);
    const created = await createCall(server.baseUrl);
    const host = await join(server.baseUrl, created, 'host', 'Metrics Host');
    const participant = await join(server.baseUrl, created, 'participant', 'Metrics Listener');
    const hostClient = await TestClient.ready(server.baseUrl, created.call.id, host.sessionToken);
    const listener = await TestClient.ready(server.baseUrl, created.call.id, participant.sessionToken);
    try {
      const during = await scrape(server.baseUrl);
      expect(sample(during, 'caucus_calls_open')).toBe(sample(before, 'caucus_calls_open') + 1);
      expect(sample(during, 'caucus_sockets')).toBe(sample(before, 'caucus_sockets') + 2);

      const seqBefore = listener.seq;
      await listener.ok({ type: 'raise_hand' });
      await hostClient.until((s) => s.queue.length > 0);
      const after = await scrape(server.baseUrl);
      // Every event the listener saw was appended here, and counted.
      const appended = sample(after, 'caucus_events_total') - sample(during, 'caucus_events_total');
      expect(appended).toBeGreaterThanOrEqual(listener.seq - seqBefore);
      expect(appended).toBeGreaterThan(0);
      // The command came in on a socket, so its fan-out was timed.
      expect(sample(after, 'caucus_fanout_seconds_count')).toBeGreaterThan(sample(during, 'caucus_fanout_seconds_count'));
      // Joining created the LiveKit room through the admin API: timed under its method's name.
      expect(sample(after, 'caucus_livekit_admin_seconds_count{method="createRoom"}')).toBeGreaterThan(0);
      for (const secret of [created.call.id, host.identity, participant.identity, 'Metrics Host']) expect(after).not.toContain(secret);
    } finally {
      hostClient.close();
      listener.close();
    }
    // Sockets are counted at scrape time: closed ones are gone at once.
    await expect.poll(async () => sample(await scrape(server.baseUrl), 'caucus_sockets')).toBe(sample(before, 'caucus_sockets'));
  });

  test('failed LiveKit admin calls are counted by method', async () => {
    // An instance whose LiveKit is not there: its readiness probe (listRooms) fails.
    const orphan = await serverWithToken({ LIVEKIT_URL: 'ws://127.0.0.1:9' });
    try {
      const before = sample(await scrape(orphan.baseUrl), 'caucus_livekit_admin_errors_total{method="listRooms"}');
      expect((await api(orphan.baseUrl, 'GET', '/readyz')).status).toBe(503);
      const after = await scrape(orphan.baseUrl);
      expect(sample(after, 'caucus_livekit_admin_errors_total{method="listRooms"}')).toBeGreaterThan(before);
      expect(sample(after, 'caucus_livekit_admin_seconds_count{method="listRooms"}')).toBeGreaterThan(0);
    } finally {
      await orphan.close();
    }
  });
});

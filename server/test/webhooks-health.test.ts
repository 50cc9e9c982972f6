// Webhooks are accepted only when signed with our LiveKit key over the exact body; /readyz tells
// what is wrong; security headers let LiveKit connect and nothing else.
import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { api } from '../../test/api';
import { startTestServer, type TestServer } from '../../test/server';
import { READINESS_CHECK_TIMEOUT_MS } from '../src/routes/health';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

async function signedHeader(body: string, key: string, secret: string): Promise<string> {
  const at = new AccessToken(key, secret);
  at.sha256 = createHash('sha256').update(body).digest('base64');
  return at.toJwt();
}

const webhookBody = (identity: string) =>
  JSON.stringify({ event: 'participant_joined', room: { name: 'some-room' }, participant: { identity }, id: 'EV_1', createdAt: '1' });

const post = (body: string, authorization?: string) =>
  api(server.baseUrl, 'POST', '/api/livekit/webhook', body, {
    'content-type': 'application/webhook+json',
    ...(authorization ? { authorization } : {}),
  });

describe('LiveKit webhooks', () => {
  test('a body signed with our key is accepted', async () => {
    const lk = inject('livekit');
    const body = webhookBody('p_someone');
    const res = await post(body, await signedHeader(body, lk.apiKey, lk.apiSecret));
    expect(res.status).toBe(200);
  });

  test('no signature, a foreign key, or a tampered body are refused with 401', async () => {
    const lk = inject('livekit');
    const body = webhookBody('p_someone');
    expect((await post(body)).status).toBe(401);
    const forged = await post(body, await signedHeader(body, lk.apiKey, 'an-attacker-secret-of-32-characters!!'));
    expect(forged.status).toBe(401);
    expect(forged.json.error.code).toBe('unauthorized');
    const signedForOther = await signedHeader(webhookBody('p_other'), lk.apiKey, lk.apiSecret);
    expect((await post(body, signedForOther)).status).toBe(401);
  });
});

describe('health', () => {
  test('/healthz and /readyz answer when LiveKit and the store are up', async () => {
    expect((await api(server.baseUrl, 'GET', '/healthz')).json).toEqual({ status: 'ok' });
    const ready = await api(server.baseUrl, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json.checks).toEqual({ livekit: 'ok', store: 'ok' });
  });

  test('/readyz says 503 and why when LiveKit is unreachable', async () => {
    const orphan = await startTestServer({ env: { LIVEKIT_URL: 'ws://127.0.0.1:9' } });
    try {
      const ready = await api(orphan.baseUrl, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json.checks).toEqual({ livekit: 'unreachable', store: 'ok' });
      // Nothing internal in a public answer: not LiveKit's address, not the error.
      expect(JSON.stringify(ready.json)).not.toMatch(/127\.0\.0\.1|:9\b|ECONNREFUSED|fetch failed/);
    } finally {
      await orphan.close();
    }
  });
});

describe('readiness checks (app.readinessChecks: Redis in cluster mode)', () => {
  /** Runs /readyz with these checks added, then takes them away again. */
  async function readyWith(...checks: { name: string; check: () => Promise<boolean> }[]) {
    server.app.readinessChecks.push(...checks);
    try {
      return await api(server.baseUrl, 'GET', '/readyz');
    } finally {
      server.app.readinessChecks.splice(-checks.length);
    }
  }

  test('each check is reported by name; all passing is ready', async () => {
    const ready = await readyWith({ name: 'redis', check: async () => true });
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ready', checks: { livekit: 'ok', store: 'ok', redis: 'ok' } });
  });

  test('one failing check is 503 and names it; the others still say ok', async () => {
    const ready = await readyWith({ name: 'redis', check: async () => false }, { name: 'bus', check: async () => true });
    expect(ready.status).toBe(503);
    expect(ready.json).toEqual({ status: 'not_ready', checks: { livekit: 'ok', store: 'ok', redis: 'unavailable', bus: 'ok' } });
  });

  test('a check that throws is unavailable, and its error (an internal address) stays in the log', async () => {
    const ready = await readyWith({
      name: 'redis',
      check: async () => {
        throw new Error('connect ECONNREFUSED 10.20.30.40:6379');
      },
    });
    expect(ready.status).toBe(503);
    expect(ready.json.checks.redis).toBe('unavailable');
    expect(JSON.stringify(ready.json)).not.toMatch(/10\.20\.30\.40|6379|ECONNREFUSED/);
  });

  test('a check that never answers is unavailable after the timeout, not a hung probe', async () => {
    const started = Date.now();
    const ready = await readyWith({ name: 'redis', check: () => new Promise<boolean>(() => {}) });
    expect(ready.status).toBe(503);
    expect(ready.json.checks.redis).toBe('unavailable');
    expect(Date.now() - started).toBeGreaterThanOrEqual(READINESS_CHECK_TIMEOUT_MS - 50);
  });

  test('a check cannot pass for a built-in one that fails: the worse verdict wins', async () => {
    const orphan = await startTestServer({ env: { LIVEKIT_URL: 'ws://127.0.0.1:9' } });
    try {
      orphan.app.readinessChecks.push({ name: 'livekit', check: async () => true });
      const ready = await api(orphan.baseUrl, 'GET', '/readyz');
      expect(ready.status).toBe(503);
      expect(ready.json.checks.livekit).not.toBe('ok');
    } finally {
      await orphan.close();
    }
  });
});

describe('security headers', () => {
  test('a CSP that allows our origin and LiveKit, and the usual helmet headers', async () => {
    const res = await fetch(`${server.baseUrl}/`);
    const csp = res.headers.get('content-security-policy')!;
    const lk = new URL(inject('livekit').url);
    expect(csp).toContain(`connect-src 'self'`);
    expect(csp).toContain(`ws://${lk.host}`);
    expect(csp).toContain(`script-src 'self'`);
    expect(csp).toContain(`frame-ancestors 'none'`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

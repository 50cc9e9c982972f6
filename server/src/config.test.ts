import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config';

const valid = {
  LIVEKIT_URL: 'ws://127.0.0.1:7880',
  LIVEKIT_API_KEY: 'devkey',
  LIVEKIT_API_SECRET: 'x'.repeat(32),
  CAUCUS_ORGANIZER_KEY: 'o'.repeat(16),
};

describe('loadConfig', () => {
  test('applies documented defaults', () => {
    const c = loadConfig(valid);
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.livekit.apiUrl).toBe('http://127.0.0.1:7880');
    expect(c.databasePath).toBe('data/caucus.db');
  });

  test('embedded by default: no database URL, no Redis, not a cluster; an instance id and a lease anyway', () => {
    const c = loadConfig(valid);
    expect(c).toMatchObject({ databaseUrl: null, redisUrl: null, cluster: false, leaseMs: 5000, metricsToken: null });
    expect(c.instanceId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    // Two instances started without an id still get different ones.
    expect(loadConfig(valid).instanceId).not.toBe(c.instanceId);
  });

  test('cluster mode: a Postgres DATABASE_URL and a REDIS_URL together', () => {
    const c = loadConfig({
      ...valid,
      DATABASE_URL: 'postgresql://caucus:pw@db:5432/caucus',
      REDIS_URL: 'redis://redis:6379/0',
      CAUCUS_INSTANCE_ID: 'caucus-a',
      CAUCUS_LEASE_MS: '8000',
      METRICS_TOKEN: 'm'.repeat(16),
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgresql://caucus:pw@db:5432/caucus',
      redisUrl: 'redis://redis:6379/0',
      cluster: true,
      instanceId: 'caucus-a',
      leaseMs: 8000,
      metricsToken: 'm'.repeat(16),
    });
  });

  test.each([
    [{ DATABASE_URL: 'postgres://db/caucus' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis://redis:6379' }, 'DATABASE_URL'],
  ])('only one of the cluster URLs is an error that names the missing one: %#', (extra, missing) => {
    expect(() => loadConfig({ ...valid, ...extra })).toThrowError(ConfigError);
    expect(() => loadConfig({ ...valid, ...extra })).toThrowError(new RegExp(`${missing} is required: .* but ${missing} is not`));
  });

  test('PUBLIC_URL defaults to the chosen port and loses a trailing slash', () => {
    expect(loadConfig({ ...valid, PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...valid, PUBLIC_URL: 'https://calls.example.org/' }).publicUrl).toBe('https://calls.example.org');
  });

  test.each([
    [{ ...valid, LIVEKIT_URL: undefined }, /LIVEKIT_URL is required/],
    [{ ...valid, PORT: 'eighty' }, /PORT:/],
    [{ ...valid, PORT: '70000' }, /PORT:/],
    [{ ...valid, LIVEKIT_API_SECRET: 'short' }, /LIVEKIT_API_SECRET: must be at least 32 characters/],
    [{ ...valid, PUBLIC_URL: 'not a url' }, /PUBLIC_URL:/],
    [{ ...valid, LOG_LEVEL: 'loud' }, /LOG_LEVEL:/],
    [{ ...valid, TRUST_PROXY: 'maybe' }, /TRUST_PROXY:/],
    [{ ...valid, DATABASE_URL: 'mysql://db/caucus', REDIS_URL: 'redis://r:6379' }, /DATABASE_URL: expected a postgres/],
    [{ ...valid, DATABASE_URL: 'postgres://db/caucus', REDIS_URL: 'http://r:6379' }, /REDIS_URL: expected a redis/],
    [{ ...valid, CAUCUS_INSTANCE_ID: 'a b' }, /CAUCUS_INSTANCE_ID:/],
    [{ ...valid, CAUCUS_INSTANCE_ID: 'x'.repeat(65) }, /CAUCUS_INSTANCE_ID:/],
    [{ ...valid, CAUCUS_LEASE_MS: '999' }, /CAUCUS_LEASE_MS:/],
    [{ ...valid, CAUCUS_LEASE_MS: '60001' }, /CAUCUS_LEASE_MS:/],
    [{ ...valid, METRICS_TOKEN: 'short' }, /METRICS_TOKEN: must be at least 16 characters/],
  ])('names the bad variable: %#', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });

  test('TRUST_PROXY: false, the proxies by address or CIDR, or true outside production only', () => {
    expect(loadConfig(valid).trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...valid, TRUST_PROXY: '127.0.0.2' }).trustProxy).toEqual(['127.0.0.2']);
    expect(loadConfig({ ...valid, TRUST_PROXY: ' 10.0.0.0/8, 2001:db8::/32,loopback ' }).trustProxy).toEqual(['10.0.0.0/8', '2001:db8::/32', 'loopback']);
    expect(loadConfig({ ...valid, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', TRUST_PROXY: 'true' })).toThrowError(/TRUST_PROXY: true is refused in production.*Name your reverse proxy's addresses/);
    expect(loadConfig({ ...valid, NODE_ENV: 'production', TRUST_PROXY: '172.28.0.10' }).trustProxy).toEqual(['172.28.0.10']);
    for (const bad of ['proxy.example.org', '10.0.0.0/33', '1.2.3', '10.0.0.1/8/8', ',']) {
      expect(() => loadConfig({ ...valid, TRUST_PROXY: bad }), bad).toThrowError(/TRUST_PROXY: expected false, or your proxies' addresses/);
    }
  });
});

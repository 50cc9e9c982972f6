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

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
});

// Builds and starts the real app for a test: real LiveKit (from the global setup), a real SQLite
// file in a temp folder, a real port on 127.0.0.1.
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import type { Store } from '../server/src/store/store';
import { freePort } from './ports';

export { freePort };

export const ORGANIZER_KEY = 'test-organizer-key-0123456789';

export interface TestServer {
  app: FastifyInstance;
  baseUrl: string;
  dataDir: string;
  dbPath: string;
  env: Record<string, string>;
  /** Closes the app; keeps the data folder unless `wipe`. */
  close(opts?: { wipe?: boolean }): Promise<void>;
}

export interface TestServerOptions {
  /** Listen on the webhook port that the test LiveKit posts to. */
  webhooks?: boolean;
  port?: number;
  dataDir?: string;
  env?: Record<string, string>;
  /** Build the app around this store instead of opening one from DATABASE_PATH. */
  store?: (dbPath: string) => Store;
}

export function testEnv(port: number, dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  // The run's LiveKit (global setup). Projects without one (cluster: its own nodes) name theirs in `extra`.
  const lk = (inject('livekit') as ReturnType<typeof inject<'livekit'>> | undefined) ?? { url: '', apiKey: '', apiSecret: '' };
  return {
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LIVEKIT_URL: lk.url,
    LIVEKIT_API_KEY: lk.apiKey,
    LIVEKIT_API_SECRET: lk.apiSecret,
    CAUCUS_ORGANIZER_KEY: ORGANIZER_KEY,
    DATABASE_PATH: join(dataDir, 'caucus.db'),
    CLIENT_DIST: 'client/dist',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Tests join many people from 127.0.0.1; the rate-limit test sets its own low limit.
    JOIN_RATE_LIMIT: '100000',
    AUTH_RATE_LIMIT: '100000',
    WS_CONNECTIONS_PER_ADDRESS: '100000',
    REGISTRATION_RATE_LIMIT: '100000',
    ...extra,
  };
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'caucus-test-'));
  // The port is known before the app is built: PUBLIC_URL (links, the websocket Origin check) names it.
  const port = opts.port ?? (opts.webhooks ? inject('livekit').webhookPort : await freePort());
  const env = testEnv(port, dataDir, opts.env);
  const config = loadConfig(env);
  const app = await buildApp({ config, ...(opts.store ? { store: opts.store(config.databasePath) } : {}) });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    dbPath: env.DATABASE_PATH!,
    env,
    async close({ wipe = true } = {}) {
      await app.close();
      if (wipe) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// The app is a plugin tree; main.ts only boots it and tests build it with their own store.
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import { loggerOptions } from './logger';
import errorHandler from './plugins/error-handler';
import livekitPlugin, { createLivekit, type Livekit } from './plugins/livekit';
import storePlugin from './plugins/store';
import clientApp from './routes/client-app';
import health from './routes/health';
import livekitWebhook from './routes/livekit-webhook';
import type { Store } from './store/store';
import { openSqliteStore } from './store/sqlite-store';

export interface AppDeps {
  config: Config;
  store?: Store;
  livekit?: Livekit;
}

/** Request bodies are small JSON documents; anything bigger is refused with 413. */
export const BODY_LIMIT_BYTES = 64 * 1024;

export async function buildApp({ config, store, livekit }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  app.decorate('config', config);
  await app.register(errorHandler);
  await app.register(storePlugin, { store: store ?? openSqliteStore(config.databasePath) });
  await app.register(livekitPlugin, { livekit: livekit ?? createLivekit(config.livekit) });
  await app.register(health);
  await app.register(livekitWebhook);
  await app.register(clientApp, { dist: config.clientDist });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

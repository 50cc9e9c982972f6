// The app is a plugin tree; main.ts only boots it and tests build it with their own store.
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Config } from './config';
import { loggerOptions } from './logger';
import { networkOf } from './http/network';
import callsPlugin from './plugins/calls';
import { frameworkErrors, websocketErrorHandler } from './http/framework-errors';
import errorHandler from './plugins/error-handler';
import securityHeaders from './plugins/security-headers';
import livekitPlugin, { createLivekit, type Livekit } from './plugins/livekit';
import metricsPlugin from './plugins/metrics';
import readinessPlugin from './plugins/readiness';
import storePlugin from './plugins/store';
import accountsPlugin from './plugins/accounts';
import bansPlugin from './plugins/bans';
import registrationPlugin from './plugins/registration';
import consoleRegistration from './routes/console/registration';
import registration from './routes/registration';
import accountRoutes from './routes/console/account';
import authRoutes from './routes/console/auth';
import consoleBans from './routes/console/bans';
import consoleCalls from './routes/console/calls';
import members from './routes/console/members';
import audit from './routes/audit';
import calls from './routes/calls';
import clientApp from './routes/client-app';
import health from './routes/health';
import join from './routes/join';
import schedule from './routes/schedule';
import livekitWebhook from './routes/livekit-webhook';
import ws, { MAX_FRAME_BYTES } from './routes/ws';
import type { Store } from './store/store';
import { openStore } from './store/open-store';

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
    // The logged request id is ours: a client-chosen one could forge or collide with others' log lines.
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    // A malformed URL or an over-long path parameter gets the API's error shape too.
    frameworkErrors,
  });
  app.decorate('config', config);
  await app.register(errorHandler);
  await app.register(storePlugin, { store: store ?? openStore(config) });
  await app.register(readinessPlugin);
  await app.register(accountsPlugin);
  await app.register(bansPlugin);
  await app.register(livekitPlugin, { livekit: livekit ?? createLivekit(config.livekit) });
  await app.register(securityHeaders);
  await app.register(cookie);
  // Limits are per route (join per IP); global: false keeps the websocket and webhooks out of it.
  // Keyed by network: an IPv6 host has a whole /64 to pick addresses from.
  await app.register(rateLimit, { global: false, keyGenerator: (req) => networkOf(req.ip) });
  await app.register(websocket, {
    options: { maxPayload: MAX_FRAME_BYTES },
    // Unreadable frames (too big: 1009, bad UTF-8: 1007) are the client's doing: logged at info.
    errorHandler: websocketErrorHandler,
    // On shutdown tell every client "service restart" (1012): they reconnect with lastSeq and miss nothing.
    preClose: async function (this: FastifyInstance) {
      for (const client of this.websocketServer.clients) client.close(1012, 'service_restart');
      await new Promise<void>((resolve) => this.websocketServer.close(() => resolve()));
    },
  });
  await app.register(health);
  await app.register(livekitWebhook);
  await app.register(callsPlugin);
  await app.register(metricsPlugin);
  await app.register(registrationPlugin);
  await app.register(calls);
  await app.register(join);
  await app.register(ws);
  await app.register(audit);
  await app.register(schedule);
  await app.register(authRoutes);
  await app.register(accountRoutes);
  await app.register(members);
  await app.register(consoleCalls);
  await app.register(consoleBans);
  await app.register(registration);
  await app.register(consoleRegistration);
  await app.register(clientApp, { dist: config.clientDist });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}

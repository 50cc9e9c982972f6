// /healthz: the process is up. /readyz: LiveKit answers and the store is open; 503 says what is wrong.
import type { FastifyPluginAsync } from 'fastify';

const health: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const livekit = await app.livekit.check();
    const store = app.store.ping() ? null : 'the store does not answer';
    const checks = { livekit: livekit ?? 'ok', store: store ?? 'ok' };
    if (livekit || store) return reply.status(503).send({ status: 'not_ready', checks });
    return { status: 'ready', checks };
  });
};

export default health;

// /healthz: the process is up. /readyz: LiveKit answers and the store is open; 503 says which is
// not. The details (LiveKit's internal address, the error) go to the log, never to the caller:
// /readyz is public and internal addresses help nobody but an attacker.
import type { FastifyPluginAsync } from 'fastify';

const health: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (req, reply) => {
    const livekit = await app.livekit.check();
    const store = app.store.ping();
    if (livekit) req.log.warn({ problem: livekit }, 'not ready: LiveKit');
    if (!store) req.log.warn('not ready: the store does not answer');
    const checks = { livekit: livekit ? 'unreachable' : 'ok', store: store ? 'ok' : 'unavailable' };
    if (livekit || !store) return reply.status(503).send({ status: 'not_ready', checks });
    return { status: 'ready', checks };
  });
};

export default health;

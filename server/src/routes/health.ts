// /healthz: the process is up. /readyz: LiveKit answers, the store is open, and every check in
// app.readinessChecks (Redis in cluster mode) passes; 503 says which is not. The details (LiveKit's
// internal address, an error) go to the log, never to the caller: /readyz is public and internal
// addresses help nobody but an attacker.
import type { FastifyPluginAsync } from 'fastify';
import type { ReadinessCheck } from '../plugins/readiness';

/** A check that has not answered by then is unavailable: a load balancer's probe must not hang. */
export const READINESS_CHECK_TIMEOUT_MS = 3000;

type Verdict = 'ok' | 'unavailable';

async function verdictOf({ check }: ReadinessCheck): Promise<{ verdict: Verdict; problem?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_CHECK_TIMEOUT_MS} ms`)), READINESS_CHECK_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([check(), timeout])) ? { verdict: 'ok' } : { verdict: 'unavailable', problem: 'the check said no' };
  } catch (err) {
    return { verdict: 'unavailable', problem: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const health: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (req, reply) => {
    const [livekit, others] = await Promise.all([app.livekit.check(), Promise.all(app.readinessChecks.map(verdictOf))]);
    const store = app.store.ping();
    if (livekit) req.log.warn({ problem: livekit }, 'not ready: LiveKit');
    if (!store) req.log.warn('not ready: the store does not answer');
    const checks: Record<string, string> = { livekit: livekit ? 'unreachable' : 'ok', store: store ? 'ok' : 'unavailable' };
    app.readinessChecks.forEach(({ name }, i) => {
      const { verdict, problem } = others[i]!;
      if (problem !== undefined) req.log.warn({ check: name, problem }, `not ready: ${name}`);
      // A name that repeats (a check pushed twice, or named like a built-in one): unavailable wins.
      if (!(name in checks) || verdict === 'unavailable') checks[name] = verdict;
    });
    const ready = Object.values(checks).every((v) => v === 'ok');
    if (!ready) return reply.status(503).send({ status: 'not_ready', checks });
    return { status: 'ready', checks };
  });
};

export default health;

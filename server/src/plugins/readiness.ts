// app.readinessChecks: what else /readyz must ask before this instance takes traffic. Cluster mode
// pushes its services here (Redis); routes/health.ts runs them with LiveKit and the store.
import fp from 'fastify-plugin';

export interface ReadinessCheck {
  /** The key in /readyz's `checks` (a word such as `redis`: the answer is public, say no more). */
  name: string;
  /** True when the dependency answers. A throw or a hang counts as false. */
  check: () => Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyInstance {
    readinessChecks: ReadinessCheck[];
  }
}

export default fp(async (app) => {
  app.decorate('readinessChecks', [] as ReadinessCheck[]);
}, { name: 'readiness' });

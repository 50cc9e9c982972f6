// GET /api/internal/fanout-timings: the benchmark's server-side fan-out samples (milliseconds, see
// calls/fanout-timings.ts), answered once and forgotten. Registered only with
// CAUCUS_FANOUT_TIMING=1: otherwise the route does not exist (404).
import type { FastifyPluginAsync } from 'fastify';
import type { FanoutTimings } from '../calls/fanout-timings';

const fanoutTimings: FastifyPluginAsync<{ timings: FanoutTimings }> = async (app, { timings }) => {
  app.get('/api/internal/fanout-timings', async () => ({ samples: timings.drain() }));
};

export default fanoutTimings;

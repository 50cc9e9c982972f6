// GET /metrics: the Prometheus text of metrics/registry.ts, for the operator's scraper only. It
// says how busy the instance is (calls, sockets, events per second), which is nobody else's
// business: without METRICS_TOKEN configured the route answers 404, and with one every request
// must carry it as a bearer (compared in constant time), or it is a 401.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { bearer } from '../accounts/principal';
import { safeEqual } from '../calls/secrets';
import { errorBody } from '../http/errors';
import { countCallsOf, metrics } from '../metrics/registry';

const metricsPlugin: FastifyPluginAsync = async (app) => {
  const token = app.config.metricsToken;

  // The gauges read this app's rooms at each scrape: nothing to keep in step as calls come and go.
  const stopCounting = countCallsOf(() => {
    let calls = 0;
    let sockets = 0;
    for (const room of app.calls.all()) {
      if (room.state.status !== 'ended') calls += 1;
      sockets += room.connectionCount();
    }
    return { calls, sockets };
  });
  app.addHook('onClose', async () => void stopCounting());

  app.get('/metrics', async (req, reply) => {
    if (token === null) return reply.status(404).send(errorBody('not_found', 'No route for GET /metrics'));
    const given = bearer(req);
    if (given === null || !safeEqual(given, token)) {
      return reply.status(401).header('www-authenticate', 'Bearer').send(errorBody('unauthorized', 'A valid metrics token is required.'));
    }
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(await metrics.metrics());
  });
};

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['calls'] });

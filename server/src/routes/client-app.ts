// Serves the built web app on the same port as the API and the websocket. Unknown non-API GETs fall
// back to index.html so that links like /c/:id open the call page.
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errorBody } from '../http/errors';

const clientApp: FastifyPluginAsync<{ dist: string }> = async (app, { dist }) => {
  const root = resolve(dist);
  const built = existsSync(join(root, 'index.html'));
  if (!built) app.log.warn({ root }, 'the web client is not built: run `npm run build`');
  // wildcard: files are looked up per request, so a rebuilt client is served without a restart.
  else await app.register(fastifyStatic, { root, wildcard: true, index: false, maxAge: '1h', immutable: false });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (req.method !== 'GET' || path.startsWith('/api/')) {
      return reply.status(404).send(errorBody('not_found', `No route for ${req.method} ${path}`));
    }
    if (!built) return reply.status(503).type('text/plain').send('The web client is not built: run `npm run build`.');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
};

// fastify-plugin: the not-found fallback must apply to the whole app, not only this plugin's scope.
export default fp(clientApp, { name: 'client-app' });

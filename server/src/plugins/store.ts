// Decorates app.store (SQLite, or Postgres in cluster mode: store/open-store.ts); closes it when
// the app closes (after sockets).
import fp from 'fastify-plugin';
import type { Store } from '../store/store';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

export default fp<{ store: Store }>(async (app, { store }) => {
  app.decorate('store', store);
  // SQLite writes return before the disk has them (see sqlite-store.ts): an HTTP answer that says
  // something was created (a call, a join's session and arrival) waits for the fsync. On Postgres
  // a commit is durable when it returns, and flush() resolves at once.
  app.addHook('onSend', async (req, _reply, payload) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') await store.flush();
    return payload;
  });
  app.addHook('onClose', async () => store.close());
}, { name: 'store' });

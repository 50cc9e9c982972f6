// Decorates app.store with the embedded store; closes it when the app closes (after sockets).
import fp from 'fastify-plugin';
import type { Store } from '../store/store';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}

export default fp<{ store: Store }>(async (app, { store }) => {
  app.decorate('store', store);
  app.addHook('onClose', async () => store.close());
}, { name: 'store' });

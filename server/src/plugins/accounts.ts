// Decorates app.accounts (the coalition's records, in the calls' SQLite database) and
// app.ceremonies (WebAuthn challenges in flight).
import Database from 'better-sqlite3';
import fp from 'fastify-plugin';
import { openAccountStore, type AccountStore } from '../accounts/account-store';
import { Ceremonies } from '../accounts/ceremonies';
import type { Store } from '../store/store';

declare module 'fastify' {
  interface FastifyInstance {
    accounts: AccountStore;
    ceremonies: Ceremonies;
  }
}

export default fp(async (app) => {
  // The SQLite store exposes its connection: one connection, so a call and its invitations are
  // written in one transaction. A store without one (a test double) gets its own connection.
  const shared = (app.store as Store & { db?: Database.Database }).db;
  const db = shared ?? new Database(app.config.databasePath);
  app.decorate('accounts', openAccountStore(db));
  app.decorate('ceremonies', new Ceremonies());
  if (!shared) app.addHook('onClose', async () => db.close());
}, { name: 'accounts', dependencies: ['store'] });

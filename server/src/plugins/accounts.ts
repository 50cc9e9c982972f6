// Decorates app.accounts (the coalition's records, in the calls' database) and
// app.ceremonies (WebAuthn challenges in flight).
import Database from 'better-sqlite3';
import fp from 'fastify-plugin';
import { openAccountStore, type AccountStore } from '../accounts/account-store';
import { Ceremonies } from '../accounts/ceremonies';
import type { SqlDatabase } from '../store/sql-database';
import type { Store } from '../store/store';

declare module 'fastify' {
  interface FastifyInstance {
    accounts: AccountStore;
    ceremonies: Ceremonies;
  }
}

export default fp(async (app) => {
  // The store exposes its connection (SQLite or Postgres): one connection, so a call and its
  // invitations are written in one transaction. A store without one (a test double) gets its own
  // SQLite connection.
  const shared = (app.store as Store & { db?: SqlDatabase }).db;
  const own = shared ? null : new Database(app.config.databasePath);
  const db: SqlDatabase = shared ?? own!;
  app.decorate('accounts', openAccountStore(db));
  app.decorate('ceremonies', new Ceremonies());
  if (own) app.addHook('onClose', async () => own.close());
}, { name: 'accounts', dependencies: ['store'] });

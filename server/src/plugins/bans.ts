// Decorates app.bans: the coalition's ban list (in the calls' database) and the service
// that checks it at every door, carries coalition bans into running calls and ends expired ones.
import Database from 'better-sqlite3';
import fp from 'fastify-plugin';
import { openBanStore } from '../bans/ban-store';
import { CoalitionBans } from '../bans/coalition-bans';
import type { SqlDatabase } from '../store/sql-database';
import type { Store } from '../store/store';

declare module 'fastify' {
  interface FastifyInstance {
    bans: CoalitionBans;
  }
}

export default fp(async (app) => {
  // One connection with the call store: a ban is written in the transaction of its call's event.
  const shared = (app.store as Store & { db?: SqlDatabase }).db;
  const own = shared ? null : new Database(app.config.databasePath);
  const db: SqlDatabase = shared ?? own!;
  const bans = new CoalitionBans(openBanStore(db), app.log);
  app.decorate('bans', bans);
  app.addHook('onReady', async () => bans.start());
  app.addHook('preClose', async () => bans.stop());
  if (own) app.addHook('onClose', async () => own.close());
}, { name: 'bans', dependencies: ['store'] });

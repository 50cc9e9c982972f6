// The call store on Postgres (cluster mode): the SQL of sql-store.ts through the synchronous
// bridge of postgres/pg-database.ts, the schema of postgres/migrations applied at open. A commit
// is durable when Postgres acknowledges it (synchronous_commit), so flush() has nothing to wait for.
import { openPgDatabase, type PgDatabase, type PgOptions } from './postgres/pg-database';
import { migratePostgres } from './postgres/migrate';
import { openSqlStore, type SqlStore } from './sql-store';

export type PostgresStore = SqlStore<PgDatabase>;

export function openPostgresStore(url: string, options: PgOptions = {}): PostgresStore {
  const db = openPgDatabase(url, options);
  try {
    migratePostgres(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return openSqlStore(db, {
    flush: () => Promise.resolve(),
    healthy: () => db.open,
    close: () => db.close(),
  });
}

// Which store the app runs on: Postgres when DATABASE_URL is set (cluster mode), otherwise the
// embedded SQLite file at DATABASE_PATH.
import type { Config } from '../config';
import { openPostgresStore } from './postgres-store';
import type { SqlDatabase } from './sql-database';
import { openSqliteStore } from './sqlite-store';
import type { Store } from './store';

export function openStore(config: Pick<Config, 'databaseUrl' | 'databasePath'>): Store & { db: SqlDatabase } {
  return config.databaseUrl ? openPostgresStore(config.databaseUrl) : openSqliteStore(config.databasePath);
}

// Postgres migrations: migrations/NNN_name.sql above the version in `caucus_schema`, all in one
// transaction under an advisory lock, so instances that start together apply them once: the
// second waits for the first's commit, then finds nothing left to do. DDL is transactional in
// Postgres, so a failed migration leaves the schema as it was.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDatabase } from '../sql-database';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any fixed number: the lock only has to be the same for every Caucus instance. */
const MIGRATION_LOCK = 0x43617563; // "Cauc"

export function migratePostgres(db: SqlDatabase): number {
  return db.transaction(() => {
    db.prepare('SELECT pg_advisory_xact_lock(?)').get(MIGRATION_LOCK);
    db.exec('CREATE TABLE IF NOT EXISTS caucus_schema (version INTEGER NOT NULL)');
    const current = (db.prepare('SELECT MAX(version) FROM caucus_schema').pluck().get() as number | null) ?? 0;
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{3}_.+\.sql$/.test(f))
      .sort();
    let version = current;
    for (const file of files) {
      const v = Number(file.slice(0, 3));
      if (v <= current) continue;
      db.exec(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
      db.prepare('INSERT INTO caucus_schema (version) VALUES (?)').run(v);
      version = v;
    }
    return version;
  })();
}

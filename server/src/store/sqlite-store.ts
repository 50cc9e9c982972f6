// better-sqlite3 v12 (v13 needs Node 22 and crashes on Node 20), WAL mode, versioned migrations.
import Database from 'better-sqlite3';
import { fsync, mkdirSync, openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqlStore, type SqlStore } from './sql-store';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies migrations/NNN_name.sql files above PRAGMA user_version, each in its own transaction. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (version <= current) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

/** The SQLite store; `db` is exposed for diagnostics and fault tests (e.g. simulating a full disk). */
export type SqliteStore = SqlStore<Database.Database>;

export function openSqliteStore(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL: a commit is in the WAL file when it returns (it survives a crash of this process, so
  // "stored before anyone hears of it" holds) without waiting for the disk. flush() fsyncs the WAL
  // on the thread pool, one fsync for every commit since the last: an HTTP answer that creates
  // something waits for it (plugins/store.ts), and every moderation event is on disk within about
  // one fsync of its broadcast. FULL made each commit wait for an fsync on the event loop (2-10 ms
  // here): a join storm stalled at ~100 joins/s and every broadcast waited for the disk.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  // Group commit: total_changes() counts every row this connection wrote, so a flush with nothing
  // new costs nothing, and flushes that arrive while an fsync runs share the next one.
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const walPath = path === ':memory:' ? null : `${path}-wal`;
  let walFd: number | null = null;
  let synced = 0;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  let syncError: Error | null = null;
  const fsyncWal = (): Promise<void> => {
    const upTo = totalChanges.get() as number;
    if (walPath === null || upTo === synced || !db.open) return Promise.resolve();
    walFd ??= openSync(walPath, 'r+');
    return new Promise((resolve, reject) =>
      fsync(walFd!, (err) => {
        if (err) {
          syncError = err;
          return reject(err);
        }
        synced = Math.max(synced, upTo);
        resolve();
      }),
    );
  };
  const startSync = (): Promise<void> => {
    const p: Promise<void> = fsyncWal().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  };
  const flush = (): Promise<void> => {
    if (next) return next;
    if (!running) return startSync();
    // The running fsync may have started before the caller's writes: one more after it.
    next = running
      .catch(() => {})
      .then(() => {
        next = null;
        return startSync();
      });
    return next;
  };

  return openSqlStore(db, {
    flush,
    // The disk refused an fsync: what we acknowledge may not be on it.
    healthy: () => syncError === null,
    close: () => {
      if (walFd !== null) closeSync(walFd);
      walFd = null;
      if (db.open) db.close();
    },
  });
}

// A real Postgres for tests: Debian's postgresql 15, a fresh cluster in a temporary directory,
// listening on 127.0.0.1 only. Postgres refuses to run as root, so as root (CI, the test
// namespace) it runs as the `postgres` user, which owns the directory. stop() shuts it down
// immediately and removes the directory.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports';

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** postgres://... of a fresh, empty database `caucus`. */
  url: string;
  port: number;
  /** Another fresh, empty database on the same server. */
  createDatabase(name: string): Promise<string>;
  /** Kills the server at once (an immediate shutdown: no checkpoint, connections cut); data stays. Synchronous. */
  crash(): void;
  /** Starts the killed server again on the same port and data. Synchronous. */
  start(): void;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(POSTGRES_BIN, 'postgres'))) {
    throw new Error(
      `Postgres 15 is not installed (no ${POSTGRES_BIN}/postgres): install Debian's (apt-get install -y postgresql) or set POSTGRES_BIN to its bin folder.`,
    );
  }
  const asRoot = process.getuid?.() === 0;
  // As root: run every Postgres tool as the postgres user, who must own the directory.
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(POSTGRES_BIN, tool), asRoot ? ['-u', 'postgres', '--', join(POSTGRES_BIN, tool), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  const dir = mkdtempSync(join(tmpdir(), 'caucus-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const port = await freePort();
  // Test data need not survive a power cut (no fsync: commits are cheap), but every commit is in
  // the WAL when acknowledged (synchronous_commit stays on), so it survives crash() as in production.
  const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = () => void run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '30', 'start']);
  const crash = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
  };
  const stop = async () => {
    crash();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    start();
  } catch (err) {
    const e = err as Error & { stderr?: Buffer };
    await stop();
    throw new Error(`Postgres did not start: ${e.stderr?.toString() || e.message}`);
  }
  const urlOf = (db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const createDatabase = async (name: string) => {
    const client = new pg.Client({ connectionString: urlOf('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    } finally {
      await client.end();
    }
    return urlOf(name);
  };
  return { url: await createDatabase('caucus'), port, createDatabase, crash, start, stop };
}

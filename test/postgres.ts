// A real Postgres for tests: Debian's postgresql 15, a fresh cluster in a temporary directory,
// listening on 127.0.0.1 only. Postgres refuses to run as root, so as root (CI, the test
// namespace) it runs as the `postgres` user, which owns the directory. stop() shuts it down
// immediately and removes the directory.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** postgres://... of a fresh, empty database `caucus`. */
  url: string;
  port: number;
  /** Another fresh, empty database on the same server. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

function loopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(POSTGRES_BIN, 'postgres'))) {
    throw new Error(
      `Postgres 15 is not installed (no ${POSTGRES_BIN}/postgres): install Debian's (apt-get install -y postgresql) or set POSTGRES_BIN to its bin folder.`,
    );
  }
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? 'postgres' : userInfo().username;
  // As root: run every Postgres tool as the postgres user, who must own the directory.
  const run = (tool: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : join(POSTGRES_BIN, tool), asRoot ? ['-u', 'postgres', '--', join(POSTGRES_BIN, tool), ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  const dir = mkdtempSync(join(tmpdir(), 'caucus-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const [uid, gid] = execFileSync('id', ['-u', 'postgres']).toString().trim().split('\n').concat(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, Number(uid), Number(gid));
  }
  const port = await loopbackPort();
  const stop = async () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    // Test data need not survive a power cut: no fsync makes every commit cheap.
    const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', '-t', '30', 'start']);
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
  void user;
  return { url: await createDatabase('caucus'), port, createDatabase, stop };
}

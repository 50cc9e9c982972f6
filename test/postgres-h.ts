// TEMPORARY (until the Postgres store's own test/postgres.ts is merged): a real Postgres 15 for
// the cluster tests. Debian's postgresql refuses to run as root, so it runs as the `postgres` user
// in a temporary folder that user owns, on a loopback port, with a fresh database per call.
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { spawnBound, stopProcess, waitFor } from './service-process';

/** A Postgres 15 program (Debian's layout; PG_BIN points elsewhere). */
export const postgresBin = (name: string) => join(process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin', name);

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

function asPostgres(): string[] {
  if (process.getuid?.() !== 0) return [];
  return ['setpriv', '--reuid', 'postgres', '--regid', 'postgres', '--init-groups'];
}

function run(bin: string, args: string[]): string {
  const [cmd, ...pre] = [...asPostgres(), postgresBin(bin), ...args];
  const out = spawnSync(cmd!, pre, { encoding: 'utf8', timeout: 60_000 });
  if (out.status !== 0) throw new Error(`${bin} ${args.join(' ')}: ${out.stderr || out.stdout}`);
  return out.stdout;
}

export async function startPostgres(): Promise<RunningPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'caucus-pg-'));
  if (process.getuid?.() === 0) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const child = spawnBound(postgresBin('postgres'), ['-D', data, '-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'], {
    ...(process.getuid?.() === 0 ? { asUser: 'postgres' } : {}),
  });
  const db = `caucus_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  await waitFor(`postgres on ${port}`, child, async () => {
    try {
      run('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']);
      return true;
    } catch {
      return false;
    }
  });
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', db]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${db}`,
    async stop() {
      await stopProcess(child, 'SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

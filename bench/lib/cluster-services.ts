// The distributed engines of the cluster scenario, as operators run them: Debian's redis-server
// and postgresql 15, on loopback, in temporary folders, nothing kept. Also the two things the bench
// reads from them: who owns a call (the lease in Redis, PLAN contract 4) and the call's event log
// in Postgres (to check that no acked event was lost).
// TEMPORARY starters: replaced by test/redis.ts and test/postgres.ts when those land on main.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './stats';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface Service {
  url: string;
  stop(): Promise<void>;
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

async function until(what: string, child: ChildProcess, tail: () => string, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!ready()) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${what} did not start:\n${tail()}`);
    }
    await sleep(100);
  }
}

/**
 * setpriv --pdeathsig: the service dies with the bench, even when the bench is killed. `user`:
 * the setpriv options that change user first (a change of user clears the death signal).
 */
function spawnBound(command: string[], user: string[] = []): ChildProcess & { tail(): string } {
  const child = spawn('setpriv', [...user, '--pdeathsig', 'SIGKILL', ...command], { stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & { tail(): string };
  let tail = '';
  const keep = (d: Buffer) => (tail = (tail + d.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.tail = () => tail;
  return child;
}

export interface RunningRedis extends Service {
  /** One redis-cli command; its output, trimmed. */
  cli(...args: string[]): string;
}

export async function startRedis(port: number): Promise<RunningRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'caucus-bench-redis-'));
  const child = spawnBound(['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning']);
  const cli = (...args: string[]) => {
    const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', ...args], { encoding: 'utf8', timeout: 5000 });
    if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${r.stderr || r.stdout}`);
    return r.stdout.trim();
  };
  await until('redis-server', child, child.tail, () => {
    try {
      return cli('PING') === 'PONG';
    } catch {
      return false;
    }
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    cli,
    async stop() {
      await stop(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Postgres refuses to run as root: as root, its programs run as the `postgres` user. */
const POSTGRES_USER = process.getuid?.() === 0 ? ['--reuid', 'postgres', '--regid', 'postgres', '--init-groups'] : [];

function pg(bin: string, args: string[]): string {
  const [cmd, ...rest] = [...(POSTGRES_USER.length ? ['setpriv', ...POSTGRES_USER] : []), join(PG_BIN, bin), ...args];
  const r = spawnSync(cmd!, rest, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function startPostgres(port: number): Promise<Service> {
  const dir = mkdtempSync(join(tmpdir(), 'caucus-bench-pg-'));
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  // fsync stays on: the bench measures a store as an operator would run it.
  const child = spawnBound([join(PG_BIN, 'postgres'), '-D', data, '-k', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'], POSTGRES_USER);
  await until('postgres', child, child.tail, () => {
    try {
      pg('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']);
      return true;
    } catch {
      return false;
    }
  });
  pg('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'caucus']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/caucus`,
    async stop() {
      await stop(child, 'SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Who owns the call: `caucus:lease:<callId>` = `<instanceId> <epoch>` (null: nobody right now). */
export function leaseOf(redis: RunningRedis, callId: string): { instanceId: string; epoch: number } | null {
  const value = redis.cli('GET', `caucus:lease:${callId}`);
  const [instanceId, epoch] = value.split(' ');
  return instanceId && epoch ? { instanceId, epoch: Number(epoch) } : null;
}

export interface LoggedEvent {
  seq: number;
  type: string;
  body: Record<string, unknown>;
}

/** The call's event log as Postgres holds it, in seq order. */
export function eventLog(databaseUrl: string, callId: string): LoggedEvent[] {
  if (!/^[A-Za-z0-9_-]+$/.test(callId)) throw new Error(`unexpected call id ${callId}`);
  const sql = `SELECT json_build_object('seq', seq, 'type', type, 'body', body) FROM events WHERE call_id = '${callId}' ORDER BY seq`;
  const r = spawnSync('psql', [databaseUrl, '-X', '-At', '-c', sql], { encoding: 'utf8', timeout: 30_000, maxBuffer: 256 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr || r.stdout}`);
  return r.stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const row = JSON.parse(line) as { seq: number; type: string; body: string | Record<string, unknown> };
      return { seq: Number(row.seq), type: row.type, body: typeof row.body === 'string' ? JSON.parse(row.body) : row.body };
    });
}

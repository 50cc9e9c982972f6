// A real Redis for the cluster tests: Debian's redis-server on a loopback port, nothing persisted
// (a restart comes back empty, as a Redis that lost its memory would), in a temporary folder.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { spawnBound, stopProcess, waitFor } from './service-process';

export interface RunningRedis {
  url: string;
  port: number;
  /** One redis-cli command against this server; its stdout, trimmed. */
  cli(...args: string[]): string;
  stop(): Promise<void>;
  /** Stops it (SIGTERM; SIGKILL with `hard`) and starts it again on the same port, empty. */
  restart(opts?: { hard?: boolean }): Promise<void>;
}

export function redisServerPath(): string {
  return process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
}

export async function startRedis(opts: { port?: number } = {}): Promise<RunningRedis> {
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'caucus-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'];
  const cli = (...cmd: string[]) => {
    const out = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', ...cmd], { encoding: 'utf8', timeout: 5000 });
    if (out.status !== 0) throw new Error(`redis-cli ${cmd.join(' ')}: ${out.stderr || out.stdout}`);
    return out.stdout.trim();
  };
  let child: ChildProcess;
  const start = async () => {
    child = spawnBound(redisServerPath(), args);
    await waitFor(`redis-server on ${port}`, child, async () => {
      try {
        return cli('PING') === 'PONG';
      } catch {
        return false;
      }
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    cli,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
    async restart({ hard = false } = {}) {
      await stopProcess(child, hard ? 'SIGKILL' : 'SIGTERM');
      await start();
    },
  };
}

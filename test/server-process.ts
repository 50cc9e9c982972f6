// The real server as its own process, for the tests that kill it (kill -9, SIGTERM).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, testEnv } from './server';
import { spawnBound } from './service-process';

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  dataDir: string;
  port: number;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnServer(opts: { dataDir?: string; port?: number; env?: Record<string, string>; startTimeoutMs?: number } = {}): Promise<ServerProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'caucus-proc-'));
  const port = opts.port ?? (await freePort());
  const env = { ...process.env, ...testEnv(port, dataDir, { LOG_LEVEL: 'info', ...opts.env }) };
  // Bound to the test process: a test run that dies takes its servers with it.
  const child = spawnBound(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { env });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    baseUrl,
    dataDir,
    port,
    output: () => out,
    kill: (signal) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
        child.once('exit', (code, sig) => resolve({ code, signal: sig }));
        child.kill(signal);
      }),
  };
}

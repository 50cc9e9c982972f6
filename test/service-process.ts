// Child processes for the services a test starts (Redis, Postgres, LiveKit nodes): they die with
// the test process, even when it is killed (setpriv --pdeathsig), so no orphan keeps a port, and
// a start that fails shows the service's own last words.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

const setpriv = spawnSync('sh', ['-c', 'command -v setpriv'], { encoding: 'utf8' }).stdout.trim() || null;

/**
 * Spawns `bin` (as `asUser` when given: Postgres refuses to run as root). Output is kept (last
 * 4 kB). One setpriv both switches the user and sets the death signal (a later switch would clear it).
 */
export function spawnBound(bin: string, args: string[], opts: SpawnOptions & { asUser?: string } = {}): ChildProcess & { tail(): string } {
  const { asUser, ...spawnOpts } = opts;
  if (asUser && !setpriv) throw new Error(`setpriv is needed to run ${bin} as ${asUser}`);
  const user = asUser ? ['--reuid', asUser, '--regid', asUser, '--init-groups'] : [];
  const child = (
    setpriv
      ? spawn(setpriv, [...user, '--pdeathsig', 'SIGKILL', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts })
      : spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts })
  ) as ChildProcess & { tail(): string };
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.tail = () => tail;
  return child;
}

/** Polls `ready` until it is true; fails with the process's output if it exits or 20 s pass. */
export async function waitFor(name: string, child: ChildProcess & { tail?(): string }, ready: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) during start:\n${child.tail?.() ?? ''}`);
    }
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} not ready within ${timeoutMs} ms:\n${child.tail?.() ?? ''}`);
}

/** Sends `signal` and resolves when the process has exited (at once if it already has). */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', forceAfterMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

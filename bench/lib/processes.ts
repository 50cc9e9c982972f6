// The processes of a bench run: the Caucus server (exactly as in production: node --import tsx
// server/src/main.ts, configured by its environment), the bare `ws` baseline server, and the load
// generator. Each is its own process with a raised file-descriptor limit; all listen on 127.0.0.1.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { sleep } from './stats';

export const BENCH = {
  livekitPort: 27880,
  serverPort: 27900,
  baselinePort: 27950,
  apiKey: 'benchkey',
  apiSecret: 'caucus-bench-secret-0123456789abcdef',
  organizerKey: 'bench-organizer-key-0123456789',
};

/** Runs a node program under `sh -c 'ulimit -n <hard>; exec node ...'`: N sockets need N descriptors. */
function spawnNode(args: string[], env: NodeJS.ProcessEnv, cwd?: string): ChildProcess {
  const script = 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  return spawn('sh', ['-c', script, process.execPath, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitFor(url: string, child: ChildProcess, output: () => string, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not start:\n${output()}`);
    await sleep(100);
  }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
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

export interface BenchServer {
  baseUrl: string;
  /** The running process (a new one after `restart`). */
  pid: number;
  output(): string;
  /** Memory of the server process after two full GCs (needs `inspect`). */
  memory(): Promise<NodeJS.MemoryUsage>;
  /** Sends `signal` (the cluster's failover: SIGKILL) and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again, same port, environment and data, and resolves once it answers. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  livekitUrl: string;
  /** Open the inspector on a random loopback port (memory after GC). */
  inspect?: boolean;
  /** Write a V8 CPU profile of the whole run into this folder. */
  cpuProfDir?: string;
  /** Run the server from another checkout (before/after comparisons); default: this one. */
  serverDir?: string;
  /** Record server-side fan-out timings (CAUCUS_FANOUT_TIMING=1, bench/lib/fanout-timings.ts). */
  fanoutTiming?: boolean;
  /** Default: BENCH.serverPort (the port LiveKit's webhooks go to). */
  port?: number;
  /** More environment (the cluster: REDIS_URL, DATABASE_URL, CAUCUS_INSTANCE_ID). */
  env?: Record<string, string>;
}

export async function startServer(opts: ServerOptions): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caucus-bench-'));
  const port = opts.port ?? BENCH.serverPort;
  const baseUrl = `http://127.0.0.1:${port}`;
  const { CAUCUS_FANOUT_TIMING: _inherited, ...inherited } = process.env;
  const env = {
    ...inherited,
    ...(opts.fanoutTiming ? { CAUCUS_FANOUT_TIMING: '1' } : {}),
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    LIVEKIT_URL: opts.livekitUrl,
    LIVEKIT_API_KEY: BENCH.apiKey,
    LIVEKIT_API_SECRET: BENCH.apiSecret,
    CAUCUS_ORGANIZER_KEY: BENCH.organizerKey,
    DATABASE_PATH: join(dataDir, 'caucus.db'),
    CLIENT_DIST: 'client/dist',
    // Per-request info logs would measure the log pipe; warnings and errors still show.
    LOG_LEVEL: 'warn',
    // Every simulated person comes from 127.0.0.1.
    JOIN_RATE_LIMIT: '1000000',
    WS_CONNECTIONS_PER_ADDRESS: '1000000',
    ...opts.env,
  };
  const nodeArgs = [
    ...(opts.inspect ? ['--inspect=127.0.0.1:0'] : []),
    ...(opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(opts.cpuProfDir)}`] : []),
    '--import',
    'tsx',
    'server/src/main.ts',
  ];
  let out = '';
  let child: ChildProcess;
  const start = async () => {
    child = spawnNode(nodeArgs, env, opts.serverDir);
    child.stdout!.on('data', (d) => (out = (out + d).slice(-20_000)));
    child.stderr!.on('data', (d) => (out = (out + d).slice(-20_000)));
    await waitFor(`${baseUrl}/healthz`, child, () => out, 'the Caucus server');
  };
  await start();

  let inspector: Cdp | null = null;
  const memory = async () => {
    if (!inspector) {
      const url = /Debugger listening on (ws:\/\/\S+)/.exec(out)?.[1];
      if (!url) throw new Error('the server was not started with the inspector');
      inspector = await Cdp.open(url);
    }
    await inspector.call('HeapProfiler.collectGarbage');
    await inspector.call('HeapProfiler.collectGarbage');
    await sleep(200);
    const r = await inspector.call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    return JSON.parse(r.result.value as string) as NodeJS.MemoryUsage;
  };

  return {
    baseUrl,
    get pid() {
      return child.pid!;
    },
    output: () => out,
    memory,
    kill: (signal) => stopChild(child, signal),
    async restart() {
      await stopChild(child);
      inspector?.close();
      inspector = null;
      await start();
    },
    async stop() {
      inspector?.close();
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface BaselineServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBaseline(cpuProfDir?: string): Promise<BaselineServer> {
  const prof = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfDir, 'baseline')}`] : [];
  const child = spawnNode([...prof, '--expose-gc', '--import', 'tsx', 'bench/baseline-server.ts', String(BENCH.baselinePort)], process.env);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!out.includes('baseline listening')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the baseline server did not start:\n${out}`);
    await sleep(50);
  }
  return { url: `ws://127.0.0.1:${BENCH.baselinePort}`, pid: child.pid!, stop: () => stopChild(child) };
}

/** The load generator, forked with IPC; `call` runs one scenario step there. */
export interface LoadGenerator {
  pid: number;
  call<T>(cmd: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export function startLoadGenerator(log: (line: string) => void, cpuProfDir?: string): LoadGenerator {
  // fork cannot go through `sh -c ulimit`; it inherits the limit run.ts raised for itself.
  const prof = cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfDir, 'load')}`] : [];
  const child = fork('bench/load-client.ts', [], { execArgv: [...prof, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  child.on('message', (msg: { id?: number; ok?: boolean; result?: unknown; error?: string; log?: string }) => {
    if (msg.log) return log(msg.log);
    const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(`load generator: ${msg.error}`));
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`load generator exited with ${code}`));
    pending.clear();
  });
  return {
    pid: child.pid!,
    call: (cmd, args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      }),
    stop: async () => {
      // A clean exit (a CPU profile is written at exit); SIGTERM if it does not come.
      if (child.connected) child.disconnect();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(resolve, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      await stopChild(child);
    },
  };
}

/**
 * The CPU profile of a process's main thread, written at its exit into `dir` (node names them
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; a logger's worker thread writes its own).
 */
export function cpuProfileOf(dir: string, pid: number): string | null {
  if (!existsSync(dir)) return null;
  const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && f.split('.')[3] === String(pid) && f.split('.')[4] === '0');
  return name ? join(dir, name) : null;
}

/** Just enough of the Chrome DevTools Protocol to GC and read process.memoryUsage(). */
class Cdp {
  private nextId = 1;
  private pending = new Map<number, (result: any) => void>();
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString());
      const resolve = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
      if (resolve) {
        this.pending.delete(msg.id);
        resolve(msg.result ?? msg.error);
      }
    });
  }

  static open(url: string): Promise<Cdp> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new Cdp(socket)));
      socket.once('error', reject);
    });
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.terminate();
  }
}

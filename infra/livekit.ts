// Obtains and runs a real livekit-server for development, tests and CI.
// There is no Docker engine on our machines, so the pinned release is taken from PATH, from a
// cached build in infra/.bin (git-ignored), or built from its Go module. Never a mock.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIVEKIT_VERSION = '1.13.5';
const MODULE = 'github.com/livekit/livekit-server/cmd/server';
const BIN_DIR = join(dirname(fileURLToPath(import.meta.url)), '.bin');
const CACHED_BIN = join(BIN_DIR, 'livekit-server');

type Log = (line: string) => void;

function versionOf(bin: string): string | null {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (out.status !== 0) return null;
  return /version\s+(\S+)/.exec(out.stdout)?.[1] ?? null;
}

function onPath(name: string): string | null {
  const out = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : null;
}

export class LivekitMissingError extends Error {
  constructor(detail: string) {
    super(
      `livekit-server ${LIVEKIT_VERSION} is not available (${detail}).\n` +
        'Get it in one of these ways:\n' +
        `  - install Go >= 1.26 and run: go install ${MODULE}@v${LIVEKIT_VERSION}\n` +
        '    (then put the resulting "server" binary on PATH as livekit-server)\n' +
        '  - use LiveKit\'s installer (https://docs.livekit.io/home/self-hosting/local/) so livekit-server is on PATH\n' +
        '  - run the stack with Docker Compose (docker compose up), see README\n' +
        '  - or point Caucus at an external LiveKit with LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET',
    );
    this.name = 'LivekitMissingError';
  }
}

/** Finds the pinned livekit-server: $LIVEKIT_BIN, PATH, the cached build, or builds it with Go. */
export function obtainLivekitBinary(log: Log = () => {}): string {
  const candidates = [process.env.LIVEKIT_BIN, onPath('livekit-server'), CACHED_BIN].filter(
    (c): c is string => !!c && existsSync(c),
  );
  for (const bin of candidates) {
    const version = versionOf(bin);
    if (version === LIVEKIT_VERSION) return bin;
    log(`ignoring ${bin}: version ${version ?? 'unknown'}, want ${LIVEKIT_VERSION}`);
  }
  if (!onPath('go')) throw new LivekitMissingError('not on PATH, not cached, and Go is not installed');
  log(`building livekit-server v${LIVEKIT_VERSION} from its Go module (a few minutes, once)...`);
  mkdirSync(BIN_DIR, { recursive: true });
  const build = spawnSync('go', ['install', `${MODULE}@v${LIVEKIT_VERSION}`], {
    env: { ...process.env, GOBIN: BIN_DIR, CGO_ENABLED: process.env.CGO_ENABLED ?? '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new LivekitMissingError(`go install failed with status ${build.status}`);
  renameSync(join(BIN_DIR, 'server'), CACHED_BIN);
  const version = versionOf(CACHED_BIN);
  if (version !== LIVEKIT_VERSION) throw new LivekitMissingError(`the build reports version ${version}`);
  return CACHED_BIN;
}

export interface LivekitOptions {
  apiKey: string;
  apiSecret: string;
  /** HTTP/WebSocket signalling port. */
  port: number;
  /** ICE over TCP; UDP media uses port + 2 unless set. */
  rtcTcpPort?: number;
  rtcUdpPort?: number;
  /** Where LiveKit posts its webhooks (our server's /api/livekit/webhook). */
  webhookUrl?: string;
  /** More webhook receivers: LiveKit posts every event to each (e.g. every Caucus instance). */
  webhookUrls?: string[];
  /** Multi-node: the Redis (host:port) the nodes share for room placement and their RPC bus. */
  redisAddress?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  log?: Log;
}

export interface RunningLivekit {
  url: string;
  httpUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const webhookUrls = (o: LivekitOptions) => [...(o.webhookUrl ? [o.webhookUrl] : []), ...(o.webhookUrls ?? [])];

/** The whole config, loopback only: media candidates on 127.0.0.1 (see shared/notes/media-tests.md). */
export function livekitConfig(o: LivekitOptions): Record<string, unknown> {
  return {
    port: o.port,
    bind_addresses: ['127.0.0.1'],
    rtc: {
      tcp_port: o.rtcTcpPort ?? o.port + 1,
      udp_port: o.rtcUdpPort ?? o.port + 2,
      node_ip: '127.0.0.1',
      use_external_ip: false,
      enable_loopback_candidate: true,
    },
    keys: { [o.apiKey]: o.apiSecret },
    logging: { level: o.logLevel ?? 'warn', json: false },
    // Rooms are created by our server (createRoom) only: a token for an ended call's room cannot
    // bring it back.
    room: { auto_create: false, empty_timeout: 300, departure_timeout: 20 },
    ...(webhookUrls(o).length > 0 ? { webhook: { api_key: o.apiKey, urls: webhookUrls(o) } } : {}),
    ...(o.redisAddress ? { redis: { address: o.redisAddress } } : {}),
  };
}

async function waitHealthy(httpUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`livekit-server exited with ${child.exitCode} during start:\n${output()}`);
    }
    try {
      const res = await fetch(httpUrl, { signal: AbortSignal.timeout(1000) });
      if (res.ok && (await res.text()).trim() === 'OK') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`livekit-server did not become healthy at ${httpUrl} within 20 s:\n${output()}`);
}

/** Starts livekit-server and resolves once GET / answers OK. */
export async function startLivekit(o: LivekitOptions): Promise<RunningLivekit> {
  const bin = obtainLivekitBinary(o.log);
  const args = ['--config-body', JSON.stringify(livekitConfig(o))]; // JSON is valid YAML
  // setpriv --pdeathsig kills LiveKit when our process dies, even by SIGKILL: no orphan holds the ports.
  const setpriv = onPath('setpriv');
  const child = setpriv
    ? spawn(setpriv, ['--pdeathsig', 'SIGKILL', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const httpUrl = `http://127.0.0.1:${o.port}`;
  await waitHealthy(httpUrl, child, () => tail);
  return {
    url: `ws://127.0.0.1:${o.port}`,
    httpUrl,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

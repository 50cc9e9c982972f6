// A Caucus cluster on loopback for the cluster tests: Redis, Postgres, LiveKit nodes on that
// Redis, and several Caucus processes in cluster mode (REDIS_URL + DATABASE_URL), each its own
// instance (caucus-a, caucus-b, ...) that can be killed, paused (SIGSTOP) and restarted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLivekitNodes, type LivekitNodes } from './livekit-nodes';
import { freePort } from './ports';
import { startPostgres, type TestPostgres } from './postgres';
import { startRedis, type RunningRedis } from './redis';
import { spawnServer, type ServerProcess } from './server-process';

export interface CaucusInstance {
  /** CAUCUS_INSTANCE_ID: caucus-a, caucus-b, ... */
  id: string;
  url: string;
  readonly pid: number;
  readonly alive: boolean;
  /**
   * Sends a signal. SIGKILL/SIGTERM/SIGINT resolve when the process has exited; SIGSTOP and
   * SIGCONT at once (the process is paused or resumed, not gone).
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the instance again (after a kill) on the same port, with the same id and settings. */
  restart(): Promise<void>;
  /** Everything the instance printed since its last start. */
  output(): string;
}

export interface Cluster {
  instances: CaucusInstance[];
  redis: RunningRedis;
  postgres: TestPostgres;
  livekit: LivekitNodes;
  /** CAUCUS_LEASE_MS of every instance. */
  leaseMs: number;
  /** The instance and fencing epoch holding a call's lease (`caucus:lease:<callId>`), or null. */
  owner(callId: string): { instance: CaucusInstance; epoch: number } | null;
  /** A call's event log as Postgres holds it, in seq order. */
  eventLog(callId: string): LoggedEvent[];
  stop(): Promise<void>;
}

export interface LoggedEvent {
  seq: number;
  type: string;
  body: { type: string; [key: string]: any };
}

export interface ClusterOptions {
  instances?: number;
  livekitNodes?: number;
  /** CAUCUS_LEASE_MS for every instance. */
  leaseMs?: number;
  /** Which LiveKit node each instance's LIVEKIT_URL names (default: the first). */
  livekitNodeOf?: (instance: number) => number;
  /**
   * Where LiveKit posts its webhooks: to every instance (as a load balancer that skips dead
   * instances would deliver them somewhere alive), or only to the first.
   */
  webhooks?: 'all' | 'first';
  /** More environment for every instance. */
  env?: Record<string, string>;
}

const EVENT_LOG = `SELECT coalesce(json_agg(json_build_object('seq', seq, 'type', type, 'body', body::json) ORDER BY seq), '[]') FROM events WHERE call_id = :'id'`;

/** One query through psql (variables bound by psql, never spliced into the text); its output. */
function psql(url: string, query: string, vars: Record<string, string> = {}): string {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', ...Object.entries(vars).flatMap(([k, v]) => ['-v', `${k}=${v}`]), url];
  const out = spawnSync('psql', args, { input: query, encoding: 'utf8', timeout: 10_000 });
  if (out.status !== 0) throw new Error(`psql: ${out.stderr || out.stdout}`);
  return out.stdout.trim();
}

export const instanceId = (i: number) => `caucus-${String.fromCharCode(97 + i)}`;

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const count = opts.instances ?? 2;
  const leaseMs = opts.leaseMs ?? 3000;
  const redis = await startRedis();
  const postgres = await startPostgres();
  // Ports first: LiveKit's webhook URLs name them.
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  const webhookTargets = opts.webhooks === 'first' ? ports.slice(0, 1) : ports;
  const livekit = await startLivekitNodes({
    redisUrl: redis.url,
    count: opts.livekitNodes ?? 2,
    webhookUrls: webhookTargets.map((p) => `http://127.0.0.1:${p}/api/livekit/webhook`),
  });
  const instances: CaucusInstance[] = [];
  for (let i = 0; i < count; i++) {
    const id = instanceId(i);
    const node = livekit.nodes[opts.livekitNodeOf?.(i) ?? 0]!;
    const dataDir = mkdtempSync(join(tmpdir(), `caucus-${id}-`));
    const env = {
      LIVEKIT_URL: node.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      REDIS_URL: redis.url,
      DATABASE_URL: postgres.url,
      CAUCUS_INSTANCE_ID: id,
      CAUCUS_LEASE_MS: String(leaseMs),
      RECONCILE_INTERVAL_MS: '1000',
      ...opts.env,
    };
    // Generous: several processes compile and start at once on a busy 2-core machine.
    const spawn = () => spawnServer({ port: ports[i]!, dataDir, env, startTimeoutMs: 60_000 });
    let proc: ServerProcess = await spawn();
    instances.push({
      id,
      url: proc.baseUrl,
      get pid() {
        return proc.child.pid!;
      },
      get alive() {
        return proc.child.exitCode === null && proc.child.signalCode === null;
      },
      async kill(signal = 'SIGKILL') {
        if (signal === 'SIGSTOP' || signal === 'SIGCONT') {
          proc.child.kill(signal);
          return;
        }
        // A paused process only dies of SIGKILL; let it handle anything else.
        proc.child.kill('SIGCONT');
        await proc.kill(signal);
      },
      async restart() {
        if (this.alive) await this.kill('SIGKILL');
        proc = await spawn();
      },
      output: () => proc.output(),
    });
  }
  const owner = (callId: string) => {
    const value = redis.cli('GET', `caucus:lease:${callId}`);
    const [holder, epoch] = value.split(' ');
    const instance = instances.find((x) => x.id === holder);
    return instance && epoch ? { instance, epoch: Number(epoch) } : null;
  };
  return {
    instances,
    redis,
    postgres,
    livekit,
    leaseMs,
    owner,
    eventLog: (callId) => JSON.parse(psql(postgres.url, EVENT_LOG, { id: callId }) || '[]') as LoggedEvent[],
    async stop() {
      await Promise.all(instances.map((x) => x.kill('SIGKILL')));
      await livekit.stop();
      await postgres.stop();
      await redis.stop();
    },
  };
}

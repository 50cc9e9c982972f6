// Several real livekit-server nodes on one Redis, as LiveKit runs multi-node: each node has its
// own signalling, ICE-TCP and UDP ports; Redis holds the nodes, which node hosts which room
// (`room_node_map`) and their RPC bus. Nodes can be killed (kill -9) and restarted.
import { spawnSync } from 'node:child_process';
import { startLivekit, type RunningLivekit } from '../infra/livekit';
import { freePort, TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET } from './ports';
import { stopProcess } from './service-process';

export interface LivekitNode {
  /** Signalling (ws://) and admin API (http://) of this node. */
  url: string;
  httpUrl: string;
  /** LiveKit's id for this node (a new one after each restart). */
  readonly nodeId: string;
  readonly alive: boolean;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
}

export interface LivekitNodes {
  nodes: LivekitNode[];
  apiKey: string;
  apiSecret: string;
  /** The node hosting a room according to Redis (`HGET room_node_map <room>`), or null. */
  nodeOfRoom(room: string): string | null;
  stop(): Promise<void>;
}

/** redis-cli against the nodes' Redis; stdout trimmed. */
export function redisCli(redisUrl: string, ...args: string[]): string {
  const out = spawnSync('redis-cli', ['-u', redisUrl, '--raw', ...args], { encoding: 'utf8', timeout: 5000 });
  if (out.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${out.stderr || out.stdout}`);
  return out.stdout.trim();
}

const nodeIds = (redisUrl: string) => new Set(redisCli(redisUrl, 'HKEYS', 'nodes').split('\n').filter((k) => k.length > 0));

export async function startLivekitNodes(opts: { redisUrl: string; count?: number; webhookUrls?: string[] }): Promise<LivekitNodes> {
  const redis = new URL(opts.redisUrl);
  const nodes: LivekitNode[] = [];
  for (let i = 0; i < (opts.count ?? 2); i++) {
    const ports = { port: await freePort(), rtcTcpPort: await freePort(), rtcUdpPort: await freePort() };
    let running: RunningLivekit;
    let nodeId = '';
    // A node's id is random: it is the one that appears in Redis's `nodes` hash when it starts.
    // Nodes start one after the other, so the new key is this node's.
    const start = async () => {
      const before = nodeIds(opts.redisUrl);
      running = await startLivekit({
        apiKey: TEST_LIVEKIT_KEY,
        apiSecret: TEST_LIVEKIT_SECRET,
        ...ports,
        redisAddress: `${redis.hostname}:${redis.port}`,
        webhookUrls: opts.webhookUrls ?? [],
        log: () => undefined,
      });
      const deadline = Date.now() + 10_000;
      for (;;) {
        const added = [...nodeIds(opts.redisUrl)].filter((id) => !before.has(id));
        if (added.length === 1) {
          nodeId = added[0]!;
          break;
        }
        if (Date.now() > deadline) throw new Error(`livekit node on ${ports.port} did not register in Redis (new keys: ${added.join(', ')})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await start();
    nodes.push({
      url: `ws://127.0.0.1:${ports.port}`,
      httpUrl: `http://127.0.0.1:${ports.port}`,
      get nodeId() {
        return nodeId;
      },
      get alive() {
        return running.process.exitCode === null && running.process.signalCode === null;
      },
      kill: (signal = 'SIGKILL') => stopProcess(running.process, signal),
      async restart() {
        await stopProcess(running.process);
        await start();
      },
    });
  }
  return {
    nodes,
    apiKey: TEST_LIVEKIT_KEY,
    apiSecret: TEST_LIVEKIT_SECRET,
    nodeOfRoom: (room) => redisCli(opts.redisUrl, 'HGET', 'room_node_map', room) || null,
    async stop() {
      await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
    },
  };
}

// The load generator: its own process (forked by bench/run.ts), never the server's. It drives the
// real server over HTTP and websockets like real clients, one scenario step per IPC message:
//   {id, cmd, args}  ->  {id, ok: true, result} | {id, ok: false, error}
// It exits on its own when the orchestrator goes away or after MAX_LIFETIME_MS, whatever happens.
import { ClusterCrowd } from './scenarios/cluster-crowd';
import { runFanout, type FanoutConfig } from './scenarios/fanout';
import type { FloorHandoffConfig } from './scenarios/floor-handoff';
import { runJoinStorm, type JoinStormConfig } from './scenarios/join-storm';
import { MemoryScenario } from './scenarios/memory';
import { runSecretVote, type SecretVoteConfig } from './scenarios/secret-vote';

const MAX_LIFETIME_MS = 30 * 60_000;
setTimeout(() => {
  console.error('load generator: lifetime exceeded, exiting');
  process.exit(3);
}, MAX_LIFETIME_MS).unref();
process.on('disconnect', () => process.exit(0));

const log = (line: string) => process.send?.({ log: line });
const memory = new MemoryScenario();
// Made on first use: it sets the process's applied-event hook, which the fan-out's clients use too.
let crowd: ClusterCrowd | null = null;
const cluster = () => (crowd ??= new ClusterCrowd());

async function handle(cmd: string, args: any): Promise<unknown> {
  switch (cmd) {
    case 'fanout':
      return runFanout(args as FanoutConfig, log);
    case 'join-storm':
      return runJoinStorm(args as JoinStormConfig, log);
    case 'secret-vote':
      return runSecretVote(args as SecretVoteConfig, log);
    case 'floor-handoff':
      // Loaded only here: Playwright is heavy, and the other scenarios measure this process.
      return (await import('./scenarios/floor-handoff')).runFloorHandoff(args as FloorHandoffConfig, log);
    case 'memory-setup':
      return memory.setup(args.baseUrl, args.organizerKey);
    case 'memory-fill':
      return memory.fill(args.baseUrl, args.n, args.concurrency);
    case 'memory-baseline-connect':
      return memory.baselineConnect(args.url, args.n);
    case 'memory-baseline-measure':
      return memory.baselineMemory(args.url);
    case 'memory-close':
      memory.close();
      return null;
    // The cluster scenario: this process holds one gateway's people (bench/scenarios/cluster-crowd.ts).
    case 'cluster-create':
      return cluster().create(args.baseUrl, args.organizerKey);
    case 'cluster-attach':
      return cluster().attach(args.baseUrl, args.organizerKey, args.call, args.staffRole);
    case 'cluster-fill':
      return cluster().fill(args.n, args.concurrency, args.offset, args.foldEvery, args.deadlineMs);
    case 'cluster-identities':
      return cluster().identities(args.indexes);
    case 'cluster-arm':
      return cluster().arm(args.change, args.match);
    case 'cluster-wait':
      return cluster().wait(args.change);
    case 'cluster-send':
      return cluster().send(args.actor, args.command);
    case 'cluster-probe':
      return cluster().probe(args.label, args.intervalMs, args.maxMs, args.graceMs);
    case 'cluster-reconnect':
      return cluster().reconnect();
    case 'cluster-bytes':
      return cluster().bytesPerPerson();
    case 'cluster-fold-check':
      return cluster().foldCheck();
    case 'cluster-close':
      cluster().close();
      return null;
    case 'exit':
      setTimeout(() => process.exit(0), 10);
      return null;
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

process.on('message', (msg: { id: number; cmd: string; args: unknown }) => {
  handle(msg.cmd, msg.args).then(
    (result) => process.send?.({ id: msg.id, ok: true, result }),
    (err: Error) => process.send?.({ id: msg.id, ok: false, error: err.stack ?? err.message }),
  );
});

// The core's cost against the size of the call, in this process (no server, no sockets): what one
// event that touches one member costs to fold at 5,000 and at 50,000 members, and the CPU to fold
// a 20,000-person arrival (decide + evolve for each join, as the server does). The first must not
// grow with N (the members are a persistent map, the head count is kept as they change); the
// second must stay linear. Before that change a first raised hand cost 0.8 ms at 5,000 members
// and 20,000 arrivals took 45 to 75 s of CPU.
import {
  decide,
  evolve,
  fromSnapshot,
  initialState,
  newMember,
  toSnapshot,
  type CallState,
  type Event,
  type Member,
} from '@caucus/shared';
import { performance } from 'node:perf_hooks';
import { round } from '../lib/stats';

export interface EvolveCostConfig {
  /** Call sizes to time single events at. */
  ns: number[];
  /** Arrivals folded from an empty call. */
  arrivals: number;
}

export const EVOLVE_COST_PLAN: EvolveCostConfig = { ns: [5_000, 50_000], arrivals: 20_000 };

export interface EvolveCostRow {
  n: number;
  /** A participant's first raised hand: queued and put on the public record. */
  hand_raised_us: number;
  member_renamed_us: number;
  member_left_us: number;
  /** A new participant's join: decide (capacity, bans, lobby) + evolve. */
  join_us: number;
  mean_us: number;
}

export interface EvolveCostResult {
  per_event: EvolveCostRow[];
  /** mean_us at the largest N over mean_us at the smallest: about 1 when cost does not grow. */
  growth: number;
  fold_arrivals: { n: number; cpu_ms: number; us_per_arrival: number };
}

const T0 = 1_700_000_000_000;
const SETTINGS = { lobby: false, maxParticipants: 0, speakingLimitSec: 120, queuePolicy: 'fifo', format: 'stage' } as const;
const HOST = 'h_host';
const pid = (i: number) => `p_${i.toString(36).padStart(6, '0')}`;

function member(identity: string, i: number, role: Member['role'] = 'participant'): Member {
  return newMember({ identity, name: `Person ${i}`, role, joinedAt: T0 + i, device: `d${i}`, ipHash: `h${i}` });
}

/** A call with a host and n silent participants, built from a snapshot (O(n)), not by folding. */
function callOf(n: number): CallState {
  const members: Record<string, Member> = { [HOST]: member(HOST, -1, 'host') };
  for (let i = 0; i < n; i++) members[pid(i)] = member(pid(i), i);
  return fromSnapshot({ ...toSnapshot(initialState('call_bench', SETTINGS)), members });
}

/**
 * Microseconds per call of `step`, each on a different member, always from the same state (the
 * core is pure): the median of three runs of at least 200 ms, after 100 ms of warm-up (so the
 * JIT's compiling is not counted against the first size measured). CPU time, not wall time: the
 * machine that runs the bench also runs its servers and load generators.
 */
function perCall(step: (i: number) => void): number {
  const warm = performance.now();
  for (let i = 0; i < 50 || performance.now() - warm < 100; i++) step(i);
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    let i = 0;
    while (i < 50 || (performance.now() - t < 200 && i < 100_000)) step(r * 100_000 + i++);
    runs.push(cpuMicros(process.cpuUsage(cpu)) / i);
  }
  return runs.sort((a, b) => a - b)[1]!;
}

const cpuMicros = (used: NodeJS.CpuUsage) => used.user + used.system;

function accepted(state: CallState, command: Parameters<typeof decide>[1], i: number): Event[] {
  const d = decide(state, command, { actor: 'system', now: T0 + 1_000_000 + i, id: `e${i}` });
  if (!d.ok) throw new Error(`evolve-cost: ${command.type} refused: ${d.error.code}`);
  return d.events;
}

function rowAt(n: number): EvolveCostRow {
  const s = callOf(n);
  const at = T0 + 1_000_000;
  const who = (i: number) => pid(i % n);
  const row = {
    n,
    hand_raised_us: perCall((i) => evolve(s, { type: 'hand_raised', at, by: who(i), participant: who(i), lane: 'speak', position: 0 })),
    member_renamed_us: perCall((i) => evolve(s, { type: 'member_renamed', at, by: HOST, participant: who(i), name: 'Renamed' })),
    member_left_us: perCall((i) => evolve(s, { type: 'member_left', at, by: 'system', participant: who(i) })),
    join_us: perCall((i) => {
      const join = { type: 'join', identity: `p_new${i}`, name: 'New person', role: 'participant', device: null, ipHash: null } as const;
      for (const e of accepted(s, join, i)) evolve(s, e);
    }),
  };
  const times = [row.hand_raised_us, row.member_renamed_us, row.member_left_us, row.join_us];
  return {
    n,
    hand_raised_us: round(row.hand_raised_us, 2),
    member_renamed_us: round(row.member_renamed_us, 2),
    member_left_us: round(row.member_left_us, 2),
    join_us: round(row.join_us, 2),
    mean_us: round(times.reduce((a, b) => a + b, 0) / times.length, 2),
  };
}

/** CPU (user + system) to fold `n` joins into an empty call, as the server folds an arrival storm. */
function foldArrivals(n: number): EvolveCostResult['fold_arrivals'] {
  let s = callOf(0);
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const join = { type: 'join', identity: `p_a${i}`, name: `Arrival ${i}`, role: 'participant', device: null, ipHash: null } as const;
    for (const e of accepted(s, join, i)) s = evolve(s, e);
  }
  const cpuMs = cpuMicros(process.cpuUsage(start)) / 1000;
  // The fold must have done the work it is timed for.
  if (s.members.presentCount(['participant']) !== n) throw new Error(`evolve-cost: ${n} arrivals left ${s.members.presentCount(['participant'])} present`);
  return { n, cpu_ms: round(cpuMs), us_per_arrival: round((cpuMs * 1000) / n, 2) };
}

export function runEvolveCost(cfg: EvolveCostConfig, log: (line: string) => void): EvolveCostResult {
  const per_event = cfg.ns.map((n) => {
    const row = rowAt(n);
    log(`evolve n=${n}: ${row.mean_us} us per event (first hand ${row.hand_raised_us}, rename ${row.member_renamed_us}, leave ${row.member_left_us}, join ${row.join_us})`);
    return row;
  });
  const fold_arrivals = foldArrivals(cfg.arrivals);
  log(`evolve: ${cfg.arrivals} arrivals folded in ${fold_arrivals.cpu_ms} ms of CPU`);
  const growth = round(per_event.at(-1)!.mean_us / per_event[0]!.mean_us, 2);
  return { per_event, growth, fold_arrivals };
}

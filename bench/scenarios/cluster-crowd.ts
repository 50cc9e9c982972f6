// The load generator's side of the cluster scenario (bench/scenarios/cluster.ts drives it): one
// load generator process per Caucus instance, holding that gateway's people. Times are read from
// the machine's monotonic clock (process.hrtime), the same in every process, so a command sent by
// one load generator and its event received by the other are on one time line.
import type { Event } from '@caucus/shared';
import { BenchClient, callHandle, createCall, joinCall, setAppliedHook, type CreatedCall } from '../lib/caucus-client';
import { checkFolds, type FoldCheck } from '../lib/fold-check';
import { BENCH_CALL_SETTINGS, closeAll, participantName } from '../lib/people';
import { pool, sleep } from '../lib/stats';

/** Milliseconds on the machine's monotonic clock (comparable between processes). */
export const monoMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Loopback gives about 28k ports per (source, destination): past that, the next 127.0.0.x. */
const SOCKETS_PER_SOURCE = 25_000;
const sourceAddress = (i: number) => `127.0.0.${1 + Math.floor(i / SOCKETS_PER_SOURCE)}`;

const COMMAND_TIMEOUT_MS = 10_000;
const CHANGE_TIMEOUT_MS = 60_000;

export interface CallRef {
  id: string;
  participant: string;
}

export interface Arrival {
  /** Joins completed (HTTP join, socket, hello, snapshot). */
  connected: number;
  /** Joins that failed: an HTTP refusal, a socket closed or a snapshot that never came. */
  refused: number;
  /** The first few reasons. */
  reasons: string[];
  /** Per join, ms (completed ones). */
  latencies: number[];
  startMs: number;
  endMs: number;
}

export interface ChangeTimes {
  /** When the first and the last of this gateway's people applied the event (monotonic ms). */
  firstMs: number;
  lastMs: number;
  count: number;
}

export interface CommandResult {
  sentMs: number;
  answeredMs: number | null;
  ack: { seq: number } | null;
  error: string | null;
}

export interface ProbeResult {
  attempts: number;
  errors: number;
  /** Monotonic ms of the first ack, null if none came within the limit. */
  firstAckMs: number | null;
  /** Every probe that was acked: its text and the seq of its event. */
  acked: { text: string; seq: number }[];
}

interface Armed {
  match: (e: Event) => boolean;
  first: number;
  last: number;
  count: number;
  target: number;
  done: (() => void) | null;
}

/** The people of one gateway, kept between the orchestrator's steps (one crowd per process). */
export class ClusterCrowd {
  private baseUrl = '';
  private call: CreatedCall | null = null;
  private staff: BenchClient | null = null;
  private people: BenchClient[] = [];
  private armed = new Map<number, Armed>();

  constructor() {
    setAppliedHook((client, event) => {
      if (client.tag !== 1) return;
      const now = monoMs();
      for (const a of this.armed.values()) {
        if (a.count >= a.target || !a.match(event)) continue;
        if (a.count++ === 0) a.first = now;
        a.last = now;
        if (a.count === a.target) a.done?.();
      }
    });
  }

  /** Creates a call on this gateway (the cluster stores it for every instance). */
  async create(baseUrl: string, organizerKey: string): Promise<CallRef> {
    const call = await createCall(baseUrl, organizerKey, BENCH_CALL_SETTINGS);
    return { id: call.id, participant: call.participant };
  }

  /**
   * Takes a call (dropping the previous one's people); this gateway's staff member joins it
   * (host or moderator: both may grant the floor), unless `staffRole` is null.
   */
  async attach(baseUrl: string, organizerKey: string, ref: CallRef, staffRole: 'host' | 'moderator' | null): Promise<{ identity: string | null }> {
    this.close();
    this.baseUrl = baseUrl;
    this.call = callHandle(baseUrl, organizerKey, ref.id, ref.participant);
    if (!staffRole) return { identity: null };
    const joined = await joinCall(baseUrl, this.call, staffRole, `${staffRole === 'host' ? 'Host' : 'Moderator'} on ${new URL(baseUrl).port}`);
    this.staff = await BenchClient.connect(baseUrl, ref.id, joined);
    this.staff.tag = 1;
    return { identity: joined.identity };
  }

  /**
   * People arrive on this gateway, `concurrency` at a time, numbered from `offset` (names unique
   * over the cluster). A failure is counted, not thrown: the storm's figure is "zero refused".
   * `folds(i)`: every `foldEvery`-th folds events and is checked against a snapshot at the end.
   */
  async fill(n: number, concurrency: number, offset: number, foldEvery: number, deadlineMs: number): Promise<Arrival> {
    const call = this.call!;
    const out: Arrival = { connected: 0, refused: 0, reasons: [], latencies: [], startMs: monoMs(), endMs: 0 };
    const stopAt = Date.now() + deadlineMs;
    const before = this.people.length;
    await pool(n, concurrency, async (i) => {
      if (Date.now() > stopAt) {
        out.refused += 1;
        if (out.reasons.length < 5) out.reasons.push(`not attempted: the arrivals' time limit (${deadlineMs} ms) passed`);
        return;
      }
      const t0 = monoMs();
      try {
        const joined = await joinCall(this.baseUrl, call, 'participant', participantName(offset + i));
        const client = await BenchClient.connect(this.baseUrl, call.id, joined, { fold: foldEvery > 0 && i % foldEvery === foldEvery - 1, localAddress: sourceAddress(before + i) });
        client.tag = 1;
        this.people.push(client);
        out.latencies.push(monoMs() - t0);
        out.connected += 1;
      } catch (err) {
        out.refused += 1;
        if (out.reasons.length < 5) out.reasons.push((err as Error).message.slice(0, 200));
      }
    });
    out.endMs = monoMs();
    return out;
  }

  identities(indexes: number[]): string[] {
    return indexes.map((i) => this.people[i % this.people.length]!.identity);
  }

  /** From now on, note when each of this gateway's people applies an event that `match` describes. */
  arm(change: number, match: { type: string; participant?: string; text?: string }): void {
    const target = this.people.filter((p) => !p.closed).length + (this.staff && !this.staff.closed ? 1 : 0);
    this.armed.set(change, {
      match: (e) => e.type === match.type && (match.participant === undefined || ('participant' in e && e.participant === match.participant)) && (match.text === undefined || ('text' in e && e.text === match.text)),
      first: 0,
      last: 0,
      count: 0,
      target,
      done: null,
    });
  }

  /** Resolves once every one of this gateway's people applied the armed change (or after the timeout). */
  wait(change: number): Promise<ChangeTimes> {
    const a = this.armed.get(change);
    if (!a) throw new Error(`change ${change} was not armed`);
    const finish = (): ChangeTimes => {
      this.armed.delete(change);
      return { firstMs: a.first, lastMs: a.last, count: a.count };
    };
    if (a.count >= a.target) return Promise.resolve(finish());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.armed.delete(change);
        reject(new Error(`change ${change}: ${a.count} of ${a.target} people applied it within ${CHANGE_TIMEOUT_MS} ms`));
      }, CHANGE_TIMEOUT_MS);
      a.done = () => {
        clearTimeout(timer);
        resolve(finish());
      };
    });
  }

  /** Sends a command as this gateway's staff member (`actor` -1) or as the actor-th person. */
  async send(actor: number, command: Record<string, unknown>): Promise<CommandResult> {
    const client = actor < 0 ? this.staff! : this.people[actor % this.people.length]!;
    const sentMs = monoMs();
    const answer = await withTimeout(client.command(command), COMMAND_TIMEOUT_MS);
    const answeredMs = answer ? monoMs() : null;
    if (!answer) return { sentMs, answeredMs, ack: null, error: 'no answer' };
    return answer.type === 'ack' ? { sentMs, answeredMs, ack: { seq: answer.seq }, error: null } : { sentMs, answeredMs, ack: null, error: `${answer.code}: ${answer.message}` };
  }

  /**
   * Failover: the staff member here sends a chat line every `intervalMs` (each one new: a probe whose
   * ack was lost is never repeated) until one is acked, at most `maxMs`; acks of earlier probes
   * that arrive within `graceMs` after the first are kept too (each must be in the log).
   */
  async probe(label: string, intervalMs: number, maxMs: number, graceMs: number): Promise<ProbeResult> {
    const staff = this.staff!;
    const out: ProbeResult = { attempts: 0, errors: 0, firstAckMs: null, acked: [] };
    const stopAt = monoMs() + maxMs;
    const pending: Promise<void>[] = [];
    while (out.firstAckMs === null && monoMs() < stopAt && !staff.closed) {
      const text = `failover probe ${label}.${out.attempts++}`;
      pending.push(
        withTimeout(staff.command({ type: 'chat_send', text }), maxMs).then((answer) => {
          if (answer?.type === 'ack') {
            out.firstAckMs ??= monoMs();
            out.acked.push({ text, seq: answer.seq });
          } else if (answer) out.errors += 1;
        }),
      );
      const next = monoMs() + intervalMs;
      while (out.firstAckMs === null && monoMs() < next) await sleep(10);
    }
    await Promise.race([Promise.all(pending), sleep(graceMs)]);
    return { ...out, acked: [...out.acked] };
  }

  /** After this gateway's instance was killed and restarted: everyone says hello again. */
  async reconnect(): Promise<{ reconnected: number }> {
    const callId = this.call!.id;
    const again = async (c: BenchClient, i: number) => {
      const fresh = await BenchClient.connect(this.baseUrl, callId, c.joined, { fold: c.folds, localAddress: sourceAddress(i) });
      fresh.tag = 1;
      return fresh;
    };
    if (this.staff) {
      this.staff.close();
      this.staff = await again(this.staff, 0);
    }
    const people = this.people;
    this.people = new Array(people.length);
    await pool(people.length, 50, async (i) => {
      people[i]!.close();
      this.people[i] = await again(people[i]!, i);
    });
    return { reconnected: people.length };
  }

  /** Mean websocket bytes each of the people received since they arrived. */
  bytesPerPerson(): number {
    return this.people.reduce((a, c) => a + c.bytes, 0) / Math.max(1, this.people.length);
  }

  /** Folding people and the staff member against a fresh snapshot each (run when the call is quiet). */
  foldCheck(): Promise<FoldCheck> {
    const folding = [...(this.staff ? [this.staff] : []), ...this.people.filter((p) => p.folds)];
    return checkFolds(this.baseUrl, this.call!.id, folding);
  }

  close(): void {
    closeAll(this.people);
    this.staff?.close();
    this.people = [];
    this.staff = null;
    this.armed.clear();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    p.then((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

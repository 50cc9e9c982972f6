// Filling a call with people: HTTP join then websocket hello, many at once, like a crowd arriving.
import { BenchClient, createCall, joinCall, type CreatedCall, type Joined } from './caucus-client';
import { pool } from './stats';

export interface Crowd {
  call: CreatedCall;
  host: BenchClient;
  people: BenchClient[];
}

/** The settings every bench call uses: no lobby, no speaking limit (no floor timers), fifo queue. */
export const BENCH_CALL_SETTINGS = { lobby: false, speakingLimitSec: 0, queuePolicy: 'fifo' };

export async function openCall(baseUrl: string, organizerKey: string): Promise<{ call: CreatedCall; host: BenchClient; hostJoined: Joined }> {
  const call = await createCall(baseUrl, organizerKey, BENCH_CALL_SETTINGS);
  const hostJoined = await joinCall(baseUrl, call, 'host', 'Host of the call');
  const host = await BenchClient.connect(baseUrl, call.id, hostJoined);
  return { call, host, hostJoined };
}

export const participantName = (i: number) => `Participant ${String(i).padStart(5, '0')}`;

/**
 * Joins and connects `n` participants with at most `concurrency` arriving at once; `folds(i)` says
 * whether the i-th folds events into its state (default: all do, like the web app).
 */
export async function fill(baseUrl: string, call: CreatedCall, n: number, concurrency: number, folds: (i: number) => boolean = () => true): Promise<BenchClient[]> {
  const people: BenchClient[] = new Array(n);
  await pool(n, concurrency, async (i) => {
    const joined = await joinCall(baseUrl, call, 'participant', participantName(i));
    people[i] = await BenchClient.connect(baseUrl, call.id, joined, { fold: folds(i) });
  });
  return people;
}

export function closeAll(clients: Iterable<BenchClient>): void {
  for (const c of clients) c.close();
}

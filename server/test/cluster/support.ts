// What the cluster tests share: people joined on a chosen instance, the call's owner, and the
// checks every failure test ends with (the Postgres log is whole; clients agree with it).
import { toSnapshot } from '@caucus/shared';
import { expect } from 'vitest';
import { RECONNECT_GRACE_MS } from '../../src/calls/admission';
import { join, type CreatedCall, type Joined, type RoleName } from '../../../test/api';
import type { CaucusInstance, Cluster, LoggedEvent } from '../../../test/cluster';
import { TestClient } from '../../../test/ws-client';

export interface ClusterPerson {
  joined: Joined;
  client: TestClient;
  /** The instance whose gateway holds this person's socket. */
  at: CaucusInstance;
}

/** Joins over HTTP on `at` and opens the moderation socket there (its first snapshot received). */
export async function enterAt(at: CaucusInstance, created: CreatedCall, role: RoleName, name: string): Promise<ClusterPerson> {
  const joined = await join(at.url, created, role, name);
  const client = await TestClient.ready(at.url, created.call.id, joined.sessionToken);
  return { joined, client, at };
}

/** Moves a person's socket to `to`, resuming from the last seq they folded (as the web app does). */
export async function resumeAt(person: ClusterPerson, to: CaucusInstance, callId: string): Promise<ClusterPerson> {
  const { state, seq } = person.client;
  person.client.close();
  const client = await TestClient.connect(to.url, callId, person.joined.sessionToken, { lastSeq: seq });
  client.state = state;
  client.seq = seq;
  // The events after lastSeq then `resumed` (or a snapshot if the log no longer reaches back).
  const answer = await client.waitFor((f) => f.type === 'snapshot' || f.type === 'resumed' || f.type === 'error', 15_000);
  if (answer.type === 'error') throw new Error(`resume refused on ${to.id}: ${answer.code} ${answer.message}`);
  return { ...person, client, at: to };
}

/** Waits until some instance holds the call's lease (optionally: a given one, or a newer epoch). */
export async function ownerOf(cluster: Cluster, callId: string, want: { not?: CaucusInstance; afterEpoch?: number } = {}, timeoutMs = 30_000) {
  let found: ReturnType<Cluster['owner']> = null;
  await expect
    .poll(
      () => {
        found = cluster.owner(callId);
        return found !== null && found.instance !== want.not && found.epoch > (want.afterEpoch ?? 0);
      },
      { timeout: timeoutMs, interval: 200 },
    )
    .toBe(true);
  return found!;
}

/** The log holds seqs 1..n with no gap and no repeat. */
export function expectContiguous(log: LoggedEvent[]): void {
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
}

/** Waits until every client has folded up to `seq`. */
export async function allAt(clients: TestClient[], seq: number, timeoutMs = 15_000): Promise<void> {
  await Promise.all(clients.map((c) => expect.poll(() => c.seq, { timeout: timeoutMs }).toBeGreaterThanOrEqual(seq)));
}

/**
 * A person's folded state equals what a fresh snapshot gives them now: the events they folded
 * are exactly the ones the log holds. Opens a new socket for the same session (it replaces the
 * old one) on `at`.
 */
export async function expectFoldedEqualsSnapshot(person: ClusterPerson, callId: string, at: CaucusInstance = person.at): Promise<void> {
  const folded = person.client.state;
  const fresh = await TestClient.ready(at.url, callId, person.joined.sessionToken);
  try {
    // (Its seq may run ahead of the folded one by events this viewer is not shown.)
    expect(fresh.seq).toBeGreaterThanOrEqual(person.client.seq);
    // Compared in the wire form: the order people were added in is not part of the state.
    expect(toSnapshot(fresh.state!)).toEqual(toSnapshot(folded!));
  } finally {
    fresh.close();
  }
}

/** The events of a type in the log, by a field (e.g. chat texts). */
export const logged = (log: LoggedEvent[], type: string) => log.filter((e) => e.type === type).map((e) => e.body);

/** Chat messages whose command was acked: each is in the log exactly once, at or before its ack's seq. */
export function expectAckedInLog(log: LoggedEvent[], acked: { text: string; seq: number }[]): void {
  for (const { text, seq } of acked) {
    const found = log.filter((e) => e.type === 'chat_sent' && e.body.text === text);
    expect(found, `acked chat ${JSON.stringify(text)}`).toHaveLength(1);
    expect(found[0]!.seq).toBeLessThanOrEqual(seq);
  }
}

/**
 * Waits until anyone the disruption at `since` made count as dropped would have been marked gone
 * (the reconnect grace, after the lease or heartbeat that reveals it has lapsed), so that
 * expectNobodyLeft can see it.
 */
export async function pastGrace(since: number, leaseMs: number): Promise<void> {
  const until = since + RECONNECT_GRACE_MS + 2 * leaseMs + 2000;
  await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now())));
}

/** Nobody was marked gone: no departure in the log for these people. */
export function expectNobodyLeft(log: LoggedEvent[], people: ClusterPerson[]): void {
  const names = new Map(people.map((p) => [p.joined.identity, p.joined.name]));
  const left = log.filter((e) => e.type === 'member_left' && names.has(e.body.participant));
  expect(left.map((e) => `${names.get(e.body.participant)} left at seq ${e.seq}`)).toEqual([]);
}

/**
 * Sends chat messages from `senders` in turn until `stop()` says so; returns those acked (with
 * their seq). A command without an answer (its owner died under it) or refused is not accepted.
 */
export async function chatter(senders: ClusterPerson[], label: string, stop: (acked: number) => boolean, timeoutMs = 60_000): Promise<{ text: string; seq: number }[]> {
  const acked: { text: string; seq: number }[] = [];
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; !stop(acked.length) && Date.now() < deadline; i++) {
    const open = senders.filter((p) => !p.client.closed);
    if (open.length === 0) break;
    const sender = open[i % open.length]!;
    const text = `${label} ${i}`;
    const ref = `${label}-${i}`;
    sender.client.raw({ type: 'chat_send', text, ref });
    const answer = await sender.client
      .waitFor((f) => (f.type === 'ack' || f.type === 'error') && f.ref === ref, 10_000)
      .catch(() => null);
    if (answer?.type === 'ack') acked.push({ text, seq: answer.seq });
    else await new Promise((r) => setTimeout(r, 100));
  }
  return acked;
}

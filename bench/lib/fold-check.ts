// The correctness half of the fan-out scenario: a sample of clients folds every event with the
// shared `evolve`, as the web app does; at the end each one's state must equal what the server
// would now send that same person in a fresh snapshot (their redacted view), at the same seq and
// with the same head count. A difference means a client that follows events drifts from the truth.
import { toSnapshot, type CallState } from '@caucus/shared';
import { isDeepStrictEqual } from 'node:util';
import { BenchClient } from './caucus-client';
import { closeAll } from './people';

export interface FoldCheck {
  /** Folding clients checked (the host among them). */
  clients: number;
  /** Of those, how many equal their fresh snapshot exactly. */
  equal: number;
  /** What differed, for the first few that did not. */
  mismatches: string[];
}

const MISMATCHES_REPORTED = 5;

/** The state as it travels (plain JSON: an absent key and an undefined one are the same). */
const wire = (state: CallState | null): unknown => (state ? JSON.parse(JSON.stringify(toSnapshot(state))) : null);

function difference(folded: BenchClient, fresh: BenchClient): string | null {
  const who = folded.identity;
  if (folded.seq !== fresh.seq) return `${who}: folded to seq ${folded.seq}, the snapshot is at ${fresh.seq}`;
  if (folded.present !== fresh.present) return `${who}: counts ${folded.present} present, the snapshot ${fresh.present}`;
  const a = wire(folded.state) as Record<string, unknown> | null;
  const b = wire(fresh.state) as Record<string, unknown> | null;
  if (isDeepStrictEqual(a, b)) return null;
  const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].filter((k) => !isDeepStrictEqual(a?.[k], b?.[k]));
  return `${who}: the folded state differs from the snapshot in ${keys.join(', ') || 'its shape'}`;
}

/**
 * Opens a fresh socket for each client's session (the hello carries no lastSeq, so the server
 * answers with a snapshot) and compares. The fresh socket replaces the old one, so this runs last,
 * when nothing happens in the call any more: every snapshot is then at the clients' seq.
 */
export async function checkFolds(baseUrl: string, callId: string, clients: BenchClient[]): Promise<FoldCheck> {
  // A client that cannot get a fresh snapshot counts as a difference, not as the end of the run.
  const fresh = await Promise.allSettled(clients.map((c) => BenchClient.connect(baseUrl, callId, c.joined, { fold: true })));
  try {
    const mismatches = clients
      .map((c, i) => {
        const f = fresh[i]!;
        return f.status === 'fulfilled' ? difference(c, f.value) : `${c.identity}: no fresh snapshot (${(f.reason as Error).message})`;
      })
      .filter((d): d is string => d !== null);
    return { clients: clients.length, equal: clients.length - mismatches.length, mismatches: mismatches.slice(0, MISMATCHES_REPORTED) };
  } finally {
    closeAll(fresh.flatMap((f) => (f.status === 'fulfilled' ? [f.value] : [])));
  }
}

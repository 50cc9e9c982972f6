// Where a raised hand goes. The queue array IS the order everyone sees; these rules only decide
// where a new hand is inserted and how a policy change re-sorts. Because evolve applies them to
// the same inputs on every client, every client shows the same order.
import type { Lane, QueuePolicy } from '../protocol/primitives';
import type { CallState, QueueEntry } from './state';

const LANE_RANK: Record<Lane, number> = { point_of_order: 0, direct_response: 1, speak: 2 };

/**
 * Sort key: lane first (procedure beats content), then, under the progressive policy, people who
 * have not had the floor in this call before those who have. Ties keep the existing order.
 */
function sortKey(state: CallState, policy: QueuePolicy, entry: Pick<QueueEntry, 'identity' | 'lane'>): [number, number] {
  const spoke = policy === 'progressive' && state.members.get(entry.identity)?.hadFloor ? 1 : 0;
  return [LANE_RANK[entry.lane], spoke];
}

const compare = (a: [number, number], b: [number, number]): number => a[0] - b[0] || a[1] - b[1];

/**
 * Index for a new hand: right after the last entry that the rules put before (or level with) it.
 * Looking for the LAST such entry, not the first place it fits, respects a moderator's manual
 * moves: an entry moved to the top does not pull later raisers up with it.
 */
export function insertionIndex(state: CallState, entry: Pick<QueueEntry, 'identity' | 'lane'>): number {
  const key = sortKey(state, state.settings.queuePolicy, entry);
  for (let i = state.queue.length - 1; i >= 0; i--) {
    if (compare(sortKey(state, state.settings.queuePolicy, state.queue[i]!), key) <= 0) return i + 1;
  }
  return 0;
}

/** Stable re-sort by a policy's rules: relative order within a group (incl. manual moves) is kept. */
export function sortQueue(state: CallState, policy: QueuePolicy): QueueEntry[] {
  return state.queue
    .map((entry, index) => ({ entry, index, key: sortKey(state, policy, entry) }))
    .sort((a, b) => compare(a.key, b.key) || a.index - b.index)
    .map((x) => x.entry);
}

/** Move without changing anyone else's relative order; the index is clamped. */
export function moveEntry(queue: readonly QueueEntry[], from: number, to: number): QueueEntry[] {
  const next = [...queue];
  const [entry] = next.splice(from, 1);
  if (!entry) return next;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, entry);
  return next;
}

// The small state changes the per-event tables (events/*.ts) are written with. Each returns the
// same state when nothing changes, so a no-op event costs nothing downstream (permission diffs and
// redacted-view caches compare by reference).
import type { Identity } from '../protocol/primitives';
import type { CallState, Member, Waiter } from './state';

/**
 * Whether every viewer's list has this person (see memberSchema.listed). Members stored before
 * the flag existed count by their role.
 */
export function isListed(m: Member): boolean {
  return m.listed === true || m.role !== 'participant';
}

/** Puts a member on the public record (a hand, the floor, a chat message). */
export function list(state: CallState, identity: Identity): CallState {
  const m = state.members.get(identity);
  return m && m.listed !== true ? { ...state, members: state.members.set({ ...m, listed: true }) } : state;
}

export function updateMember(state: CallState, identity: Identity, change: (m: Member) => Member): CallState {
  const members = state.members.update(identity, change);
  return members === state.members ? state : { ...state, members };
}

export function updateWaiter(state: CallState, identity: Identity, change: (w: Waiter) => Waiter): CallState {
  const w = state.lobby.get(identity);
  return w ? { ...state, lobby: state.lobby.set(identity, change(w)) } : state;
}

export function withoutWaiter(state: CallState, identity: Identity): CallState {
  return state.lobby.has(identity) ? { ...state, lobby: state.lobby.delete(identity) } : state;
}

export function withoutHand(state: CallState, identity: Identity): CallState {
  return state.queue.some((e) => e.identity === identity)
    ? { ...state, queue: state.queue.filter((e) => e.identity !== identity) }
    : state;
}

export function setFlag(state: CallState, identities: readonly Identity[], flag: 'silenced', value: boolean): CallState {
  let members = state.members;
  for (const id of identities) members = members.update(id, (m) => ({ ...m, [flag]: value }));
  return members === state.members ? state : { ...state, members };
}

/** With one room setting changed. */
export function withSettings(state: CallState, change: Partial<CallState['settings']>): CallState {
  return { ...state, settings: { ...state.settings, ...change } };
}

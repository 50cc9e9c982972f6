// Read-only questions about a state, for decide, the derived permissions, the server and the UI.
import { nameSkeleton } from '../protocol/display-name';
import type { CallFormat, Identity, MemberStatus, Role } from '../protocol/primitives';
import { FLOOR_WARNING_MS, type CallState, type Member } from './state';

export function roleOf(state: CallState, identity: Identity): Role | null {
  return state.members.get(identity)?.role ?? state.lobby.get(identity)?.role ?? null;
}

/**
 * Where a person stands. A waiter is `lobby` even if they were admitted once before (removed
 * and knocking again); someone banned while waiting, never admitted, is `banned`.
 */
export function statusOf(state: CallState, identity: Identity): MemberStatus | null {
  const waiter = state.lobby.get(identity);
  if (waiter?.status === 'waiting') return 'lobby';
  const member = state.members.get(identity);
  if (member) return member.status;
  if (waiter) return 'denied';
  if (state.bans.has(identity)) return 'banned';
  return null;
}

export function presentMember(state: CallState, identity: Identity): Member | null {
  const m = state.members.get(identity);
  return m?.status === 'present' ? m : null;
}

/** Present people, optionally only those with the given roles. O(1): the members keep the count. */
export function presentCount(state: CallState, roles?: readonly Role[]): number {
  return state.members.presentCount(roles);
}

/** The room's format (states stored before formats existed ran on stage). */
export function format(state: CallState): CallFormat {
  return state.settings.format ?? 'stage';
}

/** Whether the doors are open (states stored before doors existed had them open). */
export function doorsOpen(state: CallState): boolean {
  return state.settings.doorsOpen !== false;
}

/** Whether admitting one more participant would exceed maxParticipants. */
export function isFull(state: CallState): boolean {
  const max = state.settings.maxParticipants;
  return max > 0 && presentCount(state, ['participant']) >= max;
}

/** 0-based place in the queue, or null without a raised hand. */
export function queuePosition(state: CallState, identity: Identity): number | null {
  const i = state.queue.findIndex((e) => e.identity === identity);
  return i < 0 ? null : i;
}

/** May publish by role (host, moderator, speaker) or holds the floor; present either way. */
export function isOnStage(state: CallState, identity: Identity): boolean {
  const m = presentMember(state, identity);
  if (!m) return false;
  return m.role !== 'participant' || state.floor?.identity === identity;
}

export function isBannedIdentity(state: CallState, identity: Identity): boolean {
  return state.bans.has(identity);
}

export function isBannedDevice(state: CallState, device: string | null): boolean {
  if (device === null) return false;
  return state.bans.some((b) => b.device === device);
}

/** Only bans imposed with `ip: true` hold a network; shared NATs make this a deliberate choice. */
export function isBannedIp(state: CallState, ipHash: string | null): boolean {
  if (ipHash === null) return false;
  return state.bans.some((b) => b.ip && b.ipHash === ipHash);
}

/** Waiters still waiting, oldest first (ties by identity, so every moderator sees one order). */
export function waitingList(state: CallState): Identity[] {
  return [...state.lobby.values()]
    .filter((w) => w.status === 'waiting')
    .sort((a, b) => a.since - b.since || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0))
    .map((w) => w.identity);
}

export type FloorTimer = { kind: 'warn' | 'expire'; at: number; grantedAt: number };

/**
 * The next floor timer the shell should arm (and re-arm after every event): the warning
 * FLOOR_WARNING_MS before the deadline, then the expiry. Fire it as warn_floor/expire_floor with
 * its grantedAt; the core refuses stale ones.
 */
export function nextFloorTimer(state: CallState): FloorTimer | null {
  const floor = state.floor;
  if (!floor || floor.deadline === null || state.status === 'ended') return null;
  if (!floor.warned && floor.deadline - FLOOR_WARNING_MS > floor.grantedAt) {
    return { kind: 'warn', at: floor.deadline - FLOOR_WARNING_MS, grantedAt: floor.grantedAt };
  }
  return { kind: 'expire', at: floor.deadline, grantedAt: floor.grantedAt };
}

/**
 * The host, moderator or speaker present in the call whose name `name` looks like (same
 * nameSkeleton), other than `self`. The server appends a visible suffix to a participant's name
 * when this is not null, so a troll in the lobby cannot pass for the guest speaker everyone is
 * waiting for. `members` may be any superset of those people: hosts, moderators and speakers are
 * always on the public record, so the server passes its listed members, not all of them.
 */
export function impersonatedBy(members: Iterable<Member>, name: string, self?: Identity): Identity | null {
  const key = nameSkeleton(name);
  if (key === '') return null;
  for (const m of members) {
    if (m.identity === self || m.role === 'participant' || m.status !== 'present') continue;
    if (nameSkeleton(m.name) === key) return m.identity;
  }
  return null;
}

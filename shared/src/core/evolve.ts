// The reducer: state + event -> new state. Pure, total and deterministic: it never throws and
// never mutates its input, and an event about someone this state does not know (a viewer's
// redacted state) changes nothing. Server and clients run this same function on the same events.
import type { Event } from '../protocol/events';
import type { Identity } from '../protocol/primitives';
import { moveEntry, sortQueue } from './queue-order';
import {
  CHAT_HISTORY_LIMIT,
  FLOOR_WARNING_MS,
  REPORT_HISTORY_LIMIT,
  type CallState,
  type Member,
  type Waiter,
} from './state';

export function evolve(before: CallState, event: Event): CallState {
  const state = introduce(before, event);
  switch (event.type) {
    case 'member_joined':
    case 'member_admitted':
      return withoutWaiter(admit(state, event), event.participant);
    case 'member_rejoined':
      return updateMember(state, event.participant, (m) => ({
        ...m,
        status: 'present',
        device: event.device,
        ipHash: event.ipHash,
      }));
    case 'member_left':
      return updateMember(state, event.participant, (m) => ({ ...m, status: 'left' }));
    case 'member_waiting': {
      const waiter: Waiter = {
        identity: event.participant,
        name: event.name,
        role: event.role,
        since: event.at,
        status: 'waiting',
        device: event.device,
        ipHash: event.ipHash,
      };
      return { ...state, lobby: state.lobby.set(event.participant, waiter) };
    }
    case 'waiter_left':
      return withoutWaiter(state, event.participant);
    case 'member_denied':
      return updateWaiter(state, event.participant, (w) => ({ ...w, status: 'denied' }));
    case 'waiter_renamed':
      return updateWaiter(state, event.participant, (w) => ({ ...w, name: event.name }));
    case 'member_removed':
      return updateMember(state, event.participant, (m) => ({ ...m, status: 'removed' }));
    case 'member_banned': {
      const banned = updateMember(withoutWaiter(state, event.participant), event.participant, (m) => ({
        ...m,
        status: 'banned',
      }));
      const ban = {
        identity: event.participant,
        name: event.name,
        role: event.role,
        reason: event.reason,
        by: event.by,
        at: event.at,
        ip: event.ip,
        device: event.device,
        ipHash: event.ipHash,
      };
      return { ...banned, bans: banned.bans.set(event.participant, ban) };
    }
    case 'member_unbanned':
      return updateMember({ ...state, bans: state.bans.delete(event.participant) }, event.participant, (m) =>
        m.status === 'banned' ? { ...m, status: 'removed' } : m,
      );
    case 'role_changed':
      return updateMember(state, event.participant, (m) => ({ ...m, role: event.role, listed: true }));
    case 'member_renamed':
      return updateMember(state, event.participant, (m) => ({ ...m, name: event.name }));
    case 'member_muted':
    case 'all_muted':
      // One-shot effects on tracks (see effectsOf); nothing persists.
      return state;
    case 'member_silenced':
      return updateMember(state, event.participant, (m) => ({ ...m, silenced: true }));
    case 'member_unsilenced': {
      const next = updateMember(state, event.participant, (m) => ({ ...m, silenced: false }));
      // Lifted by hand during a suspension: restore must not lift it again later, nor re-lift it
      // after a moderator silences the person again for their own reasons.
      if (!next.suspended) return next;
      const silencedBySuspend = next.suspended.silencedBySuspend.filter((id) => id !== event.participant);
      return { ...next, suspended: { ...next.suspended, silencedBySuspend } };
    }
    case 'camera_disabled':
      return updateMember(state, event.participant, (m) => ({ ...m, cameraOff: true }));
    case 'camera_enabled':
      return updateMember(state, event.participant, (m) => ({ ...m, cameraOff: false }));
    case 'hand_raised': {
      if (state.queue.some((e) => e.identity === event.participant)) return state;
      const entry = { identity: event.participant, lane: event.lane, raisedAt: event.at };
      const queue = [...state.queue];
      queue.splice(Math.min(event.position, queue.length), 0, entry);
      return list({ ...state, queue }, event.participant);
    }
    case 'hand_lowered':
      return withoutHand(state, event.participant);
    case 'hand_moved': {
      const from = state.queue.findIndex((e) => e.identity === event.participant);
      return from < 0 ? state : { ...state, queue: moveEntry(state.queue, from, event.position) };
    }
    case 'hands_cleared':
      return { ...state, queue: [] };
    case 'queue_policy_changed':
      return {
        ...state,
        settings: { ...state.settings, queuePolicy: event.policy },
        queue: sortQueue(state, event.policy),
      };
    case 'floor_granted': {
      const floor = { identity: event.participant, grantedAt: event.at, deadline: event.deadline, warned: false };
      return updateMember({ ...withoutHand(state, event.participant), floor }, event.participant, (m) => ({
        ...m,
        hadFloor: true,
        floorCount: m.floorCount + 1,
        listed: true,
      }));
    }
    case 'floor_ended': {
      const ended = state.floor?.identity === event.participant ? { ...state, floor: null } : state;
      return updateMember(ended, event.participant, (m) => ({ ...m, spokenMs: m.spokenMs + event.spokenMs }));
    }
    case 'floor_extended': {
      if (!state.floor) return state;
      // A warning already given no longer applies if the new deadline is far enough away.
      const warned = state.floor.warned && event.deadline - FLOOR_WARNING_MS <= event.at;
      return { ...state, floor: { ...state.floor, deadline: event.deadline, warned } };
    }
    case 'floor_warned':
      return state.floor ? { ...state, floor: { ...state.floor, warned: true } } : state;
    case 'speaking_limit_changed':
      return { ...state, settings: { ...state.settings, speakingLimitSec: event.seconds } };
    case 'chat_sent': {
      if (event.by === 'system') return state;
      const message = { id: event.id, from: event.by, text: event.text, at: event.at };
      return list({ ...state, chat: [...state.chat, message].slice(-CHAT_HISTORY_LIMIT) }, event.by);
    }
    case 'chat_deleted':
      return { ...state, chat: state.chat.filter((m) => m.id !== event.messageId) };
    case 'chat_muted':
      return updateMember(state, event.participant, (m) => ({ ...m, chatMuted: true }));
    case 'chat_unmuted':
      return updateMember(state, event.participant, (m) => ({ ...m, chatMuted: false }));
    case 'chat_changed':
      return { ...state, settings: { ...state.settings, chatEnabled: event.enabled } };
    case 'reported': {
      if (event.by === 'system') return state;
      const report = { id: event.id, by: event.by, participant: event.participant, reason: event.reason, at: event.at };
      return { ...state, reports: [...state.reports, report].slice(-REPORT_HISTORY_LIMIT) };
    }
    case 'lock_changed':
      return { ...state, settings: { ...state.settings, locked: event.locked } };
    case 'lobby_changed':
      return { ...state, settings: { ...state.settings, lobby: event.enabled } };
    case 'call_suspended': {
      const silenced = setFlag(state, event.silenced, 'silenced', true);
      return {
        ...silenced,
        settings: { ...silenced.settings, locked: true, lobby: true, chatEnabled: false },
        suspended: {
          prevLocked: event.prevLocked,
          prevLobby: event.prevLobby,
          prevChatEnabled: event.prevChatEnabled,
          silencedBySuspend: event.silenced,
        },
      };
    }
    case 'call_restored': {
      const lifted = setFlag(state, event.unsilenced, 'silenced', false);
      return {
        ...lifted,
        settings: { ...lifted.settings, locked: event.locked, lobby: event.lobby, chatEnabled: event.chatEnabled },
        suspended: null,
      };
    }
    case 'call_ended':
      return { ...state, status: 'ended', floor: null };
    case 'format_changed':
      return { ...state, settings: { ...state.settings, format: event.format } };
    case 'doors_opened':
      return { ...state, settings: { ...state.settings, doorsOpen: true } };
    default:
      return assertNever(event);
  }
}

export function fold(state: CallState, events: readonly Event[]): CallState {
  return events.reduce(evolve, state);
}

export function assertNever(value: never): never {
  throw new Error(`unhandled variant: ${JSON.stringify(value)}`);
}

function admit(
  state: CallState,
  event: Extract<Event, { type: 'member_joined' | 'member_admitted' }>,
): CallState {
  const existing = state.members.get(event.participant);
  // Hosts, moderators and speakers are on the public record from the start; nobody leaves it.
  const listed = (existing !== undefined && isListed(existing)) || event.role !== 'participant';
  // Re-entering after a removal keeps stats and sanctions (silenced, chat-muted, camera off):
  // leaving and coming back must not be a way to shed them.
  const member: Member = existing
    ? { ...existing, status: 'present', name: event.name, role: event.role, device: event.device, ipHash: event.ipHash, ...(listed ? { listed } : {}) }
    : {
        identity: event.participant,
        name: event.name,
        role: event.role,
        status: 'present',
        joinedAt: event.at,
        silenced: false,
        chatMuted: false,
        cameraOff: false,
        hadFloor: false,
        spokenMs: 0,
        floorCount: 0,
        device: event.device,
        ipHash: event.ipHash,
        ...(listed ? { listed } : {}),
      };
  return { ...state, members: state.members.set(member) };
}

/**
 * Whether every viewer's list has this person (see memberSchema.listed). Members stored before
 * the flag existed count by their role.
 */
export function isListed(m: Member): boolean {
  return m.listed === true || m.role !== 'participant';
}

/**
 * For states stored before members carried `listed`: puts on the record everyone the rules would
 * have put there (a hand up, the floor now or before, a chat message still in the history).
 */
export function markListed(state: CallState): CallState {
  let s = state;
  for (const e of state.queue) s = list(s, e.identity);
  if (state.floor) s = list(s, state.floor.identity);
  for (const m of state.members.values()) if (m.hadFloor) s = list(s, m.identity);
  for (const c of state.chat) s = list(s, c.from);
  return s;
}

/** Puts a member on the public record (a hand, the floor, a chat message). */
function list(state: CallState, identity: string): CallState {
  const m = state.members.get(identity);
  return m && m.listed !== true ? { ...state, members: state.members.set({ ...m, listed: true }) } : state;
}

/**
 * A redacted copy of an event may carry the record of someone the viewer's list did not have yet
 * (event.member, see visibility.ts): it goes in first, then the event applies as usual. The
 * server's own events never carry one, and a member already known is never replaced.
 */
function introduce(state: CallState, event: Event): CallState {
  const m = 'member' in event ? event.member : undefined;
  if (!m || state.members.has(m.identity)) return state;
  // Only events that put their subject on the record carry one: it goes in listed already.
  return { ...state, members: state.members.set({ ...m, listed: true }) };
}

function updateMember(state: CallState, identity: Identity, change: (m: Member) => Member): CallState {
  const members = state.members.update(identity, change);
  return members === state.members ? state : { ...state, members };
}

function updateWaiter(state: CallState, identity: Identity, change: (w: Waiter) => Waiter): CallState {
  const w = state.lobby.get(identity);
  return w ? { ...state, lobby: state.lobby.set(identity, change(w)) } : state;
}

function withoutWaiter(state: CallState, identity: Identity): CallState {
  return state.lobby.has(identity) ? { ...state, lobby: state.lobby.delete(identity) } : state;
}

function withoutHand(state: CallState, identity: Identity): CallState {
  return state.queue.some((e) => e.identity === identity)
    ? { ...state, queue: state.queue.filter((e) => e.identity !== identity) }
    : state;
}

function setFlag(state: CallState, identities: readonly Identity[], flag: 'silenced', value: boolean): CallState {
  let members = state.members;
  for (const id of identities) members = members.update(id, (m) => ({ ...m, [flag]: value }));
  return members === state.members ? state : { ...state, members };
}

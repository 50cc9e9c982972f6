// Raids: how each shield and flood-control event changes the state, its effects, who sees it, and
// how it reads.
import type { FamilyEventType } from '../../protocol/events';
import type { SHIELD_EVENTS } from '../../protocol/families/shield';
import type { Viewer } from '../event-spec';
import type { EventSpecs } from '../event-spec';
import { countPace } from '../pace';
import { isStaff } from '../permissions';
import { noEffects, toEveryone, toStaff } from '../redaction';
import { CHAT_HISTORY_LIMIT, type CallState, type Waiter } from '../state';
import { isListed, list, withSettings } from '../state-updates';

type ShieldEvent = FamilyEventType<typeof SHIELD_EVENTS>;

/** Staff, and the person the event is about (the author of a held message). */
const toStaffAnd =
  (who: (e: never) => string) =>
  <E>(event: E, viewer: Viewer) =>
    isStaff(viewer.role) || viewer.identity === who(event as never) ? (event as never) : null;

export const SHIELD_SPECS = {
  shield_raised: {
    // Everyone moved is out of the call: present or gone for a moment, they now count as removed
    // (a reconnect goes through the lobby); their hand goes down with them.
    evolve: (state, event) => {
      const moved = new Set(event.moved);
      let members = state.members;
      for (const id of event.moved) members = members.update(id, (m) => (m.status === 'present' || m.status === 'left' ? { ...m, status: 'removed' } : m));
      const queue = state.queue.some((e) => moved.has(e.identity)) ? state.queue.filter((e) => !moved.has(e.identity)) : state.queue;
      return { ...state, members, queue, shield: { since: event.since, raisedAt: event.at, window: event.window } };
    },
    effects: noEffects,
    redact: toEveryone,
    // A participant's view only holds the people on the public record: only they can change it.
    audience: (event, { before }, viewer) => {
      const moved = event.moved.filter((id) => {
        const m = before.members.get(id);
        return id === viewer.identity || (m !== undefined && isListed(m));
      });
      return moved.length === event.moved.length ? event : { ...event, moved };
    },
    describe: (event, { by }) => `${by} raised the raid shield: ${event.moved.length} recent arrivals moved to the lobby; newcomers wait there`,
  },
  moved_to_lobby: {
    evolve: (state, event) => {
      let lobby = state.lobby;
      for (const id of event.moved) {
        const m = state.members.get(id);
        if (!m) continue;
        const waiter: Waiter = { identity: id, name: m.name, role: m.role, since: event.at, status: 'waiting', device: m.device, ipHash: m.ipHash };
        lobby = lobby.set(id, waiter);
      }
      return lobby === state.lobby ? state : { ...state, lobby };
    },
    // Each of them now sees only what the lobby sees.
    effects: (event) => event.moved.map((identity) => ({ kind: 'resnapshot', identity })),
    redact: toStaff,
    describe: (event) => `${event.moved.length} people wait in the lobby for review`,
  },
  shield_lifted: {
    evolve: (state) => ({ ...state, shield: null, spike: null }),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} lifted the raid shield`,
  },
  join_spike: {
    evolve: (state, event) => ({ ...state, spike: { since: event.since, at: event.at, arrivals: event.arrivals, baseline: event.baseline } }),
    effects: noEffects,
    redact: toStaff,
    describe: (event) => `Caucus noticed a join-rate spike: ${event.arrivals} new arrivals (usually ${Math.round(event.baseline)})`,
  },
  flood_controls_changed: {
    evolve: (state, event) => withSettings(state, { flood: event.controls }),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} changed the flood controls`,
  },
  auto_shield_changed: {
    evolve: (state, event) => withSettings(state, { autoShield: event.enabled }),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { by }) => (event.enabled ? `${by} let Caucus raise the raid shield by itself` : `${by} turned the automatic raid shield off`),
  },
  chat_held: {
    evolve: (state, event) => {
      if (event.by === 'system') return state;
      const held = { id: event.id, from: event.by, text: event.text, at: event.at, why: event.why };
      return countPace({ ...state, heldChat: [...state.heldChat, held] }, event.by, 'chat', event.at);
    },
    effects: noEffects,
    redact: toStaffAnd((e: { by: string }) => e.by),
    describe: (event, { by }) => `${by} wrote a message that waits for a moderator (${event.why === 'link' ? 'a link' : 'first message'})`,
  },
  chat_released: {
    evolve: (state, event) => {
      const message = { id: event.id, from: event.participant, text: event.text, at: event.at };
      const s: CallState = {
        ...state,
        heldChat: state.heldChat.filter((m) => m.id !== event.id),
        chat: [...state.chat, message].slice(-CHAT_HISTORY_LIMIT),
      };
      return countPace(list(s, event.participant), event.participant, 'posted', event.at);
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} approved a message from ${who}`,
  },
  chat_rejected: {
    evolve: (state, event) => ({ ...state, heldChat: state.heldChat.filter((m) => m.id !== event.id) }),
    effects: noEffects,
    redact: toStaffAnd((e: { participant: string }) => e.participant),
    describe: (_event, { who, by }) => `${by} turned down a message from ${who}`,
  },
} satisfies EventSpecs<ShieldEvent>;

// Room-wide switches: how each event changes the state, its effects, who sees it, and how it reads.
import type { FamilyEventType } from '../../protocol/events';
import type { ROOM_EVENTS } from '../../protocol/families/room';
import type { EventSpecs } from '../event-spec';
import { noEffects, toEveryone } from '../redaction';
import { setFlag, withSettings } from '../state-updates';

type RoomEvent = FamilyEventType<typeof ROOM_EVENTS>;

export const ROOM_SPECS = {
  lock_changed: {
    evolve: (state, event) => withSettings(state, { locked: event.locked }),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { by }) => (event.locked ? `${by} locked the call` : `${by} unlocked the call`),
  },
  lobby_changed: {
    evolve: (state, event) => withSettings(state, { lobby: event.enabled }),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { by }) => (event.enabled ? `${by} turned the lobby on` : `${by} turned the lobby off`),
  },
  call_suspended: {
    evolve: (state, event) => ({
      ...withSettings(setFlag(state, event.silenced, 'silenced', true), { locked: true, lobby: true, chatEnabled: false }),
      suspended: {
        prevLocked: event.prevLocked,
        prevLobby: event.prevLobby,
        prevChatEnabled: event.prevChatEnabled,
        silencedBySuspend: event.silenced,
      },
    }),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} suspended the call: audience silenced, chat off, call locked`,
  },
  call_restored: {
    evolve: (state, event) => ({
      ...withSettings(setFlag(state, event.unsilenced, 'silenced', false), {
        locked: event.locked,
        lobby: event.lobby,
        chatEnabled: event.chatEnabled,
      }),
      suspended: null,
    }),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} restored the call`,
  },
  call_ended: {
    evolve: (state) => ({ ...state, status: 'ended', floor: null }),
    // Every socket closed with call_ended (4008) and the LiveKit room deleted.
    effects: () => [{ kind: 'end_call' }],
    redact: toEveryone,
    describe: (_event, { by }) => `${by} ended the call`,
  },
  format_changed: {
    evolve: (state, event) => withSettings(state, { format: event.format }),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { by }) =>
      event.format === 'conversation'
        ? `${by} switched to conversation: everyone may turn their camera on`
        : `${by} switched to stage: only the stage is on camera`,
  },
  doors_opened: {
    evolve: (state) => withSettings(state, { doorsOpen: true }),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} opened the doors`,
  },
} satisfies EventSpecs<RoomEvent>;

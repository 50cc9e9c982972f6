// The chat: how each event changes the state, who sees it, and how it reads.
import type { FamilyEventType } from '../../protocol/events';
import type { CHAT_EVENTS } from '../../protocol/families/chat';
import type { EventSpecs } from '../event-spec';
import { countPace } from '../pace';
import { noEffects, toEveryone } from '../redaction';
import { CHAT_HISTORY_LIMIT } from '../state';
import { list, updateMember, withSettings } from '../state-updates';

type ChatEvent = FamilyEventType<typeof CHAT_EVENTS>;

export const CHAT_SPECS = {
  chat_sent: {
    evolve: (state, event) => {
      if (event.by === 'system') return state;
      const message = { id: event.id, from: event.by, text: event.text, at: event.at };
      const s = list({ ...state, chat: [...state.chat, message].slice(-CHAT_HISTORY_LIMIT) }, event.by);
      return countPace(countPace(s, event.by, 'chat', event.at), event.by, 'posted', event.at);
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} wrote in the chat`,
  },
  chat_deleted: {
    evolve: (state, event) => ({ ...state, chat: state.chat.filter((m) => m.id !== event.messageId) }),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} deleted a chat message`,
  },
  chat_muted: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, chatMuted: true })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} muted ${who} in the chat`,
  },
  chat_unmuted: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, chatMuted: false })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} let ${who} write in the chat again`,
  },
  chat_changed: {
    evolve: (state, event) => withSettings(state, { chatEnabled: event.enabled }),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { by }) => (event.enabled ? `${by} turned the chat on` : `${by} turned the chat off`),
  },
} satisfies EventSpecs<ChatEvent>;

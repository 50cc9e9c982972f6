// Captions: how each event changes the state, who sees it, and how it reads.
import type { FamilyEventType } from '../../protocol/events';
import type { CAPTION_EVENTS } from '../../protocol/families/captions';
import type { EventSpecs } from '../event-spec';
import { noEffects, toEveryone } from '../redaction';
import { CAPTION_HISTORY_LIMIT, type CallState } from '../state';
import { updateMember } from '../state-updates';

type CaptionEvent = FamilyEventType<typeof CAPTION_EVENTS>;

/** A revised line replaces its guess in place; a new line goes at the end; the last few are kept. */
function withCaption(state: CallState, line: CallState['captions'][number]): CallState {
  const at = state.captions.findIndex((l) => l.id === line.id);
  const captions = at >= 0 ? state.captions.map((l, i) => (i === at ? line : l)) : [...state.captions, line].slice(-CAPTION_HISTORY_LIMIT);
  return { ...state, captions };
}

export const CAPTION_SPECS = {
  captioner_appointed: {
    // A captioner's lines carry their name: they go on the public record.
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, captioner: true, listed: true })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} made ${who} the captioner`,
  },
  captioner_dismissed: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, captioner: false })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who, by }) => `${by} stopped ${who} captioning`,
  },
  caption_added: {
    evolve: (state, event) =>
      event.by === 'system' ? state : withCaption(state, { id: event.id, by: event.by, speaker: event.speaker, text: event.text, at: event.at, final: event.final }),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { by }) => `${by} captioned: ${event.text}`,
  },
} satisfies EventSpecs<CaptionEvent>;

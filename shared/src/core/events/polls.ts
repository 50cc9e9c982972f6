// Quick polls: how each event changes the state, who sees it, and how it reads. An answer is seen
// only by the person who gave it (not even by hosts): the counts come at the close.
import type { FamilyEventType } from '../../protocol/events';
import type { POLL_EVENTS } from '../../protocol/families/polls';
import { appendCapped, updatePoll } from '../ballots';
import type { EventSpecs } from '../event-spec';
import { noEffects, toEveryone } from '../redaction';
import { POLL_HISTORY_LIMIT } from '../state';

type PollEvent = FamilyEventType<typeof POLL_EVENTS>;

export const POLL_SPECS = {
  poll_opened: {
    evolve: (state, e) => ({
      ...state,
      polls: appendCapped(
        state.polls,
        { id: e.pollId, question: e.question, options: e.options, live: e.live, status: 'open', openedAt: e.at, answers: {}, result: null, pinned: false },
        POLL_HISTORY_LIMIT,
        (p) => p.status !== 'open',
      ),
    }),
    effects: noEffects,
    redact: toEveryone,
    describe: (e, { by }) => `${by} opened a poll: ${e.question}`,
  },
  poll_answered: {
    evolve: (state, e) => updatePoll(state, e.pollId, (p) => ({ ...p, answers: { ...p.answers, [e.participant]: e.option } })),
    effects: noEffects,
    redact: (e, viewer) => (viewer.identity === e.participant ? e : null),
    describe: (_e, { who }) => `${who} answered a poll`,
  },
  poll_closed: {
    // The result goes on stage in place of any earlier one.
    evolve: (state, e) => ({
      ...state,
      polls: state.polls.map((p) =>
        p.id === e.pollId ? { ...p, status: 'closed', result: { counts: e.counts, answered: e.answered }, pinned: true } : p.pinned ? { ...p, pinned: false } : p,
      ),
    }),
    effects: noEffects,
    redact: toEveryone,
    describe: (e, { by }) => `${by} closed a poll (${e.answered} answered: ${e.counts.join(' / ')})`,
  },
  poll_unpinned: {
    evolve: (state, e) => updatePoll(state, e.pollId, (p) => ({ ...p, pinned: false })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_e, { by }) => `${by} took a poll result off the stage`,
  },
} satisfies EventSpecs<PollEvent>;

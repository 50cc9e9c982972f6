// Votes: how each event changes the state, who sees it, and how it reads. Until the close nobody
// sees a choice but the voter their own (named ballots), and nobody at all sees a secret vote's
// aggregate (`tally` exists only in the stored log and the server's state).
import type { FamilyEventType } from '../../protocol/events';
import type { VOTE_EVENTS } from '../../protocol/families/votes';
import { addTallies, appendCapped, updateVote } from '../ballots';
import type { EventSpecs } from '../event-spec';
import { isStaff } from '../permissions';
import { noEffects, toEveryone } from '../redaction';
import { POLL_HISTORY_LIMIT } from '../state';

type VoteEvent = FamilyEventType<typeof VOTE_EVENTS>;

export const VOTE_SPECS = {
  vote_opened: {
    evolve: (state, e) => ({
      ...state,
      votes: appendCapped(
        state.votes,
        {
          id: e.voteId,
          title: e.title,
          kind: e.kind,
          options: e.options,
          maxChoices: e.maxChoices,
          roll: e.roll,
          secret: e.secret,
          threshold: e.threshold,
          quorum: e.quorum,
          status: 'open',
          openedAt: e.at,
          entries: e.entries,
          voted: {},
          choices: {},
          sealed: null,
          result: null,
          named: null,
        },
        POLL_HISTORY_LIMIT,
        (v) => v.status !== 'open',
      ),
    }),
    effects: noEffects,
    redact: (e, viewer) => (isStaff(viewer.role) ? e : { ...e, entries: null }),
    describe: (e, { by }) => `${by} opened a ${e.secret ? 'secret' : 'named'} vote: ${e.title}`,
  },
  ballot_cast: {
    evolve: (state, e) =>
      updateVote(state, e.voteId, (v) => ({
        ...v,
        voted: { ...v.voted, [e.key]: e.participant },
        ...(e.choices ? { choices: { ...v.choices, [e.participant]: e.choices } } : {}),
      })),
    effects: noEffects,
    // A named ballot: the mark to staff and to the voter, its choices to the voter only.
    redact: (e, viewer) => {
      if (viewer.identity === e.participant) return e;
      if (!isStaff(viewer.role)) return null;
      const { choices: _choices, ...mark } = e;
      return mark;
    },
    describe: (_e, { who }) => `${who} voted`,
  },
  ballots_sealed: {
    // One copy of the marks per batch (not per ballot): 5,000 ballots cost 100 copies, not 5,000.
    evolve: (state, e) =>
      updateVote(state, e.voteId, (v) => {
        const voted = { ...v.voted };
        for (const m of e.marks) voted[m.key] = m.participant;
        return { ...v, voted, ...(e.tally ? { sealed: addTallies(v.sealed ?? v.options.map(() => 0), e.tally) } : {}) };
      }),
    effects: noEffects,
    // The aggregate never leaves the server before the close, for any role. Staff get the marks;
    // a voter of the batch their own mark; everyone else nothing.
    redact: (e, viewer) => {
      const { tally: _tally, ...sealed } = e;
      if (isStaff(viewer.role)) return sealed;
      const own = e.marks.filter((m) => m.participant === viewer.identity);
      return own.length ? { ...sealed, marks: own } : null;
    },
    describe: (e) => `${e.ballots} secret ballots sealed`,
  },
  vote_closed: {
    evolve: (state, e) => updateVote(state, e.voteId, (v) => ({ ...v, status: 'closed', result: e.result, named: e.named })),
    effects: noEffects,
    redact: toEveryone,
    describe: (e, { by }) => `${by} closed a vote: ${e.result.outcome.replace('_', ' ')} (${e.result.ballots} ballots, ${e.result.tally.join(' / ')})`,
  },
  vote_cancelled: {
    evolve: (state, e) => updateVote(state, e.voteId, (v) => ({ ...v, status: 'cancelled' })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_e, { by }) => `${by} cancelled a vote`,
  },
} satisfies EventSpecs<VoteEvent>;

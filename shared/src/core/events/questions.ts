// Questions: how each event changes the state, who sees it, and how it reads. An anonymous
// question's asker is known to hosts and moderators only; an upvote reaches the upvoter and staff.
import type { FamilyEventType } from '../../protocol/events';
import type { QUESTION_EVENTS } from '../../protocol/families/questions';
import { appendCapped, updateQuestion } from '../ballots';
import type { EventSpecs } from '../event-spec';
import { isStaff } from '../permissions';
import { noEffects, toEveryone } from '../redaction';
import { QUESTION_HISTORY_LIMIT } from '../state';

type QuestionEvent = FamilyEventType<typeof QUESTION_EVENTS>;

export const QUESTION_SPECS = {
  question_asked: {
    evolve: (state, e) => ({
      ...state,
      questions: appendCapped(
        state.questions,
        { id: e.questionId, text: e.text, anonymous: e.anonymous, asker: e.asker, askerName: e.askerName, at: e.at, upvoters: {}, hidden: false, pinned: false, answered: false },
        QUESTION_HISTORY_LIMIT,
        (q) => q.answered || q.hidden,
      ),
    }),
    effects: noEffects,
    // `by` names the asker too: the audience's copy of an anonymous question is posted by Caucus.
    redact: (e, viewer) => (e.anonymous && !isStaff(viewer.role) ? { ...e, by: 'system', asker: null, askerName: null } : e),
    describe: (e, { by }) => (e.anonymous ? 'Someone asked a question' : `${by} asked a question`),
  },
  question_upvoted: {
    evolve: (state, e) => updateQuestion(state, e.questionId, (q) => ({ ...q, upvoters: { ...q.upvoters, [e.participant]: true } })),
    effects: noEffects,
    redact: (e, viewer) => (isStaff(viewer.role) || viewer.identity === e.participant ? e : null),
    describe: (_e, { who }) => `${who} upvoted a question`,
  },
  question_hidden: {
    evolve: (state, e) => updateQuestion(state, e.questionId, (q) => ({ ...q, hidden: e.hidden })),
    effects: noEffects,
    redact: toEveryone,
    describe: (e, { by }) => `${by} ${e.hidden ? 'hid' : 'showed'} a question`,
  },
  question_pinned: {
    evolve: (state, e) => updateQuestion(state, e.questionId, (q) => ({ ...q, pinned: e.pinned })),
    effects: noEffects,
    redact: toEveryone,
    describe: (e, { by }) => `${by} ${e.pinned ? 'pinned' : 'unpinned'} a question`,
  },
  question_answered: {
    evolve: (state, e) => updateQuestion(state, e.questionId, (q) => ({ ...q, answered: true, pinned: false })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_e, { by }) => `${by} marked a question answered`,
  },
} satisfies EventSpecs<QuestionEvent>;

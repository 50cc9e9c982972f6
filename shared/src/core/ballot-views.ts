// What each viewer may see of polls, votes and questions (visibility.ts applies it to whole
// states). Nobody sees another person's poll answer or named-ballot choice before the close, and
// nobody, hosts included, sees a secret vote's running aggregate (`sealed`): the close publishes
// the result. Staff see the roll and who has voted; everyone else their own mark only, and an
// anonymous question's asker is for staff only. Built in two steps so a server can share the
// first among all viewers of a kind: the view without anything personal, then the viewer's own.
import type { Identity } from '../protocol/primitives';
import { rollPlaceOf } from './ballots';
import type { Viewer } from './event-spec';
import { isStaff } from './permissions';
import type { CallState, Poll, Question, Vote } from './state';

export type BallotLists = Pick<CallState, 'polls' | 'votes' | 'questions'>;

/** The lists as every viewer of this kind (staff or not) sees them, before their own entries. */
export function sharedBallotView(state: BallotLists, staff: boolean): BallotLists {
  return {
    polls: state.polls.map((p): Poll => ({ ...p, answers: {} })),
    votes: state.votes.map((v): Vote => ({ ...v, choices: {}, sealed: null, ...(staff ? {} : { entries: null, voted: {} }) })),
    questions: staff
      ? state.questions
      : state.questions.map((q): Question => ({ ...q, upvoters: {}, ...(q.anonymous ? { asker: null, askerName: null } : {}) })),
  };
}

/** A shared view plus this viewer's own answers, marks, choices and upvotes (O(lists)). */
export function withOwnBallots(view: BallotLists, state: CallState, identity: Identity): BallotLists {
  const me = state.members.get(identity);
  return {
    polls: view.polls.map((p, i) => {
      const mine = state.polls[i]?.answers[identity];
      return mine === undefined ? p : { ...p, answers: { [identity]: mine } };
    }),
    votes: view.votes.map((v, i) => {
      const full = state.votes[i]!;
      const choices = full.choices[identity];
      const place = me ? rollPlaceOf(full, me) : null;
      const marked = place && full.voted[place.key] === identity;
      if (!choices && (!marked || v.voted[place.key] === identity)) return v;
      return {
        ...v,
        ...(choices ? { choices: { [identity]: choices } } : {}),
        ...(marked ? { voted: { ...v.voted, [place.key]: identity } } : {}),
      };
    }),
    questions: view.questions.map((q, i) => (state.questions[i]?.upvoters[identity] && !q.upvoters[identity] ? { ...q, upvoters: { ...q.upvoters, [identity]: true } } : q)),
  };
}

export function ballotViewFor(state: CallState, viewer: Viewer): BallotLists {
  return withOwnBallots(sharedBallotView(state, isStaff(viewer.role)), state, viewer.identity);
}

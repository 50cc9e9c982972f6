// Questions for the speakers: asked, upvoted once per person, moderated, and their askers invited
// to speak (a raised hand, or the floor at once).
import type { FamilyCommandType } from '../../protocol/commands';
import type { QUESTION_COMMANDS } from '../../protocol/families/questions';
import { findQuestion } from '../ballots';
import { accept, refuse, unchanged } from '../decision';
import { presentMember, queuePosition } from '../queries';
import { insertionIndex } from '../queue-order';
import type { Question } from '../state';
import type { Handler, Handlers } from './common';
import { grant } from './floor';

/** Questions one person may have waiting (not answered, not hidden): a troll cannot flood the list. */
export const OPEN_QUESTIONS_PER_PERSON = 5;

const waiting = (q: Question) => !q.answered && !q.hidden;

export const askQuestion: Handler<'ask_question'> = (state, cmd, actor, ctx) => {
  const mine = state.questions.filter((q) => q.asker === actor.identity && waiting(q)).length;
  if (mine >= OPEN_QUESTIONS_PER_PERSON) return refuse('rate_limited', `at most ${OPEN_QUESTIONS_PER_PERSON} questions waiting per person`);
  return accept(ctx, {
    type: 'question_asked',
    questionId: ctx.id,
    text: cmd.text,
    anonymous: cmd.anonymous,
    asker: actor.identity,
    askerName: actor.name,
  });
};

export const upvoteQuestion: Handler<'upvote_question'> = (state, cmd, actor, ctx) => {
  const q = findQuestion(state, cmd.questionId);
  if (!q || q.hidden) return refuse('not_found', 'no such question');
  if (q.upvoters[actor.identity]) return refuse('already_voted', 'you upvoted this question already');
  return accept(ctx, { type: 'question_upvoted', questionId: q.id, participant: actor.identity });
};

export const hideQuestion: Handler<'hide_question'> = (state, cmd, _actor, ctx) => {
  const q = findQuestion(state, cmd.questionId);
  if (!q) return refuse('not_found', 'no such question');
  return q.hidden === cmd.hidden ? unchanged : accept(ctx, { type: 'question_hidden', questionId: q.id, hidden: cmd.hidden });
};

export const pinQuestion: Handler<'pin_question'> = (state, cmd, _actor, ctx) => {
  const q = findQuestion(state, cmd.questionId);
  if (!q) return refuse('not_found', 'no such question');
  return q.pinned === cmd.pinned ? unchanged : accept(ctx, { type: 'question_pinned', questionId: q.id, pinned: cmd.pinned });
};

export const markAnswered: Handler<'mark_answered'> = (state, cmd, _actor, ctx) => {
  const q = findQuestion(state, cmd.questionId);
  if (!q) return refuse('not_found', 'no such question');
  return q.answered ? unchanged : accept(ctx, { type: 'question_answered', questionId: q.id });
};

/** Into the queue (the speak lane, where the policy puts them) or straight onto the floor. */
export const inviteAsker: Handler<'invite_asker'> = (state, cmd, _actor, ctx) => {
  const q = findQuestion(state, cmd.questionId);
  if (!q || q.asker === null) return refuse('not_found', 'no such question');
  const asker = presentMember(state, q.asker);
  if (!asker) return refuse('not_found', 'the asker is no longer in the call');
  if (cmd.to === 'floor') return grant(state, asker.identity, ctx);
  if (asker.role === 'speaker' || state.floor?.identity === asker.identity) return refuse('on_stage', 'the asker is on stage already');
  if (asker.silenced) return refuse('silenced', 'the asker is silenced; unsilence them first');
  if (queuePosition(state, asker.identity) !== null) return refuse('already_in_queue', 'the asker is in the queue already');
  const position = insertionIndex(state, { identity: asker.identity, lane: 'speak' });
  return accept(ctx, { type: 'hand_raised', participant: asker.identity, lane: 'speak', position });
};

export const QUESTION_HANDLERS = {
  ask_question: askQuestion,
  upvote_question: upvoteQuestion,
  hide_question: hideQuestion,
  pin_question: pinQuestion,
  mark_answered: markAnswered,
  invite_asker: inviteAsker,
} satisfies Handlers<FamilyCommandType<typeof QUESTION_COMMANDS>>;

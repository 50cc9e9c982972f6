// Quick polls: one open at a time; answers may change until the close.
import type { FamilyCommandType } from '../../protocol/commands';
import { YES_NO_ABSTAIN, type POLL_COMMANDS } from '../../protocol/families/polls';
import { findPoll } from '../ballots';
import { accept, refuse, unchanged } from '../decision';
import type { Handler, Handlers } from './common';

export const openPoll: Handler<'open_poll'> = (state, cmd, _actor, ctx) => {
  if (state.polls.some((p) => p.status === 'open')) return refuse('invalid', 'close the open poll first');
  const options = cmd.options ?? [...YES_NO_ABSTAIN];
  return accept(ctx, { type: 'poll_opened', pollId: ctx.id, question: cmd.question, options, live: cmd.live });
};

export const answerPoll: Handler<'answer_poll'> = (state, cmd, actor, ctx) => {
  const poll = findPoll(state, cmd.pollId);
  if (!poll || poll.status !== 'open') return refuse('not_open', 'that poll is not open');
  if (cmd.option >= poll.options.length) return refuse('invalid', 'no such option');
  if (poll.answers[actor.identity] === cmd.option) return unchanged;
  return accept(ctx, { type: 'poll_answered', pollId: poll.id, participant: actor.identity, option: cmd.option });
};

export const closePoll: Handler<'close_poll'> = (state, cmd, _actor, ctx) => {
  const poll = findPoll(state, cmd.pollId);
  if (!poll || poll.status !== 'open') return refuse('not_open', 'that poll is not open');
  const counts = poll.options.map(() => 0);
  let answered = 0;
  for (const option of Object.values(poll.answers)) {
    counts[option]! += 1;
    answered += 1;
  }
  return accept(ctx, { type: 'poll_closed', pollId: poll.id, counts, answered });
};

export const unpinPoll: Handler<'unpin_poll'> = (state, cmd, _actor, ctx) => {
  const poll = findPoll(state, cmd.pollId);
  if (!poll) return refuse('not_found', 'no such poll');
  return poll.pinned ? accept(ctx, { type: 'poll_unpinned', pollId: poll.id }) : unchanged;
};

export const POLL_HANDLERS = {
  open_poll: openPoll,
  answer_poll: answerPoll,
  close_poll: closePoll,
  unpin_poll: unpinPoll,
} satisfies Handlers<FamilyCommandType<typeof POLL_COMMANDS>>;

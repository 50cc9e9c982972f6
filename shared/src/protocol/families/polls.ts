// Quick polls: a moderator asks, everyone present answers once and may change the answer until
// the poll closes. Answers are anonymous: each one is seen only by the person who gave it; the
// counts go out throttled (`tallies` frames) while a live poll runs, and in `poll_closed` for all.
import { z } from 'zod';
import { command, event, participant } from '../define';

export const POLL_MAX_OPTIONS = 10;
export const pollIdSchema = z.string().min(1).max(64);
const optionTextSchema = z.string().trim().min(1).max(100);
export const pollQuestionSchema = z.string().trim().min(1).max(300);
/** Without options: yes / no / abstain. */
export const YES_NO_ABSTAIN = ['Yes', 'No', 'Abstain'] as const;

export const openPollSchema = command('open_poll', {
  question: pollQuestionSchema,
  options: z.array(optionTextSchema).min(2).max(POLL_MAX_OPTIONS).optional(),
  /** Counts shown to everyone while the poll runs; otherwise only at the close. */
  live: z.boolean().default(false),
});
export const answerPollSchema = command('answer_poll', { pollId: pollIdSchema, option: z.number().int().min(0).max(POLL_MAX_OPTIONS - 1) });
export const closePollSchema = command('close_poll', { pollId: pollIdSchema });
/** Takes a closed poll's result off the stage. */
export const unpinPollSchema = command('unpin_poll', { pollId: pollIdSchema });

export const pollOpenedSchema = event('poll_opened', {
  pollId: pollIdSchema,
  question: z.string(),
  options: z.array(z.string()).min(2).max(POLL_MAX_OPTIONS),
  live: z.boolean(),
});
/** To the person who answered only. */
export const pollAnsweredSchema = event('poll_answered', { pollId: pollIdSchema, ...participant, option: z.number().int().min(0) });
/** The counts per option and how many answered; the result is pinned on stage. */
export const pollClosedSchema = event('poll_closed', {
  pollId: pollIdSchema,
  counts: z.array(z.number().int().min(0)),
  answered: z.number().int().min(0),
});
export const pollUnpinnedSchema = event('poll_unpinned', { pollId: pollIdSchema });

export const POLL_COMMANDS = [openPollSchema, answerPollSchema, closePollSchema, unpinPollSchema] as const;
export const POLL_EVENTS = [pollOpenedSchema, pollAnsweredSchema, pollClosedSchema, pollUnpinnedSchema] as const;

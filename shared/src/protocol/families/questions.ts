// Questions for the speakers: anyone submits (optionally without their name shown to the
// audience), everyone upvotes once, moderators hide, pin, mark answered or invite the asker to
// speak. Upvotes reach only the upvoter and staff; the counts go out throttled (`tallies`).
import { z } from 'zod';
import { command, event, participant } from '../define';
import { identitySchema } from '../primitives';

export const QUESTION_MAX_CHARS = 500;
export const questionIdSchema = z.string().min(1).max(64);

export const askQuestionSchema = command('ask_question', {
  text: z.string().trim().min(1).max(QUESTION_MAX_CHARS),
  /** Name hidden from everyone but hosts and moderators. */
  anonymous: z.boolean().default(false),
});
export const upvoteQuestionSchema = command('upvote_question', { questionId: questionIdSchema });
export const hideQuestionSchema = command('hide_question', { questionId: questionIdSchema, hidden: z.boolean() });
export const pinQuestionSchema = command('pin_question', { questionId: questionIdSchema, pinned: z.boolean() });
export const answerQuestionSchema = command('mark_answered', { questionId: questionIdSchema });
/** The asker into the queue (a raised hand) or onto the floor at once. */
export const inviteAskerSchema = command('invite_asker', { questionId: questionIdSchema, to: z.enum(['queue', 'floor']) });

export const questionAskedSchema = event('question_asked', {
  questionId: questionIdSchema,
  text: z.string(),
  anonymous: z.boolean(),
  /** null in the audience's copy of an anonymous question. */
  asker: identitySchema.nullable(),
  askerName: z.string().nullable(),
});
/** To the upvoter and staff only. */
export const questionUpvotedSchema = event('question_upvoted', { questionId: questionIdSchema, ...participant });
export const questionHiddenSchema = event('question_hidden', { questionId: questionIdSchema, hidden: z.boolean() });
export const questionPinnedSchema = event('question_pinned', { questionId: questionIdSchema, pinned: z.boolean() });
export const questionAnsweredSchema = event('question_answered', { questionId: questionIdSchema });

export const QUESTION_COMMANDS = [askQuestionSchema, upvoteQuestionSchema, hideQuestionSchema, pinQuestionSchema, answerQuestionSchema, inviteAskerSchema] as const;
export const QUESTION_EVENTS = [questionAskedSchema, questionUpvotedSchema, questionHiddenSchema, questionPinnedSchema, questionAnsweredSchema] as const;

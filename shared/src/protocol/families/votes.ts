// Votes: a roll chosen per vote, named or secret ballots, thresholds and an optional quorum, one
// ballot per voter, results sealed until the close. A secret ballot's choice never enters an event
// on its own: the server's ballot box keeps only an aggregate and seals ballots in batches
// (`seal_ballots`, a system command), see docs/SECURITY.md "Secret ballots".
import { z } from 'zod';
import { command, event, participant } from '../define';
import { identitySchema } from '../primitives';
import { rollKindSchema, rollSchema, thresholdSchema, voteKindSchema, voteResultSchema, namedBallotSchema } from '../ballots';

export * from '../ballots';

export const VOTE_MAX_CANDIDATES = 50;
export const voteIdSchema = z.string().min(1).max(64);
export const YES_NO_OPTIONS = ['Yes', 'No', 'Abstain'] as const;

export const openVoteSchema = command('open_vote', {
  title: z.string().trim().min(1).max(300),
  kind: voteKindSchema,
  candidates: z.array(z.string().trim().min(1).max(100)).min(2).max(VOTE_MAX_CANDIDATES).optional(),
  maxChoices: z.number().int().min(1).max(VOTE_MAX_CANDIDATES).default(1),
  roll: rollKindSchema,
  secret: z.boolean(),
  threshold: thresholdSchema,
  /** Share of the roll's weight (percent) that must cast a ballot, abstentions included; 0 = none. */
  quorum: z.number().int().min(0).max(100).default(0),
});
/** yes_no: [0] yes, [1] no, [2] abstain. candidates: up to maxChoices distinct indices ([] abstains). */
export const castBallotSchema = command('cast_ballot', {
  voteId: voteIdSchema,
  choices: z.array(z.number().int().min(0).max(VOTE_MAX_CANDIDATES - 1)).max(VOTE_MAX_CANDIDATES),
});
export const closeVoteSchema = command('close_vote', { voteId: voteIdSchema });
export const cancelVoteSchema = command('cancel_vote', { voteId: voteIdSchema });

export const voteOpenedSchema = event('vote_opened', {
  voteId: voteIdSchema,
  title: z.string(),
  kind: voteKindSchema,
  options: z.array(z.string()).min(2),
  maxChoices: z.number().int().min(1),
  roll: rollKindSchema,
  secret: z.boolean(),
  threshold: thresholdSchema,
  quorum: z.number().int().min(0).max(100),
  /** Who is on the roll at the opening; null in every copy but the staff's. */
  entries: rollSchema.nullable(),
});
/**
 * The roll mark of a named ballot: this person has voted (for their organization: `key`), with
 * the choices, seen by the voter only until the close.
 */
export const ballotCastSchema = event('ballot_cast', {
  voteId: voteIdSchema,
  ...participant,
  key: z.string(),
  choices: z.array(z.number().int().min(0)).optional(),
});
/**
 * A batch of secret ballots out of the server's ballot box: the roll marks of its voters, sorted
 * by identity (never in the order they voted), how many, and (in the stored log only) their
 * aggregate tally. Staff get the marks; each voter of the batch gets their own mark only.
 */
export const ballotsSealedSchema = event('ballots_sealed', {
  voteId: voteIdSchema,
  marks: z.array(z.object({ participant: identitySchema, key: z.string() })),
  ballots: z.number().int().min(1),
  tally: z.array(z.number().int().min(0)).optional(),
});
export const voteClosedSchema = event('vote_closed', {
  voteId: voteIdSchema,
  result: voteResultSchema,
  /** A named vote's ballots, published at the close; null for a secret one. */
  named: z.array(namedBallotSchema).nullable(),
});
export const voteCancelledSchema = event('vote_cancelled', { voteId: voteIdSchema });

export const VOTE_COMMANDS = [openVoteSchema, castBallotSchema, closeVoteSchema, cancelVoteSchema] as const;
export const VOTE_EVENTS = [voteOpenedSchema, ballotCastSchema, ballotsSealedSchema, voteClosedSchema, voteCancelledSchema] as const;

// The vocabulary of votes that the state's records use too (kept apart from families/votes.ts,
// which builds on define.ts, so state.ts can import it without a cycle).
import { z } from 'zod';
import { identitySchema } from './primitives';

/** yes_no: options are yes / no / abstain, one choice. candidates: choose up to maxChoices. */
export const voteKindSchema = z.enum(['yes_no', 'candidates']);
export type VoteKind = z.infer<typeof voteKindSchema>;
/**
 * Who may vote. present: everyone present while the vote is open. registered: the registered
 * members (came through their personal link) present while it is open. delegates: one ballot per
 * member organization, at its weight, cast by whichever of its registered members votes first.
 */
export const rollKindSchema = z.enum(['present', 'registered', 'delegates']);
export type RollKind = z.infer<typeof rollKindSchema>;
/** majority_cast: yes > no (abstentions aside); two_thirds: yes >= 2/3 of yes + no; majority_roll: yes > half the roll. */
export const thresholdSchema = z.enum(['majority_cast', 'two_thirds', 'majority_roll']);
export type Threshold = z.infer<typeof thresholdSchema>;
/** Roll entries: a voter's identity (or an organization id for delegates) and its weight. */
export const rollSchema = z.record(z.string(), z.number().int().min(1));

export const voteResultSchema = z.object({
  /** Weight per option. */
  tally: z.array(z.number().int().min(0)),
  ballots: z.number().int().min(0),
  weightCast: z.number().int().min(0),
  rollSize: z.number().int().min(0),
  rollWeight: z.number().int().min(0),
  quorumMet: z.boolean(),
  outcome: z.enum(['adopted', 'rejected', 'no_quorum', 'elected', 'none_elected']),
  /** Candidates elected (indices), best first. */
  elected: z.array(z.number().int().min(0)),
});
export type VoteResult = z.infer<typeof voteResultSchema>;
export const namedBallotSchema = z.object({ identity: identitySchema, name: z.string(), choices: z.array(z.number().int().min(0)) });

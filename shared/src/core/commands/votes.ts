// Votes. A named ballot is an event (its choices seen by the voter only until the close). A secret
// ballot never is: the server's ballot box checks it with checkSecretBallot, keeps only an
// aggregate, and hands batches to seal_ballots (voters sorted, their tally summed).
import type { FamilyCommandType } from '../../protocol/commands';
import { YES_NO_OPTIONS, type VOTE_COMMANDS } from '../../protocol/families/votes';
import type { Identity } from '../../protocol/primitives';
import type { SystemCommand } from '../../protocol/system-commands';
import { addTallies, ballotProblem, ballotTally, findVote, rollPlaceOf, rollAtOpening, voteResult, weightCast, type RollPlace } from '../ballots';
import { accept, refuse, type Ctx, type Decision } from '../decision';
import type { CallState, Member, Vote } from '../state';
import type { Handler, Handlers } from './common';

export const openVote: Handler<'open_vote'> = (state, cmd, _actor, ctx) => {
  if (cmd.kind === 'candidates' && !cmd.candidates) return refuse('invalid', 'a candidate vote needs candidates');
  if (cmd.kind === 'yes_no' && cmd.candidates) return refuse('invalid', 'a yes/no vote has no candidates');
  const options = cmd.kind === 'yes_no' ? [...YES_NO_OPTIONS] : cmd.candidates!;
  const maxChoices = cmd.kind === 'yes_no' ? 1 : Math.min(cmd.maxChoices, options.length);
  if (state.votes.filter((v) => v.status === 'open').length >= 3) return refuse('invalid', 'at most three votes may be open at once');
  return accept(ctx, {
    type: 'vote_opened',
    voteId: ctx.id,
    title: cmd.title,
    kind: cmd.kind,
    options,
    maxChoices,
    roll: cmd.roll,
    secret: cmd.secret,
    threshold: cmd.threshold,
    quorum: cmd.quorum,
    entries: rollAtOpening(state, cmd.roll),
  });
};

/** The voter's place on the roll of an open vote, or why they may not cast this ballot. */
function mayCast(state: CallState, voteId: string, voter: Member, choices: readonly number[]): { vote: Vote; place: RollPlace } | Decision {
  const vote = findVote(state, voteId);
  if (!vote || vote.status !== 'open') return refuse('not_open', 'that vote is not open');
  const place = rollPlaceOf(vote, voter);
  if (!place || !(place.key in (vote.entries ?? {}))) return refuse('not_on_roll', 'you are not on the roll of this vote');
  if (place.key in vote.voted) return refuse('already_voted', vote.roll === 'delegates' ? 'your organization has voted' : 'you have voted');
  const problem = ballotProblem(vote, choices);
  if (problem) return refuse('invalid', problem);
  return { vote, place };
}

/**
 * The ballot box's check of a secret ballot before it takes it: the same rules as a named one
 * (open, on the roll, not voted yet, well formed). Returns the ballot's weighted tally.
 */
export function checkSecretBallot(state: CallState, voteId: string, voter: Identity, choices: readonly number[]): { key: string; tally: number[] } | Decision {
  const m = state.members.get(voter);
  if (!m || m.status !== 'present') return refuse('not_a_member', 'you are not in this call');
  const ok = mayCast(state, voteId, m, choices);
  if ('ok' in ok) return ok;
  if (!ok.vote.secret) return refuse('invalid', 'this vote is not secret');
  return { key: ok.place.key, tally: ballotTally(ok.vote.options.length, choices, ok.place.weight) };
}

export const castBallot: Handler<'cast_ballot'> = (state, cmd, actor, ctx) => {
  const ok = mayCast(state, cmd.voteId, actor, cmd.choices);
  if ('ok' in ok) return ok;
  // Never as an event: the server's ballot box takes secret ballots before decide sees them.
  if (ok.vote.secret) return refuse('invalid', 'a secret ballot goes into the ballot box');
  return accept(ctx, { type: 'ballot_cast', voteId: ok.vote.id, participant: actor.identity, key: ok.place.key, choices: [...cmd.choices] });
};

/** A batch out of the ballot box: one event, the marks of its voters in identity order and its aggregate. */
export function sealBallots(state: CallState, cmd: Extract<SystemCommand, { type: 'seal_ballots' }>, ctx: Ctx): Decision {
  const vote = findVote(state, cmd.voteId);
  if (!vote || vote.status !== 'open') return refuse('not_open', 'that vote is not open');
  if (!vote.secret) return refuse('invalid', 'this vote is not secret');
  if (cmd.tally.length !== vote.options.length) return refuse('invalid', 'the tally does not fit the options');
  const keys = new Set<string>();
  let weight = 0;
  for (const [i, voter] of cmd.voters.entries()) {
    if (i > 0 && !(cmd.voters[i - 1]! < voter)) return refuse('invalid', 'voters must come sorted, each once');
    const m = state.members.get(voter);
    const place = m ? rollPlaceOf(vote, m) : null;
    if (!place || !(place.key in (vote.entries ?? {}))) return refuse('not_on_roll', `${voter} is not on the roll`);
    if (place.key in vote.voted || keys.has(place.key)) return refuse('already_voted', `${voter} has voted`);
    keys.add(place.key);
    weight += place.weight;
  }
  // A yes/no ballot puts its whole weight on one option; a candidate ballot at most its weight on each.
  const total = cmd.tally.reduce((a, b) => a + b, 0);
  if (vote.kind === 'yes_no' ? total !== weight : cmd.tally.some((t) => t > weight)) return refuse('invalid', 'the tally does not fit the ballots');
  const marks = cmd.voters.map((voter) => ({ participant: voter, key: rollPlaceOf(vote, state.members.get(voter)!)!.key }));
  return accept(ctx, { type: 'ballots_sealed', voteId: vote.id, marks, ballots: marks.length, tally: [...cmd.tally] });
}

export const closeVote: Handler<'close_vote'> = (state, cmd, _actor, ctx) => {
  const vote = findVote(state, cmd.voteId);
  if (!vote || vote.status !== 'open') return refuse('not_open', 'that vote is not open');
  const ballots = Object.keys(vote.voted).length;
  let tally: number[];
  let named: { identity: string; name: string; choices: number[] }[] | null = null;
  if (vote.secret) {
    tally = vote.sealed ?? vote.options.map(() => 0);
  } else {
    tally = vote.options.map(() => 0);
    const entries = vote.entries ?? {};
    named = [];
    for (const [key, voter] of Object.entries(vote.voted)) {
      const choices = vote.choices[voter] ?? [];
      tally = addTallies(tally, ballotTally(vote.options.length, choices, entries[key] ?? 0));
      named.push({ identity: voter, name: state.members.get(voter)?.name ?? voter, choices });
    }
    named.sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
  }
  return accept(ctx, { type: 'vote_closed', voteId: vote.id, result: voteResult(vote, tally, ballots, weightCast(vote)), named });
};

export const cancelVote: Handler<'cancel_vote'> = (state, cmd, _actor, ctx) => {
  const vote = findVote(state, cmd.voteId);
  if (!vote || vote.status !== 'open') return refuse('not_open', 'that vote is not open');
  return accept(ctx, { type: 'vote_cancelled', voteId: vote.id });
};

export const VOTE_HANDLERS = {
  open_vote: openVote,
  cast_ballot: castBallot,
  close_vote: closeVote,
  cancel_vote: cancelVote,
} satisfies Handlers<FamilyCommandType<typeof VOTE_COMMANDS>>;

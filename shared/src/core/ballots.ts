// The arithmetic of votes, shared by decide (the close), the server's ballot box (checking a
// secret ballot before it goes in) and the tests: who is on a roll and with what weight, whether a
// ballot is well formed, and what a tally decides.
import type { Identity } from '../protocol/primitives';
import type { VoteResult } from '../protocol/ballots';
import type { CallState, Member, Poll, Question, Vote } from './state';

/** A voter's place on a roll: whose mark it is (an identity, or an organization for delegates) and its weight. */
export interface RollPlace {
  key: string;
  weight: number;
}

/**
 * Where this member stands on a vote's roll kind, whatever their status: everyone counts once;
 * a registered roll takes only registered members; a delegate roll takes members with a member
 * organization, one place per organization at its weight.
 */
export function rollPlaceOf(vote: Pick<Vote, 'roll'>, m: Member): RollPlace | null {
  switch (vote.roll) {
    case 'present':
      return { key: m.identity, weight: 1 };
    case 'registered':
      return m.registered ? { key: m.identity, weight: 1 } : null;
    case 'delegates':
      return m.org ? { key: `org:${m.org.id}`, weight: m.org.weight } : null;
  }
}

/** The roll at the opening: everyone eligible and present. */
export function rollAtOpening(state: CallState, roll: Vote['roll']): Record<string, number> {
  const entries: Record<string, number> = {};
  for (const m of state.members.values()) {
    if (m.status !== 'present') continue;
    const place = rollPlaceOf({ roll }, m);
    if (place && !(place.key in entries)) entries[place.key] = place.weight;
  }
  return entries;
}

/**
 * Someone arrived (or came back) while votes are open: they join the roll of each vote they are
 * eligible for. The roll is everyone eligible who was present at any moment while the vote was
 * open. Views without the roll (entries null) are left alone.
 */
export function enrollArrival(state: CallState, identity: Identity): CallState {
  if (!state.votes.some((v) => v.status === 'open' && v.entries !== null)) return state;
  const m = state.members.get(identity);
  if (!m || m.status !== 'present') return state;
  let changed = false;
  const votes = state.votes.map((v) => {
    if (v.status !== 'open' || v.entries === null) return v;
    const place = rollPlaceOf(v, m);
    if (!place || place.key in v.entries) return v;
    changed = true;
    return { ...v, entries: { ...v.entries, [place.key]: place.weight } };
  });
  return changed ? { ...state, votes } : state;
}

/** Why these choices are not a ballot for this vote, or null when they are one. */
export function ballotProblem(vote: Pick<Vote, 'kind' | 'options' | 'maxChoices'>, choices: readonly number[]): string | null {
  if (choices.some((c) => c >= vote.options.length)) return 'no such option';
  if (new Set(choices).size !== choices.length) return 'an option is chosen twice';
  if (vote.kind === 'yes_no') return choices.length === 1 ? null : 'choose exactly one of yes, no, abstain';
  return choices.length <= vote.maxChoices ? null : `choose at most ${vote.maxChoices}`;
}

/** A ballot's weight per option (a delegate's ballot counts its organization's weight). */
export function ballotTally(optionCount: number, choices: readonly number[], weight: number): number[] {
  const tally = new Array<number>(optionCount).fill(0);
  for (const c of choices) tally[c]! += weight;
  return tally;
}

export function addTallies(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x + (b[i] ?? 0));
}

const sum = (xs: Iterable<number>) => {
  let n = 0;
  for (const x of xs) n += x;
  return n;
};

/** What the ballots decide, from the tally, the weight cast and the roll. */
export function voteResult(vote: Vote, tally: readonly number[], ballots: number, weightCast: number): VoteResult {
  const entries = vote.entries ?? {};
  const rollSize = Object.keys(entries).length;
  const rollWeight = sum(Object.values(entries));
  const quorumMet = vote.quorum === 0 || weightCast * 100 >= vote.quorum * rollWeight;
  const base = { tally: [...tally], ballots, weightCast, rollSize, rollWeight, quorumMet };
  if (!quorumMet) return { ...base, outcome: 'no_quorum', elected: [] };
  // Against what a count is measured: the votes cast (without abstentions for yes/no) or the roll.
  const passes = (votes: number, against: number) => {
    if (votes === 0) return false;
    switch (vote.threshold) {
      case 'majority_cast':
        return 2 * votes > against;
      case 'two_thirds':
        return 3 * votes >= 2 * against;
      case 'majority_roll':
        return 2 * votes > rollWeight;
    }
  };
  if (vote.kind === 'yes_no') {
    const [yes = 0, no = 0] = tally;
    return { ...base, outcome: passes(yes, yes + no) ? 'adopted' : 'rejected', elected: [] };
  }
  // Candidates: best first (ties by ballot order), each needing the threshold of the weight cast.
  const ranked = tally.map((votes, i) => ({ votes, i })).sort((a, b) => b.votes - a.votes || a.i - b.i);
  const elected = ranked.filter((c) => passes(c.votes, weightCast)).slice(0, vote.maxChoices).map((c) => c.i);
  return { ...base, outcome: elected.length ? 'elected' : 'none_elected', elected };
}

/** The weight of the ballots marked so far (one mark per roll key). */
export function weightCast(vote: Vote): number {
  const entries = vote.entries ?? {};
  let w = 0;
  for (const key of Object.keys(vote.voted)) w += entries[key] ?? 0;
  return w;
}

export function findPoll(state: CallState, id: string): Poll | undefined {
  return state.polls.find((p) => p.id === id);
}
export function findVote(state: CallState, id: string): Vote | undefined {
  return state.votes.find((v) => v.id === id);
}
export function findQuestion(state: CallState, id: string): Question | undefined {
  return state.questions.find((q) => q.id === id);
}

export function updatePoll(state: CallState, id: string, change: (p: Poll) => Poll): CallState {
  const i = state.polls.findIndex((p) => p.id === id);
  if (i < 0) return state;
  const polls = [...state.polls];
  polls[i] = change(polls[i]!);
  return { ...state, polls };
}
export function updateVote(state: CallState, id: string, change: (v: Vote) => Vote): CallState {
  const i = state.votes.findIndex((v) => v.id === id);
  if (i < 0) return state;
  const votes = [...state.votes];
  votes[i] = change(votes[i]!);
  return { ...state, votes };
}
export function updateQuestion(state: CallState, id: string, change: (q: Question) => Question): CallState {
  const i = state.questions.findIndex((q) => q.id === id);
  if (i < 0) return state;
  const questions = [...state.questions];
  questions[i] = change(questions[i]!);
  return { ...state, questions };
}

/** Appended, dropping the oldest finished ones past the limit (one still running is never dropped). */
export function appendCapped<T>(list: readonly T[], item: T, limit: number, finished: (x: T) => boolean): T[] {
  const out = [...list, item];
  while (out.length > limit) {
    const i = out.findIndex(finished);
    if (i < 0) break;
    out.splice(i, 1);
  }
  return out;
}

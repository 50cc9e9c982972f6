// The ballot box of secret votes: where a secret ballot goes instead of the event log, so that
// nothing the server keeps or sends links a voter to a choice (docs/SECURITY.md, "Secret ballots").
//
// A ballot is checked against the state (checkSecretBallot: open, on the roll, not voted, well
// formed), then split in two on the spot: the voter goes into a set of who is waiting, the choice
// into ONE aggregate tally per vote (the sum of the waiting ballots' weights per option). Nothing
// here holds a voter and a choice together: the set has no order of arrival worth reading (it is
// sorted before it leaves) and the tally has no voters. A batch is sealed (`seal_ballots`, stored
// as one `ballots_sealed` event: the voters' marks in identity order beside the batch's
// aggregate) when it is big enough to hide each voter among the others:
//   - BATCH_MAX waiting: at once;
//   - at least BATCH_MIN waiting: at the next tick (SEAL_EVERY_MS), except on a delegate roll,
//     whose weights could tell the ballots of a small batch apart;
//   - everyone left on the roll is waiting, or the vote is being closed: whatever is there.
// Only then does each voter of the batch hear `ballot_sealed` (no seq, in identity order, at once).
// A crash before that loses the waiting ballots, and the voters know: they never got
// `ballot_sealed`, and the roll does not show them as having voted, so they vote again.
import { checkSecretBallot, findVote, type CallState, type Command, type ProtocolError, type ServerFrame, type Vote } from '@caucus/shared';
import type { Clock, Timer } from './clock';
import type { ExecuteResult } from './command-pipeline';

export const BATCH_MIN = 5;
export const BATCH_MAX = 50;
export const SEAL_EVERY_MS = 1000;

interface Box {
  /** Who is waiting, and the ref each one's command carried (to answer `ballot_sealed`). */
  voters: Map<string, string | undefined>;
  /** Roll keys taken by the waiting ballots (an organization's, for a delegate roll). */
  keys: Set<string>;
  /** The sum of the waiting ballots: no voter in it. */
  tally: number[];
}

export interface BallotBoxParts {
  current: () => CallState;
  clock: Clock;
  /** Runs a system command through the pipeline (stored before anything is sent). */
  execute: (command: Command) => ExecuteResult;
  sendTo: (identity: string, frame: ServerFrame) => void;
}

export class BallotBox {
  private readonly boxes = new Map<string, Box>();
  private timer: Timer | null = null;
  private readonly unmarkedOf = new WeakMap<Vote, number>();

  constructor(private readonly parts: BallotBoxParts) {}

  /** Takes a secret ballot, or says why not. Null: it is in the box, sealed soon. */
  cast(voter: string, voteId: string, choices: readonly number[], ref: string | undefined): ProtocolError | null {
    const state = this.parts.current();
    if (state.status === 'ended') return { code: 'call_ended', message: 'the call has ended' };
    const checked = checkSecretBallot(state, voteId, voter, choices);
    if ('ok' in checked) return checked.ok ? null : checked.error;
    const box = this.boxes.get(voteId) ?? { voters: new Map(), keys: new Set<string>(), tally: checked.tally.map(() => 0) };
    if (box.keys.has(checked.key)) return { code: 'already_voted', message: 'your ballot is in the box already' };
    box.voters.set(voter, ref);
    box.keys.add(checked.key);
    for (let i = 0; i < box.tally.length; i++) box.tally[i]! += checked.tally[i]!;
    this.boxes.set(voteId, box);
    if (box.voters.size >= BATCH_MAX || box.keys.size >= this.unmarked(findVote(state, voteId)!)) this.seal(voteId);
    else this.arm();
    return null;
  }

  /** Before a vote closes: everything waiting goes in, whatever the batch size. */
  sealNow(voteId: string): void {
    if (this.boxes.has(voteId)) this.seal(voteId);
  }

  /** A cancelled vote (or an ended call): the waiting ballots are dropped, their voters told. */
  discard(voteId: string, error: ProtocolError): void {
    const box = this.boxes.get(voteId);
    if (!box) return;
    this.boxes.delete(voteId);
    for (const [voter, ref] of box.voters) this.parts.sendTo(voter, ref === undefined ? { type: 'error', ...error } : { type: 'error', ...error, ref });
  }

  discardAll(error: ProtocolError): void {
    for (const voteId of [...this.boxes.keys()]) this.discard(voteId, error);
  }

  /** How many ballots wait in each box (tests, metrics): a count, nothing per voter. */
  waiting(voteId: string): number {
    return this.boxes.get(voteId)?.voters.size ?? 0;
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** Roll places not marked yet; counted once per version of the vote (it changes per batch, not per ballot). */
  private unmarked(vote: Vote): number {
    let n = this.unmarkedOf.get(vote);
    if (n === undefined) {
      n = Object.keys(vote.entries ?? {}).length - Object.keys(vote.voted).length;
      this.unmarkedOf.set(vote, n);
    }
    return n;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = this.parts.clock.after(SEAL_EVERY_MS, () => {
      this.timer = null;
      const state = this.parts.current();
      for (const [voteId, box] of [...this.boxes]) {
        const vote = findVote(state, voteId);
        if (vote && vote.roll !== 'delegates' && box.voters.size >= BATCH_MIN) this.seal(voteId);
      }
      if (this.boxes.size > 0) this.arm();
    });
  }

  private seal(voteId: string): void {
    const box = this.boxes.get(voteId);
    if (!box) return;
    const voters = [...box.voters.keys()].sort();
    const result = this.parts.execute({ type: 'seal_ballots', voteId, voters, tally: [...box.tally] });
    if (!result.ok && result.error.code === 'unavailable') return this.arm(); // the store refused: try again, nobody told yet
    this.boxes.delete(voteId);
    // In identity order, like the marks: nothing goes out in the order the ballots came in.
    for (const voter of voters) {
      const ref = box.voters.get(voter);
      if (result.ok) this.parts.sendTo(voter, ref === undefined ? { type: 'ballot_sealed', voteId } : { type: 'ballot_sealed', ref, voteId });
      else this.parts.sendTo(voter, ref === undefined ? { type: 'error', ...result.error } : { type: 'error', ...result.error, ref });
    }
  }
}

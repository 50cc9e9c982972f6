// The running counts of polls, votes and questions (core/tallies.ts) go to everyone like the head
// count: at most every TALLIES_EVERY_MS, and only when they changed. 5,000 ballots in ten seconds
// cost each client five frames, not 5,000.
import { talliesOf, type CallState, type TalliesFrame } from '@caucus/shared';
import type { Clock, Timer } from './clock';

export const TALLIES_EVERY_MS = 2000;

export class Tallies {
  private seen: { polls: unknown; votes: unknown; questions: unknown };
  private sent: string;
  private timer: Timer | null = null;

  constructor(
    initial: CallState,
    private readonly current: () => CallState,
    private readonly clock: Clock,
    /** Sends the frame to everyone; false when it may not go out (the call ended). */
    private readonly publish: (frame: TalliesFrame) => boolean,
  ) {
    this.seen = { polls: initial.polls, votes: initial.votes, questions: initial.questions };
    this.sent = JSON.stringify(talliesOf(initial));
  }

  get frame(): TalliesFrame {
    return { type: 'tallies', ...talliesOf(this.current()) };
  }

  /** What a new connection gets after its snapshot: the counts, when there is anything to count. */
  frameIfAny(): TalliesFrame | null {
    const frame = this.frame;
    return frame.polls.length || frame.votes.length || frame.questions.length ? frame : null;
  }

  /** After a change of state: schedules the next frame if polls, votes or questions moved. */
  changed(): void {
    const s = this.current();
    if (this.timer || (s.polls === this.seen.polls && s.votes === this.seen.votes && s.questions === this.seen.questions)) return;
    this.timer = this.clock.after(TALLIES_EVERY_MS, () => {
      this.timer = null;
      // Changes made during the wait are in this frame; later ones arm the next.
      const now = this.current();
      this.seen = { polls: now.polls, votes: now.votes, questions: now.questions };
      const frame = this.frame;
      const text = JSON.stringify({ polls: frame.polls, votes: frame.votes, questions: frame.questions });
      if (text !== this.sent && this.publish(frame)) this.sent = text;
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}

// A clock for unit tests of the shell: time moves only when the test says so, and every timer due
// on the way runs in order, so a 30-second grace period is tested in microseconds.
import type { Clock, Timer } from '../calls/clock';

interface Pending {
  at: number;
  order: number;
  run: () => void;
  cancelled: boolean;
}

export class FakeClock implements Clock {
  private time: number;
  private order = 0;
  private pending: Pending[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  after(ms: number, run: () => void): Timer {
    const timer: Pending = { at: this.time + Math.max(0, ms), order: this.order++, run, cancelled: false };
    this.pending.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Timers armed and not yet run or cancelled. */
  get armed(): number {
    return this.pending.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, running each timer that comes due, at its time, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.pending = this.pending.filter((t) => !t.cancelled);
      const next = this.pending.reduce<Pending | null>((a, t) => (t.at <= end && (!a || t.at < a.at || (t.at === a.at && t.order < a.order)) ? t : a), null);
      if (!next) break;
      this.pending.splice(this.pending.indexOf(next), 1);
      this.time = Math.max(this.time, next.at);
      next.run();
    }
    this.time = end;
  }
}

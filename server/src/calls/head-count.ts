// The head count: how many people are present (the core keeps the number, O(1)). Every change is
// a frame to everyone, so with thousands coming and going it goes out at most every
// PRESENCE_EVERY_MS, and only when it differs from the last one sent.
import { presentCount, type CallState } from '@caucus/shared';
import type { Clock, Timer } from './clock';

export const PRESENCE_EVERY_MS = 2000;

export class HeadCount {
  private sent: number;
  private timer: Timer | null = null;

  constructor(
    initial: CallState,
    private readonly current: () => CallState,
    private readonly clock: Clock,
    /** Sends the count to everyone; false when it may not go out (the call ended). */
    private readonly publish: (present: number) => boolean,
  ) {
    this.sent = presentCount(initial);
  }

  get present(): number {
    return presentCount(this.current());
  }

  /** After a change of state: schedules the next `presence` frame if the count moved. */
  changed(): void {
    if (this.timer || this.present === this.sent) return;
    this.timer = this.clock.after(PRESENCE_EVERY_MS, () => {
      this.timer = null;
      const present = this.present;
      if (present !== this.sent && this.publish(present)) this.sent = present;
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}

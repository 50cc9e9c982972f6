// The clock registration mails run on when the server is started with CAUCUS_TEST_CLOCK=1: the
// system clock plus an offset that a test sets (POST /api/internal/clock), so a browser test can
// jump to "24 hours before the call" and see the reminder go. Without that variable the server
// runs on the system clock and the route does not exist.
import { systemClock, type Clock } from '../calls/clock';

export class OffsetClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  after(ms: number, run: () => void) {
    return systemClock.after(ms, run);
  }
  /** Moves the clock to `at` (forwards or back). */
  set(at: number): void {
    this.offset = at - Date.now();
  }
}

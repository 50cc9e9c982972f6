// Limits on the moderation websockets that a script with many sockets would otherwise walk past:
// open sockets per network (authenticated or not; each unauthenticated one lives up to the
// 10 s hello timeout) and hellos per person (every reconnect costs the server a snapshot).
import { FailureThrottle } from './throttle';

/** Hellos one person (call + identity) may say per window; a reconnecting client backs off far below this. */
export const RECONNECTS_PER_IDENTITY = { max: 20, windowMs: 60_000 };

/** Open sockets per key (a network: see networkOf). */
export class OpenCount {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts one more socket for `key`, or false (and counts nothing) when the key is at its cap. */
  take(key: string): boolean {
    const now = this.open.get(key) ?? 0;
    if (now >= this.max) return false;
    this.open.set(key, now + 1);
    return true;
  }

  full(key: string): boolean {
    return (this.open.get(key) ?? 0) >= this.max;
  }

  release(key: string): void {
    const now = this.open.get(key) ?? 0;
    if (now <= 1) this.open.delete(key);
    else this.open.set(key, now - 1);
  }
}

/** Hellos per person in a sliding window (the same counter as wrong passcodes: every hello counts). */
export class HelloThrottle {
  private readonly hellos: FailureThrottle;

  constructor(now: () => number = Date.now) {
    this.hellos = new FailureThrottle(RECONNECTS_PER_IDENTITY.max, RECONNECTS_PER_IDENTITY.windowMs, now);
  }

  /** Records a hello; false when this person has said too many within the window (the hello is refused). */
  allow(callId: string, identity: string): boolean {
    const key = `${callId}|${identity}`;
    if (this.hellos.retryAfter(key) > 0) return false;
    this.hellos.fail(key);
    return true;
  }
}

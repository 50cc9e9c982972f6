// The early warning of a raid: the server counts arrivals from browsers this call has not seen
// before and flags a spike when a short window holds many more of them than the call's normal
// rate. The rule (docs/SECURITY.md, "Raids"):
//   spike  <=>  arrivals in the last WINDOW_MS  >=  max(MIN_ARRIVALS, FACTOR x baseline)
// where baseline is the mean number of such arrivals per WINDOW_MS over the HISTORY_MS before the
// window (a young call counts its missing history as empty: its opening rush is measured against
// MIN_ARRIVALS alone). The spike starts at its first arrival: walking back from the newest one, the
// run of arrivals with no gap longer than RUN_GAP_MS (a raid's stragglers stay in; the call's
// ordinary arrivals a quiet moment before do not). One alert per COOLDOWN_MS; a later alert within
// HISTORY_MS keeps the earlier start, so "since the spike" never forgets the first raiders.
// A browser is its device fingerprint; a reconnect or a rejoin of a known browser is no arrival.
import type { CallState, Event } from '@caucus/shared';

export const SPIKE_RULE = {
  windowMs: 30_000,
  historyMs: 10 * 60_000,
  minArrivals: 50,
  factor: 5,
  cooldownMs: 60_000,
  runGapMs: 2_000,
} as const;
export type SpikeRule = { [K in keyof typeof SPIKE_RULE]: number };

export interface Spike {
  since: number;
  arrivals: number;
  baseline: number;
}

export class JoinSpikeDetector {
  private readonly seen = new Set<string>();
  /**
   * Times of arrivals from new browsers, oldest first; those before `head` have left the history.
   * Arrival times never go back (the server's clock), so the history's start and the window's start
   * only move forward: a join storm costs O(1) per arrival, not a scan and a copy of the history.
   */
  private arrivals: number[] = [];
  private head = 0;
  private windowHead = 0;
  private last: { at: number; since: number } | null = null;

  constructor(
    state: CallState,
    private readonly rule: SpikeRule = SPIKE_RULE,
  ) {
    for (const m of state.members.values()) if (m.device) this.seen.add(m.device);
    for (const w of state.lobby.values()) if (w.device) this.seen.add(w.device);
  }

  /** Counts the arrivals among newly applied events; returns a spike to flag, or null. */
  observe(events: readonly Event[], now: number): Spike | null {
    let counted = false;
    for (const e of events) {
      if ((e.type !== 'member_joined' && e.type !== 'member_waiting') || e.role !== 'participant') continue;
      if (e.device !== null && this.seen.has(e.device)) continue;
      if (e.device !== null) this.seen.add(e.device);
      this.arrivals.push(e.at);
      counted = true;
    }
    if (!counted) return null;
    const { windowMs, historyMs, minArrivals, factor, cooldownMs } = this.rule;
    this.forget(now);
    const inWindow = this.arrivals.length - this.windowHead;
    if (inWindow === 0) return null;
    const baseline = ((this.windowHead - this.head) * windowMs) / historyMs;
    if (inWindow < Math.max(minArrivals, factor * baseline)) return null;
    if (this.last && now - this.last.at < cooldownMs) return null;
    let first = this.arrivals.length - 1;
    while (first > this.head && this.arrivals[first]! - this.arrivals[first - 1]! <= this.rule.runGapMs) first--;
    const start = this.arrivals[first]!;
    const since = this.last && now - this.last.at < historyMs ? Math.min(this.last.since, start) : start;
    this.last = { at: now, since };
    return { since, arrivals: inWindow, baseline };
  }

  /** Moves the history's and the window's starts past what is now too old; compacts now and then. */
  private forget(now: number): void {
    const { windowMs, historyMs } = this.rule;
    while (this.head < this.arrivals.length && now - this.arrivals[this.head]! >= historyMs + windowMs) this.head++;
    this.windowHead = Math.max(this.windowHead, this.head);
    while (this.windowHead < this.arrivals.length && now - this.arrivals[this.windowHead]! >= windowMs) this.windowHead++;
    if (this.head > 1024 && this.head * 2 > this.arrivals.length) {
      this.arrivals = this.arrivals.slice(this.head);
      this.windowHead -= this.head;
      this.head = 0;
    }
  }
}

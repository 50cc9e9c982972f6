// The recent events of a call, kept in memory so a client that reconnects with hello.lastSeq gets
// exactly what it missed, redacted as the live broadcast was. Older gaps are read back from the
// store (staff only: stored events have lost their audience copies), or answered with a snapshot.
import type { Store } from '../store/store';
import type { Remembered } from './redacted-views';

/** Events kept in memory for resume. */
export const RECENT_EVENTS = 2000;

export class ResumeLog {
  private recent: Remembered[] = [];

  constructor(
    private readonly store: Store,
    private readonly callId: string,
  ) {}

  remember(entries: Remembered[]): void {
    this.recent.push(...entries);
    // Trimmed in batches, not per event: slice is O(RECENT_EVENTS).
    if (this.recent.length > RECENT_EVENTS * 1.5) this.recent = this.recent.slice(-RECENT_EVENTS);
  }

  /**
   * The events after `lastSeq` when the call is at `seq`, or null when a snapshot is the better
   * answer (the client is ahead of us, or too far behind, or not staff and past the memory).
   */
  after(lastSeq: number, seq: number, staff: boolean): Remembered[] | null {
    if (lastSeq > seq) return null;
    if (lastSeq === seq) return [];
    const first = this.recent[0];
    if (first && first.seq <= lastSeq + 1) return this.recent.filter((e) => e.seq > lastSeq);
    if (seq - lastSeq > RECENT_EVENTS || !staff) return null;
    return this.store.readEvents(this.callId, lastSeq).map(({ seq: s, event }) => ({ seq: s, event, audience: null }));
  }
}

// Server-side fan-out time, for the benchmark only (CAUCUS_FANOUT_TIMING=1): per command that
// produced a broadcast, the milliseconds from the websocket handler receiving its frame to the
// last socket.send() of the broadcast returning. What the load generator measures end to end also
// includes its own clients; this is what the server itself adds.

/** The most recent samples kept; older ones are overwritten. */
export const FANOUT_TIMING_CAPACITY = 200_000;

export class FanoutTimings {
  private readonly samples: Float64Array;
  private next = 0;
  private count = 0;

  constructor(capacity = FANOUT_TIMING_CAPACITY) {
    this.samples = new Float64Array(capacity);
  }

  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    this.count = Math.min(this.count + 1, this.samples.length);
  }

  /** The samples kept, oldest first, and forgets them. */
  drain(): number[] {
    const start = (this.next - this.count + this.samples.length) % this.samples.length;
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.samples[(start + i) % this.samples.length]!);
    this.count = 0;
    return out;
  }
}

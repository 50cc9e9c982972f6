// Server-side fan-out timings (the contract both servers follow): each server records, for every
// command that produced a broadcast, the milliseconds from its websocket message handler receiving
// the command to the last socket.send() of the broadcast returning (the write handed to the
// kernel), and answers GET FANOUT_TIMINGS_PATH with {"samples": [...]}, clearing them. Caucus
// does it only when started with CAUCUS_FANOUT_TIMING=1; the bare `ws` baseline always does.
import { z } from 'zod';

export const FANOUT_TIMINGS_PATH = '/api/internal/fanout-timings';
/** Only the most recent are kept (a run takes them every few hundred commands). */
const MAX_SAMPLES = 200_000;

export class SampleLog {
  private samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > MAX_SAMPLES * 1.5) this.samples = this.samples.slice(-MAX_SAMPLES);
  }

  /** The samples so far, oldest first (at most MAX_SAMPLES); the log starts empty again. */
  take(): number[] {
    const out = this.samples.slice(-MAX_SAMPLES);
    this.samples = [];
    return out;
  }
}

const answerSchema = z.object({ samples: z.array(z.number().nonnegative()) });

/**
 * Reads and clears a server's samples; null when the server does not offer the route (a Caucus
 * server started without the variable, or an older checkout's with --server-dir).
 */
export async function takeFanoutTimings(httpBase: string): Promise<number[] | null> {
  const res = await fetch(new URL(FANOUT_TIMINGS_PATH, httpBase), { signal: AbortSignal.timeout(10_000) });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`${FANOUT_TIMINGS_PATH}: ${res.status}`);
  return answerSchema.parse(await res.json()).samples;
}

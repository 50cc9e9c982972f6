// Server-side fan-out timings, the load generator's side (the contract both servers follow): each
// server records, for every command that produced a broadcast, the milliseconds from its websocket
// message handler receiving the command to the last socket.send() of the broadcast returning (the
// write handed to the kernel), and answers GET FANOUT_TIMINGS_PATH with {"samples": [...]},
// clearing them. Caucus does it only when started with CAUCUS_FANOUT_TIMING=1
// (server/src/calls/fanout-timings.ts); the bare `ws` baseline always does, with the same recorder.
import { z } from 'zod';

export const FANOUT_TIMINGS_PATH = '/api/internal/fanout-timings';
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

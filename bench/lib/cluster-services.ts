// What the cluster scenario reads from the engines it runs on (Redis: test/redis.ts, Postgres:
// test/postgres.ts): who owns a call (the lease in Redis, PLAN contract 4) and the call's event
// log in Postgres (to check that no acked event was lost).
import pg from 'pg';
import type { RunningRedis } from '../../test/redis';

/** Who owns the call: `caucus:lease:<callId>` = `<instanceId> <epoch>` (null: nobody right now). */
export function leaseOf(redis: RunningRedis, callId: string): { instanceId: string; epoch: number } | null {
  const [instanceId, epoch] = redis.cli('GET', `caucus:lease:${callId}`).split(' ');
  return instanceId && epoch ? { instanceId, epoch: Number(epoch) } : null;
}

export interface LoggedEvent {
  seq: number;
  type: string;
  body: Record<string, unknown>;
}

/** The call's event log as Postgres holds it, in seq order. */
export async function eventLog(databaseUrl: string, callId: string): Promise<LoggedEvent[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ seq: string | number; type: string; body: string | Record<string, unknown> }>(
      'SELECT seq, type, body FROM events WHERE call_id = $1 ORDER BY seq',
      [callId],
    );
    return rows.map((r) => ({ seq: Number(r.seq), type: r.type, body: typeof r.body === 'string' ? JSON.parse(r.body) : r.body }));
  } finally {
    await client.end();
  }
}

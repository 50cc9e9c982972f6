// The event log is the audit log: who did what to whom, when. Moderators and the host read it
// (JSON); the host exports it (JSON or CSV). Device and IP fingerprints never leave the server.
import { roleOf, statusOf } from '@caucus/shared';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { hashSecret } from '../calls/secrets';
import type { CallRoom } from '../calls/call-room';
import type { Store } from '../store/store';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import { parseOrThrow } from '../http/validate';
import { requireSession } from './session-auth';

const params = z.strictObject({ id: z.string().min(1).max(64) });

/** Events per JSON page, and per chunk of the streamed CSV. */
export const AUDIT_PAGE = 1000;

/** JSON: a page of events after `after` (follow `next`). CSV: the whole log from `after`, streamed. */
export const auditQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE).default(AUDIT_PAGE),
});
export type AuditQuery = z.output<typeof auditQuery>;

/**
 * Reading the log costs the server a pass over the store: 20 requests a minute per session (the
 * bearer, or the console's cookies), so a moderator looping the export cannot stall the call.
 */
export const AUDIT_RATE_LIMIT = {
  max: 20,
  timeWindow: 60_000,
  keyGenerator: (req: FastifyRequest) => hashSecret(req.headers.authorization ?? req.headers.cookie ?? req.ip),
};

const HIDDEN = new Set(['device', 'ipHash']);

export interface AuditRow {
  seq: number;
  at: string;
  type: string;
  by: string;
  byName: string | null;
  participant: string | null;
  participantName: string | null;
  details: Record<string, unknown>;
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote always; neutralise spreadsheet formulas in names and reasons (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

export function toCsv(rows: AuditRow[]): string {
  const head = ['seq', 'at', 'type', 'by', 'by_name', 'participant', 'participant_name', 'details'];
  const lines = rows.map((r) => [r.seq, r.at, r.type, r.by, r.byName, r.participant, r.participantName, r.details].map(csvCell).join(','));
  return `${head.join(',')}\r\n${lines.join('\r\n')}\r\n`;
}

/** A page of the call's event log as audit rows (after `after`, at most `limit`), with names; fingerprints left out. */
export function auditRows(store: Store, room: CallRoom, after = 0, limit = AUDIT_PAGE): AuditRow[] {
  const nameOf = (identity: unknown) =>
    typeof identity === 'string' ? (room.state.members.get(identity)?.name ?? room.state.lobby.get(identity)?.name ?? null) : null;
  return store.readEvents(room.callId, after, limit).map(({ seq, event }) => {
    const { type, at, by, participant, ...rest } = event as Record<string, unknown> & { type: string; at: number; by: string };
    const details = Object.fromEntries(Object.entries(rest).filter(([k]) => !HIDDEN.has(k)));
    return {
      seq,
      at: new Date(at).toISOString(),
      type,
      by,
      byName: by === 'system' ? null : nameOf(by),
      participant: typeof participant === 'string' ? participant : null,
      participantName: nameOf(participant),
      details,
    };
  });
}

const CSV_HEAD = ['seq', 'at', 'type', 'by', 'by_name', 'participant', 'participant_name', 'details'].join(',');

/** The CSV, one page at a time: never the whole log in memory, and the event loop breathes between pages. */
async function* csvChunks(store: Store, room: CallRoom, after: number): AsyncGenerator<string> {
  yield `${CSV_HEAD}\r\n`;
  let from = after;
  for (;;) {
    const rows = auditRows(store, room, from, AUDIT_PAGE);
    if (rows.length === 0) return;
    yield toCsv(rows).slice(CSV_HEAD.length + 2);
    from = rows.at(-1)!.seq;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The CSV download (streamed), or one JSON page with the cursor of the next (`next`, null at the end). */
export function sendAudit(reply: FastifyReply, store: Store, room: CallRoom, query: AuditQuery) {
  const id = room.callId;
  if (query.format === 'csv') {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="caucus-${id}-audit.csv"`)
      .send(Readable.from(csvChunks(store, room, query.after)));
  }
  const events = auditRows(store, room, query.after, query.limit);
  const next = events.length === query.limit && events.at(-1)!.seq < store.lastSeq(id) ? events.at(-1)!.seq : null;
  return reply.send({ callId: id, events, next });
}

const audit: FastifyPluginAsync = async (app) => {
  app.get('/api/calls/:id/audit', { config: { rateLimit: AUDIT_RATE_LIMIT } }, async (req, reply) => {
    const { id } = parseOrThrow(params, req.params, 'path');
    const query = parseOrThrow(auditQuery, req.query, 'query');
    const { format } = query;
    const room = app.calls.get(id);
    if (!room) throw new HttpError(404, 'not_found', 'No such call');
    const session = requireSession(app, req, id);
    const role = roleOf(room.state, session.identity);
    if (role !== 'host' && role !== 'moderator') throw new HttpError(403, 'forbidden', 'Only moderators and the host may read the audit log');
    // A session outlives a sanction: a moderator who was removed or banned keeps their role in the
    // state (and their token), but no longer their right to read who reported whom.
    const status = statusOf(room.state, session.identity);
    if (status !== 'present' && status !== 'left') throw new HttpError(403, 'forbidden', 'You are no longer in this call');
    if (format === 'csv' && role !== 'host') throw new HttpError(403, 'forbidden', 'Only the host may export the audit log');

    return sendAudit(reply, app.store, room, query);
  });
};

export default audit;

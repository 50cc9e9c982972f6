// The event log is the audit log: who did what to whom, when. Moderators and the host read it
// (JSON); the host exports it (JSON or CSV). Device and IP fingerprints never leave the server.
import { roleOf, statusOf } from '@caucus/shared';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { CallRoom } from '../calls/call-room';
import type { Store } from '../store/store';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import { parseOrThrow } from '../http/validate';
import { requireSession } from './session-auth';

const params = z.strictObject({ id: z.string().min(1).max(64) });
export const auditQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

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

/** The call's event log as audit rows, with names; fingerprints left out. */
export function auditRows(store: Store, room: CallRoom): AuditRow[] {
  const nameOf = (identity: unknown) =>
    typeof identity === 'string' ? (room.state.members.get(identity)?.name ?? room.state.lobby.get(identity)?.name ?? null) : null;
  return store.readEvents(room.callId, 0).map(({ seq, event }) => {
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

/** The CSV download, or the JSON document. */
export function sendAudit(reply: FastifyReply, id: string, rows: AuditRow[], format: 'json' | 'csv') {
  if (format === 'csv') {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="caucus-${id}-audit.csv"`)
      .send(toCsv(rows));
  }
  return reply.send({ callId: id, events: rows });
}

const audit: FastifyPluginAsync = async (app) => {
  app.get('/api/calls/:id/audit', async (req, reply) => {
    const { id } = parseOrThrow(params, req.params, 'path');
    const { format } = parseOrThrow(auditQuery, req.query, 'query');
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

    const rows = auditRows(app.store, room);
    return sendAudit(reply, id, rows, format);
  });
};

export default audit;

// Export and erasure of one person's data, and the retention sweep of past calls (docs/PRIVACY.md).
// Erasure rewrites the person's events in place (redaction.ts: same events, personal fields
// replaced) and drops the call's snapshot, so the next load replays the redacted log; their call
// sessions, their mails and the registration's personal fields go too. Kept: member_banned events
// (a ban and its fingerprints protect the coalition), reports, and whatever is not personal (turns,
// times, vote results).
import { eventSchema, type Event } from '@caucus/shared';
import type { SqlDatabase } from '../store/sql-database';
import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors';
import { attendanceOf } from './attendance';
import { redactEvent, type Whom } from './redaction';
import type { Registration } from './registration-store';

const DAY_MS = 24 * 3600_000;

/** Rewrites the events of `callId` that hold personal data of `whom`; returns how many changed. */
export function redactCall(db: SqlDatabase, callId: string, whom: Whom): number {
  const rows = db.prepare('SELECT seq, body FROM events WHERE call_id = ? ORDER BY seq').all(callId) as { seq: number; body: string }[];
  const update = db.prepare('UPDATE events SET body = ? WHERE call_id = ? AND seq = ?');
  let changed = 0;
  db.transaction(() => {
    for (const row of rows) {
      const redacted = redactEvent(eventSchema.parse(JSON.parse(row.body)), whom);
      if (!redacted) continue;
      update.run(JSON.stringify(redacted), callId, row.seq);
      changed++;
    }
    // The snapshot holds names and chat too: the next load replays the redacted log instead.
    if (changed) db.prepare('DELETE FROM snapshots WHERE call_id = ?').run(callId);
    if (whom === 'everyone') db.prepare('DELETE FROM sessions WHERE call_id = ?').run(callId);
    else for (const identity of whom) db.prepare('DELETE FROM sessions WHERE call_id = ? AND identity = ?').run(callId, identity);
  })();
  return changed;
}

/** The calls a registration reaches: its own, and every call of the series it covers. */
function callsOf(app: FastifyInstance, r: Registration): string[] {
  return [...new Set([r.callId, ...(r.seriesId ? app.registration.regs.callsOfSeries(r.seriesId) : [])])];
}

const readEvents = (app: FastifyInstance, callId: string): Event[] => app.store.readEvents(callId, 0).map((e) => e.event);

export function exportPerson(app: FastifyInstance, email: string) {
  const { regs, mail } = app.registration;
  const registrations = regs.byEmail(email);
  return {
    email,
    exportedAt: new Date().toISOString(),
    registrations: registrations.map((r) => {
      const calls = callsOf(app, r).map((callId) => {
        const call = app.store.getCall(callId);
        const events = r.identity ? readEvents(app, callId) : [];
        const attendance = r.identity ? (attendanceOf(events, call?.endedAt ?? Date.now()).find((p) => p.identity === r.identity) ?? null) : null;
        const chat = r.identity ? events.flatMap((e) => (e.type === 'chat_sent' && e.by === r.identity ? [{ at: new Date(e.at).toISOString(), text: e.text }] : [])) : [];
        return { callId, title: call?.title ?? null, attendance, chat };
      });
      return {
        id: r.id,
        name: r.name,
        organization: r.orgId ? (regs.org(r.orgId)?.name ?? null) : null,
        answers: r.answers,
        status: r.status,
        registeredAt: new Date(r.createdAt).toISOString(),
        calls,
        mails: mail.ofRegistration(r.id).map((m) => ({ kind: m.kind, subject: m.subject, status: m.status, createdAt: new Date(m.createdAt).toISOString() })),
      };
    }),
  };
}

export function erasePerson(app: FastifyInstance, email: string): { registrations: number; events: number } {
  const { regs, mail, clock } = app.registration;
  const registrations = regs.byEmail(email);
  const reached = registrations.flatMap((r) => (r.identity === null ? [] : callsOf(app, r).map((callId) => ({ callId, identity: r.identity! }))));
  // A call still open holds the person in memory (and would write them back in its snapshot).
  if (reached.some(({ callId }) => app.store.getCall(callId)?.endedAt === null && app.store.lastSeq(callId) > 0)) {
    throw new HttpError(409, 'conflict', 'This person took part in a call that is still open: erase their data after it ends');
  }
  let events = 0;
  for (const { callId, identity } of reached) {
    events += redactCall(app.accounts.db, callId, new Set([identity]));
    app.calls.unload(callId);
  }
  for (const r of registrations) {
    mail.deleteOfRegistration(r.id);
    regs.erase(r.id, clock.now());
  }
  return { registrations: registrations.length, events };
}

/**
 * Deletes the personal data of calls that ended more than `retentionDays` ago: names, chat and
 * fingerprints in their events (bans and reports kept), their sessions, registrations and mails.
 */
export function purgeExpired(app: FastifyInstance, now: number): number {
  const { regs, mail } = app.registration;
  const { retentionDays, purgedThrough } = regs.retention();
  const cutoff = now - retentionDays * DAY_MS;
  if (cutoff <= purgedThrough) return 0;
  const db = app.accounts.db;
  const ended = db.prepare('SELECT id FROM calls WHERE ended_at IS NOT NULL AND ended_at <= ? AND ended_at > ?').pluck().all(cutoff, purgedThrough) as string[];
  const isPast = (id: string) => {
    const endedAt = app.store.getCall(id)?.endedAt ?? null;
    return endedAt !== null && endedAt <= cutoff;
  };
  for (const callId of ended) {
    redactCall(db, callId, 'everyone');
    app.calls.unload(callId);
    for (const r of regs.ofCall(callId)) {
      // A series registration stays while any call of its series is still open or within the period.
      if (r.seriesId && !callsOf(app, r).every((id) => isPast(id))) continue;
      mail.deleteOfRegistration(r.id);
      regs.erase(r.id, now);
    }
    mail.deleteOfCall(callId);
  }
  regs.setPurgedThrough(cutoff);
  return ended.length;
}

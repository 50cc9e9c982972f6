// The durable mail queue (migration 007's mail_jobs): a mail is a row, rendered when it is queued,
// claimed by a compare-and-set before it is handed to SMTP and marked sent in its own write after
// the server accepted it. `dedupe` makes queueing idempotent, so a scheduler that runs twice (or
// after a restart) queues each reminder once.
import type { SqlDatabase } from '../store/sql-database';
import { fromRow, type Row } from '../accounts/account-store';

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'outbox', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export interface MailJob {
  id: string;
  dedupe: string;
  registrationId: string | null;
  callId: string | null;
  kind: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  ics: string | null;
  messageId: string;
  status: MailStatus;
  attempts: number;
  dueAt: number;
  claimedAt: number | null;
  sentAt: number | null;
  lastError: string | null;
  createdAt: number;
}

export type NewMailJob = Omit<MailJob, 'status' | 'attempts' | 'claimedAt' | 'sentAt' | 'lastError'>;
export type MailStore = ReturnType<typeof openMailStore>;

export function openMailStore(db: SqlDatabase) {
  const q = {
    insert: db.prepare(
      `INSERT INTO mail_jobs (id, dedupe, registration_id, call_id, kind, to_address, subject, text_body, html_body, ics, message_id, status, due_at, created_at)
       VALUES (@id, @dedupe, @registrationId, @callId, @kind, @toAddress, @subject, @textBody, @htmlBody, @ics, @messageId, 'queued', @dueAt, @createdAt)
       ON CONFLICT(dedupe) DO NOTHING`,
    ),
    due: db.prepare("SELECT * FROM mail_jobs WHERE status = 'queued' AND due_at <= ? ORDER BY due_at LIMIT ?"),
    nextDue: db.prepare("SELECT MIN(due_at) AS at FROM mail_jobs WHERE status = 'queued'").pluck(),
    claim: db.prepare("UPDATE mail_jobs SET status = 'sending', claimed_at = ?, attempts = attempts + 1 WHERE id = ? AND status = 'queued' AND due_at <= ?"),
    markSent: db.prepare("UPDATE mail_jobs SET status = ?, sent_at = ?, last_error = NULL WHERE id = ? AND status = 'sending'"),
    retry: db.prepare("UPDATE mail_jobs SET status = 'queued', due_at = ?, last_error = ? WHERE id = ? AND status = 'sending'"),
    fail: db.prepare("UPDATE mail_jobs SET status = 'failed', last_error = ? WHERE id = ? AND status = 'sending'"),
    // Claimed by a process that died before it knew the outcome: queued again (see docs/PRIVACY.md
    // and the report: the retry carries the same Message-ID).
    requeueStale: db.prepare("UPDATE mail_jobs SET status = 'queued', due_at = ? WHERE status = 'sending' AND claimed_at <= ?"),
    get: db.prepare('SELECT * FROM mail_jobs WHERE id = ?'),
    list: db.prepare('SELECT * FROM mail_jobs ORDER BY created_at DESC LIMIT ?'),
    ofCall: db.prepare('SELECT * FROM mail_jobs WHERE call_id = ? ORDER BY created_at'),
    deleteOfRegistration: db.prepare('DELETE FROM mail_jobs WHERE registration_id = ?'),
    deleteOfCall: db.prepare("DELETE FROM mail_jobs WHERE call_id = ? AND status != 'queued'"),
    ofRegistration: db.prepare('SELECT * FROM mail_jobs WHERE registration_id = ? ORDER BY created_at'),
    exists: db.prepare('SELECT 1 FROM mail_jobs WHERE dedupe = ?').pluck(),
    mailings: db.prepare('SELECT kind FROM call_mailings WHERE call_id = ?').pluck(),
    mailing: db.prepare('INSERT INTO call_mailings (call_id, kind, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
  };
  const toJob = (r: unknown) => fromRow<MailJob>(r as Row | undefined);
  return {
    /** True when queued now, false when a job with the same dedupe key already existed. */
    enqueue: (job: NewMailJob) => q.insert.run(job).changes > 0,
    due: (now: number, limit: number) => (q.due.all(now, limit) as Row[]).map((r) => toJob(r)!),
    nextDueAt: () => (q.nextDue.get() as number | null) ?? null,
    /** Compare-and-set: of two workers (or a worker and a restart), exactly one gets the job. */
    claim: (id: string, now: number) => q.claim.run(now, id, now).changes > 0,
    markSent: (id: string, status: 'sent' | 'outbox', at: number) => q.markSent.run(status, at, id).changes > 0,
    retry: (id: string, dueAt: number, error: string) => void q.retry.run(dueAt, error.slice(0, 500), id),
    fail: (id: string, error: string) => void q.fail.run(error.slice(0, 500), id),
    requeueStale: (now: number, claimedBefore: number) => q.requeueStale.run(now, claimedBefore).changes,
    get: (id: string) => toJob(q.get.get(id)),
    list: (limit: number) => (q.list.all(limit) as Row[]).map((r) => toJob(r)!),
    ofCall: (callId: string) => (q.ofCall.all(callId) as Row[]).map((r) => toJob(r)!),
    deleteOfRegistration: (id: string) => q.deleteOfRegistration.run(id).changes,
    deleteOfCall: (callId: string) => q.deleteOfCall.run(callId).changes,
    ofRegistration: (id: string) => (q.ofRegistration.all(id) as Row[]).map((r) => toJob(r)!),
    exists: (dedupe: string) => q.exists.get(dedupe) !== undefined,
    mailingsOf: (callId: string) => q.mailings.all(callId) as string[],
    /** Records a call-wide mailing (live, follow-up); true the first time only. */
    claimMailing: (callId: string, kind: string, at: number) => q.mailing.run(callId, kind, at).changes > 0,
  };
}

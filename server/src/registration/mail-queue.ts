// The worker of the durable mail queue. Each due job is claimed (compare-and-set), handed to SMTP,
// then marked sent; a refusal is retried with exponential backoff (1 min, 2, 4, ... up to 6 h, 8
// attempts) and a 5xx answer fails at once. Runs on the server's Clock, so tests move time.
//
// Exactly once: a job is sent only by the one worker whose claim succeeded, and marked sent right
// after the SMTP server's 250. If the process dies between that 250 and the mark, the job stays
// `sending`; the next start queues it again (requeueStale) and it is sent a second time, with the
// same Message-ID. That window is the length of one local write (microseconds); it cannot be
// closed without a transaction that spans the SMTP server.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock, Timer } from '../calls/clock';
import type { MailStore, MailJob } from './mail-store';
import { MailRefused, type MailTransport } from './mailer';

export const MAX_ATTEMPTS = 8;
const POLL_MS = 30_000;
const BATCH = 50;
export const backoffMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3600_000);

export interface MailQueueDeps {
  mail: MailStore;
  clock: Clock;
  /** null: no SMTP configured; mails go to the outbox. */
  transport: MailTransport | null;
  log: FastifyBaseLogger;
  unsubscribeFor(job: MailJob): string;
  /** Runs before each pass (the scheduler queues what has become due). */
  beforePass?(now: number): void;
}

export class MailQueue {
  private timer: Timer | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: MailQueueDeps) {}

  /** Queues again what a dead process left half-sent, then starts polling. */
  start(): void {
    const now = this.deps.clock.now();
    const requeued = this.deps.mail.requeueStale(now, Number.MAX_SAFE_INTEGER);
    if (requeued) this.deps.log.warn({ requeued }, 'mails claimed by a stopped process queued again');
    this.kick();
  }

  /** Runs a pass now (coalesced with one in progress); resolves when the queue is idle again. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.timer?.cancel();
    this.running = this.loop().finally(() => {
      this.running = null;
      if (!this.stopped) this.timer = this.deps.clock.after(POLL_MS, () => void this.kick());
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
    this.deps.transport?.close();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (err) {
        // A failed pass (the disk, say) is retried at the next poll; callers never see it.
        this.deps.log.error({ err }, 'mail queue pass failed');
      }
    } while (this.again && !this.stopped);
  }

  private async pass(): Promise<void> {
    const { mail, clock, log } = this.deps;
    try {
      this.deps.beforePass?.(clock.now());
    } catch (err) {
      log.error({ err }, 'mail scheduler failed');
    }
    for (;;) {
      const due = mail.due(clock.now(), BATCH);
      if (due.length === 0) return;
      for (const job of due) {
        if (this.stopped) return;
        if (!mail.claim(job.id, clock.now())) continue;
        await this.deliver(job);
      }
    }
  }

  private async deliver(job: MailJob): Promise<void> {
    const { mail, clock, transport, log } = this.deps;
    if (!transport) {
      mail.markSent(job.id, 'outbox', clock.now());
      return;
    }
    try {
      await transport.send(job, { listUnsubscribe: this.deps.unsubscribeFor(job) });
      mail.markSent(job.id, 'sent', clock.now());
    } catch (err) {
      const refused = err instanceof MailRefused ? err : new MailRefused(String(err), false);
      const attempts = job.attempts + 1;
      if (refused.permanent || attempts >= MAX_ATTEMPTS) {
        mail.fail(job.id, refused.message);
        log.warn({ mailId: job.id, kind: job.kind, attempts, error: refused.message }, 'mail failed for good');
      } else {
        mail.retry(job.id, clock.now() + backoffMs(attempts), refused.message);
        log.info({ mailId: job.id, kind: job.kind, attempts, error: refused.message }, 'mail refused; will retry');
      }
    }
  }
}

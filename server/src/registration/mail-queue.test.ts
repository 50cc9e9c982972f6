// The mail queue's rules on a real SQLite database (in memory) with a fake clock and a fake SMTP
// answer: claimed once, retried with backoff on a 4xx, failed at once on a 5xx, given up after
// MAX_ATTEMPTS, a mail a dead process left "sending" queued again at start, queueing idempotent.
import Database from 'better-sqlite3';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { migrate } from '../store/sqlite-store';
import { FakeClock } from '../testing/fake-clock';
import { backoffMs, MailQueue, MAX_ATTEMPTS } from './mail-queue';
import { openMailStore, type NewMailJob } from './mail-store';
import { MailRefused, type MailTransport } from './mailer';

function setup(answer: (attempt: number) => 'ok' | 'temporary' | 'permanent') {
  const db = new Database(':memory:');
  migrate(db);
  const mail = openMailStore(db);
  const clock = new FakeClock();
  const sent: string[] = [];
  let attempts = 0;
  const transport: MailTransport = {
    async send(job) {
      const a = answer(++attempts);
      if (a === 'ok') return void sent.push(job.messageId);
      throw new MailRefused(a === 'permanent' ? '550 no such user' : '451 try later', a === 'permanent');
    },
    close: () => undefined,
  };
  const queue = new MailQueue({ mail, clock, transport, log: pino({ level: 'silent' }), unsubscribeFor: () => 'http://x/cancel' });
  const job = (id: string): NewMailJob => ({
    id,
    dedupe: `d-${id}`,
    registrationId: null,
    callId: null,
    kind: 'reminder',
    toAddress: 'a@example.org',
    subject: 's',
    textBody: 't',
    htmlBody: '<p>t</p>',
    ics: null,
    messageId: `<${id}@x>`,
    dueAt: clock.now(),
    createdAt: clock.now(),
  });
  return { db, mail, clock, queue, sent, job };
}

describe('the mail queue', () => {
  test('a temporary refusal is retried after 1, 2, 4 minutes; the mail is sent once', async () => {
    const { mail, clock, queue, sent, job } = setup((n) => (n <= 3 ? 'temporary' : 'ok'));
    expect(mail.enqueue(job('m1'))).toBe(true);
    // Queueing is idempotent: the same dedupe key queues nothing more.
    expect(mail.enqueue({ ...job('m1b'), dedupe: 'd-m1' })).toBe(false);
    await queue.kick();
    expect(mail.get('m1')).toMatchObject({ status: 'queued', attempts: 1, dueAt: clock.now() + backoffMs(1) });
    for (const wait of [backoffMs(1), backoffMs(2), backoffMs(3)]) {
      clock.advance(wait - 1);
      await queue.kick();
      expect(sent).toEqual([]);
      clock.advance(1);
      await queue.kick();
    }
    expect(sent).toEqual(['<m1@x>']);
    expect(mail.get('m1')).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
    clock.advance(24 * 3600_000);
    await queue.kick();
    expect(sent).toHaveLength(1);
    expect([backoffMs(1), backoffMs(2), backoffMs(3), backoffMs(20)]).toEqual([60_000, 120_000, 240_000, 6 * 3600_000]);
  });

  test('a 5xx fails at once; endless 4xx give up after MAX_ATTEMPTS', async () => {
    const perm = setup(() => 'permanent');
    perm.mail.enqueue(perm.job('p'));
    await perm.queue.kick();
    expect(perm.mail.get('p')).toMatchObject({ status: 'failed', attempts: 1, lastError: '550 no such user' });

    const temp = setup(() => 'temporary');
    temp.mail.enqueue(temp.job('t'));
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await temp.queue.kick();
      temp.clock.advance(6 * 3600_000);
    }
    expect(temp.mail.get('t')).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
  });

  test('a mail left "sending" by a dead process is queued again at start and keeps its Message-ID', async () => {
    const { mail, clock, queue, sent, job } = setup(() => 'ok');
    mail.enqueue(job('s'));
    expect(mail.claim('s', clock.now())).toBe(true);
    // A second claim (another worker, or the same one twice) gets nothing.
    expect(mail.claim('s', clock.now())).toBe(false);
    queue.start();
    await queue.kick();
    expect(sent).toEqual(['<s@x>']);
    expect(mail.get('s')?.status).toBe('sent');
    await queue.stop();
  });

  test('without SMTP the mail goes to the outbox, marked as such', async () => {
    const db = new Database(':memory:');
    migrate(db);
    const mail = openMailStore(db);
    const clock = new FakeClock();
    const queue = new MailQueue({ mail, clock, transport: null, log: pino({ level: 'silent' }), unsubscribeFor: () => '' });
    mail.enqueue({ id: 'o', dedupe: 'o', registrationId: null, callId: null, kind: 'confirmation', toAddress: 'a@example.org', subject: 's', textBody: 't', htmlBody: 'h', ics: null, messageId: '<o@x>', dueAt: clock.now(), createdAt: clock.now() });
    await queue.kick();
    expect(mail.get('o')?.status).toBe('outbox');
  });
});

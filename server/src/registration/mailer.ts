// Hands one rendered mail to SMTP (nodemailer), or reports that there is no SMTP: the queue then
// keeps it in the outbox the console shows. Nothing is dropped silently.
import nodemailer from 'nodemailer';
import type { MailJob } from './mail-store';

export interface MailTransport {
  /** Resolves when the SMTP server accepted the mail (250); rejects with `permanent` for 5xx answers. */
  send(job: MailJob, extra: { listUnsubscribe: string }): Promise<void>;
  close(): void;
}

export class MailRefused extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export function smtpTransport(url: string, from: string): MailTransport {
  // Short timeouts: a hung SMTP server delays the queue (and a shutdown) by seconds, not minutes;
  // the mail is retried later.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(job, { listUnsubscribe }) {
      try {
        await transport.sendMail({
          from,
          to: job.toAddress,
          subject: job.subject,
          text: job.textBody,
          html: job.htmlBody,
          // The same Message-ID on every attempt: a mail sent again after a crash between the
          // server's 250 and our mark is recognisably the same mail (receivers that deduplicate do).
          messageId: job.messageId,
          list: { unsubscribe: { url: listUnsubscribe, comment: 'Cancel this registration' } },
          headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
          ...(job.ics ? { icalEvent: { method: 'PUBLISH', filename: 'call.ics', content: job.ics } } : {}),
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        throw new MailRefused(err instanceof Error ? err.message : String(err), code !== undefined && code >= 500 && code < 600);
      }
    },
    close: () => transport.close(),
  };
}

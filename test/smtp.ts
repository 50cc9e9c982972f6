// A real SMTP server in the test process (smtp-server), keeping every mail it accepts parsed by
// mailparser. `refuse` makes it answer 451 (try later) to every mail, to test retries.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  mails: ParsedMail[];
  /** Mails refused so far (451). */
  refused: number;
  refuse: boolean;
  /** Mails whose To is `address`. */
  to(address: string): ParsedMail[];
  /** Waits until `count` mails match, or throws after `timeoutMs`. */
  waitFor(match: (m: ParsedMail) => boolean, count?: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: '',
    mails: [],
    refused: 0,
    refuse: false,
    to: (address) => state.mails.filter((m) => toOf(m).includes(address)),
    async waitFor(match, count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = state.mails.filter(match);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`waited for ${count} mails, have ${found.length}: ${state.mails.map((m) => `${toOf(m)} ${m.subject}`).join('; ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse) {
          state.refused++;
          const err = Object.assign(new Error('try again later'), { responseCode: 451 });
          return callback(err);
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            state.mails.push(mail);
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  return state;
}

export function toOf(m: ParsedMail): string {
  const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
  return to.map((a) => a.text).join(', ');
}

/** The personal join link and the manage link in a mail's text part. */
export function linksIn(m: ParsedMail): { join: string | null; manage: string | null } {
  const text = m.text ?? '';
  return {
    join: /Your personal link: (\S+)/.exec(text)?.[1] ?? null,
    manage: /Change or cancel your registration: (\S+)/.exec(text)?.[1] ?? null,
  };
}

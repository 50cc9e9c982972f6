// Decorates app.registration: the registration, mail and privacy stores (in the calls'
// database), the registration service, and the durable mail queue with its scheduler. The queue
// starts when the server is ready (mails a stopped process left half-sent are queued again) and
// stops before the store closes.
import fp from 'fastify-plugin';
import { z } from 'zod';
import { systemClock, type Clock } from '../calls/clock';
import { parseOrThrow } from '../http/validate';
import { manageLink, type LinkKeys } from '../registration/links';
import { MailQueue } from '../registration/mail-queue';
import { openMailStore, type MailStore } from '../registration/mail-store';
import { smtpTransport } from '../registration/mailer';
import { openRegistrationStore, type RegistrationStore } from '../registration/registration-store';
import { Registrations } from '../registration/registrations';
import { schedulePass } from '../registration/scheduler';
import { purgeExpired } from '../registration/privacy';
import { OffsetClock } from '../registration/test-clock';

export interface RegistrationKit {
  regs: RegistrationStore;
  mail: MailStore;
  service: Registrations;
  queue: MailQueue;
  keys: LinkKeys;
  clock: Clock;
}

declare module 'fastify' {
  interface FastifyInstance {
    registration: RegistrationKit;
  }
}

const clockBody = z.strictObject({ now: z.number().int().min(0).max(8.64e15) });

export default fp(async (app) => {
  const db = app.accounts.db;
  const regs = openRegistrationStore(db);
  const mail = openMailStore(db);
  const keys: LinkKeys = { secret: app.config.livekit.apiSecret, publicUrl: app.config.publicUrl };
  const testClock = app.config.testClock ? new OffsetClock() : null;
  const clock: Clock = testClock ?? systemClock;
  const service = new Registrations({ store: app.store, regs, mail, keys, clock });
  const { smtpUrl, from } = app.config.mail;
  const queue = new MailQueue({
    mail,
    clock,
    transport: smtpUrl ? smtpTransport(smtpUrl, from) : null,
    log: app.log,
    unsubscribeFor: (job) => (job.registrationId ? `${manageLink(keys, job.registrationId)}/cancel` : app.config.publicUrl),
    beforePass: (now) => {
      schedulePass({ store: app.store, regs, mail, registrations: service, calls: app.calls }, now);
      purgeExpired(app, now);
    },
  });
  app.decorate('registration', { regs, mail, service, queue, keys, clock });

  if (testClock) {
    // Tests only (CAUCUS_TEST_CLOCK=1): set the scheduler's clock, then run a pass and wait for it.
    app.post('/api/internal/clock', async (req) => {
      const { now } = parseOrThrow(clockBody, req.body, 'clock');
      testClock.set(now);
      await queue.kick();
      return { now: clock.now() };
    });
  }

  app.addHook('onReady', async () => queue.start());
  app.addHook('preClose', async () => queue.stop());
}, { name: 'registration', dependencies: ['store', 'accounts', 'calls'] });

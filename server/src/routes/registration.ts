// The public side of registration: the form on a call's page posts here (HTML in, HTML out, no
// JavaScript needed), integrations post JSON to /api/calls/:id/registrations, and each registrant
// manages their registration at /registrations/:token (confirm, change the name, cancel, get a
// new link). Bad input stores nothing; floods are throttled per address and per email.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { linkKey } from '../calls/participant-links';
import { hashSecret } from '../calls/secrets';
import { HttpError } from '../http/errors';
import { networkOf } from '../http/network';
import { FailureThrottle } from '../http/throttle';
import { parseOrThrow } from '../http/validate';
import { registrationEmail } from '../registration/email-check';
import { manageLink } from '../registration/links';
import type { Registration } from '../registration/registration-store';
import { personName } from './console/schemas';
import { callPage } from '../schedule/pages';
import { cancelConfirmPage, managePage, registeredPage, registrationForm, simplePage, type FormState, type RegistrationOffer } from '../schedule/registration-pages';
import type { CallRecord } from '../store/store';

const params = z.strictObject({ id: z.string().min(1).max(64) });
const tokenParams = z.strictObject({ token: z.string().min(16).max(128) });
const registerBody = z.strictObject({
  name: personName,
  email: registrationEmail,
  org: z.string().max(64).optional().transform((o) => (o ? o : null)),
  series: z.union([z.boolean(), z.literal('1'), z.literal('on')]).optional().transform((s) => s === true || s === '1' || s === 'on'),
  answers: z.record(z.string().max(64), z.string().trim().max(500)).optional(),
});
const changeBody = z.strictObject({ name: personName, org: z.string().max(64).optional().transform((o) => (o ? o : null)) });

/** Registrations per address: REGISTRATION_RATE_LIMIT per 10 minutes. Per email: 3 per hour. */
const WINDOW_MS = 10 * 60_000;
const PER_EMAIL = { max: 3, windowMs: 60 * 60_000 };

function offerFor(app: FastifyInstance, call: CallRecord): RegistrationOffer {
  const { regs } = app.registration;
  const s = regs.settings(call.id);
  const series = s.seriesId ? regs.oneSeries(s.seriesId) : null;
  return {
    members: s.access === 'members',
    open: s.registration && call.endedAt === null,
    orgs: regs.orgs(),
    questions: s.questions,
    seriesName: series?.name ?? null,
    full: s.capacity !== null && regs.placesTaken(call.id, app.registration.clock.now()) >= s.capacity,
  };
}

/** What the public pages need: absolute links, the time, and the key a public call's link derives from. */
const pageContext = (app: FastifyInstance) => ({ publicUrl: app.config.publicUrl, now: Date.now(), linkKey: linkKey(app.config.livekit.apiSecret) });

/** A public call's page with its registration form (GET /calls/:id, and the form with its errors). */
export function callPageWithRegistration(app: FastifyInstance, call: CallRecord, state?: FormState): string {
  const offer = offerFor(app, call);
  return callPage(pageContext(app), call, { membersOnly: offer.members, form: registrationForm(call, offer, state) });
}

const registration: FastifyPluginAsync = async (app) => {
  // Forms post urlencoded; only this plugin's routes read it (the JSON API stays JSON).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  const perAddress = new FailureThrottle(app.config.registrationRateLimit, WINDOW_MS);
  const perEmail = new FailureThrottle(PER_EMAIL.max, PER_EMAIL.windowMs);
  const { regs, service, keys } = app.registration;
  const ctx = () => pageContext(app);

  const registerable = (id: string): CallRecord => {
    const call = app.store.getCall(id);
    if (!call || !call.schedule.public) throw new HttpError(404, 'not_found', 'No such public call');
    if (call.endedAt !== null) throw new HttpError(409, 'call_ended', 'This call has ended');
    if (!regs.settings(id).registration) throw new HttpError(403, 'forbidden', 'This call does not take registrations');
    return call;
  };

  /** Validates, throttles and stores one registration; throws HttpError with what to fix. */
  const register = (req: FastifyRequest, reply: FastifyReply, call: CallRecord, input: unknown) => {
    const addressKey = networkOf(req.ip);
    const wait = perAddress.retryAfter(addressKey);
    if (wait > 0) {
      reply.header('retry-after', Math.ceil(wait / 1000));
      throw new HttpError(429, 'rate_limited', 'Too many registrations from your network; try again later');
    }
    perAddress.fail(addressKey);
    const body = parseOrThrow(registerBody, input, 'registration');
    const emailWait = perEmail.retryAfter(body.email);
    if (emailWait > 0) {
      reply.header('retry-after', Math.ceil(emailWait / 1000));
      throw new HttpError(429, 'rate_limited', 'Too many registrations for this email address; try again later');
    }
    perEmail.fail(body.email);
    if (body.org !== null && !regs.org(body.org)) throw new HttpError(400, 'invalid_input', 'Choose a member organization from the list', [{ path: ['org'], message: 'unknown organization' }]);
    const settings = regs.settings(call.id);
    const answers: Record<string, string> = {};
    for (const q of settings.questions) {
      const a = body.answers?.[q.id]?.trim() ?? '';
      if (q.required && !a) throw new HttpError(400, 'invalid_input', `Please answer: ${q.label}`, [{ path: ['answers', q.id], message: 'required' }]);
      if (a) answers[q.id] = a;
    }
    if (regs.liveByEmail(call.id, body.email)) {
      throw new HttpError(409, 'conflict', 'This email address is already registered for this call: the mail we sent has your links');
    }
    try {
      return service.register({ callId: call.id, name: body.name, email: body.email, orgId: body.org, answers, series: body.series && settings.seriesId !== null });
    } catch (err) {
      // Two requests raced past the check: the unique index kept one.
      if (String(err).includes('UNIQUE')) throw new HttpError(409, 'conflict', 'This email address is already registered for this call');
      throw err;
    }
  };

  app.post('/api/calls/:id/registrations', async (req, reply) => {
    const { id } = parseOrThrow(params, req.params, 'path');
    const call = registerable(id);
    const { registration: r, status } = register(req, reply, call, req.body);
    void app.registration.queue.kick();
    return reply.status(201).send({ id: r.id, status });
  });

  app.post('/calls/:id/register', async (req, reply) => {
    const { id } = parseOrThrow(params, req.params, 'path');
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    const form = (req.body ?? {}) as Record<string, string>;
    const answers = Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith('q_')).map(([k, v]) => [k.slice(2), v]));
    const input = { name: form.name, email: form.email, org: form.org, series: form.series, answers };
    let call: CallRecord;
    try {
      call = registerable(id);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return reply.status(err.statusCode).send(simplePage(ctx(), 'Registration closed', err.message));
    }
    try {
      const { status } = register(req, reply, call, input);
      void app.registration.queue.kick();
      return reply.status(201).send(registeredPage(ctx(), call, status));
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const details = Array.isArray(err.details) ? (err.details as { path: string[]; message: string }[]) : [];
      const errors = details.length ? details.map((d) => (d.path[0] === 'email' || d.path[0] === 'name' ? `${d.path[0] === 'name' ? 'Name' : 'Email'}: ${d.message}` : `${d.path.join(' ')}: ${d.message}`)) : [err.message];
      const values = { name: form.name ?? '', email: form.email ?? '', org: form.org ?? '', series: Boolean(form.series), answers };
      return reply.status(err.statusCode).send(callPageWithRegistration(app, call, { values, errors }));
    }
  });

  // Each registrant's page. GET shows; every change is a POST (mail scanners open links).
  const byToken = (token: string): { r: Registration; call: CallRecord } => {
    const r = regs.findByManage(hashSecret(token));
    const call = r ? app.store.getCall(r.callId) : null;
    if (!r || !call) throw new HttpError(404, 'not_found', 'No such registration');
    return { r, call };
  };
  const manage = (reply: FastifyReply, token: string, done?: string) => {
    const { r, call } = byToken(token);
    const action = new URL(manageLink(keys, r.id)).pathname;
    const org = r.orgId ? (regs.org(r.orgId)?.name ?? null) : null;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(managePage(ctx(), call, r, action, { org, orgs: regs.orgs(), ...(done ? { done } : {}) }));
  };
  const htmlErrors = async (reply: FastifyReply, run: () => unknown) => {
    try {
      return await run();
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      return reply.status(err.statusCode).type('text/html; charset=utf-8').send(simplePage(ctx(), 'Registration not found', err.message));
    }
  };

  app.get('/registrations/:token', async (req, reply) => {
    const { token } = parseOrThrow(tokenParams, req.params, 'path');
    return htmlErrors(reply, () => manage(reply, token));
  });
  app.post('/registrations/:token/confirm', async (req, reply) => {
    const { token } = parseOrThrow(tokenParams, req.params, 'path');
    return htmlErrors(reply, () => {
      const status = service.confirm(byToken(token).r);
      return manage(reply, token, status === 'waitlisted' ? 'The call filled up while your registration waited for confirmation: you are on the waitlist.' : 'Thank you: your registration is confirmed.');
    });
  });
  app.post('/registrations/:token/resend', async (req, reply) => {
    const { token } = parseOrThrow(tokenParams, req.params, 'path');
    return htmlErrors(reply, () => {
      const { r } = byToken(token);
      if (r.status === 'cancelled' || r.status === 'waitlisted') throw new HttpError(409, 'conflict', 'This registration has no personal link');
      service.relink(r);
      void app.registration.queue.kick();
      return manage(reply, token, 'We mailed you a new personal link; the old one no longer works.');
    });
  });
  app.post('/registrations/:token/change', async (req, reply) => {
    const { token } = parseOrThrow(tokenParams, req.params, 'path');
    return htmlErrors(reply, () => {
      const { r } = byToken(token);
      const { name, org } = parseOrThrow(changeBody, req.body, 'change');
      if (r.status === 'cancelled') throw new HttpError(409, 'conflict', 'This registration is cancelled');
      if (org !== null && !regs.org(org)) throw new HttpError(400, 'invalid_input', 'Choose a member organization from the list');
      regs.update(r.id, name, org);
      return manage(reply, token, 'Saved.');
    });
  });
  // GET asks (a scanner opening the List-Unsubscribe link cancels nothing); POST cancels, which is
  // also the one-click unsubscribe of RFC 8058.
  app.get('/registrations/:token/cancel', async (req, reply) => {
    const { token } = parseOrThrow(tokenParams, req.params, 'path');
    return htmlErrors(reply, () => {
      const { r, call } = byToken(token);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(cancelConfirmPage(ctx(), call, `${new URL(manageLink(keys, r.id)).pathname}/cancel`));
    });
  });
  app.post('/registrations/:token/cancel', async (req, reply) => {
    const { token } = parseOrThrow(tokenParams, req.params, 'path');
    return htmlErrors(reply, () => {
      service.cancel(byToken(token).r);
      void app.registration.queue.kick();
      return manage(reply, token, 'Your registration is cancelled.');
    });
  });
};

export default registration;

// The console's side of registration: member organizations (with their vote weight), series,
// each call's registration settings and registrants, the outbox of every mail, attendance (JSON
// and CSV), and privacy (retention, export and erasure of one person). Owners and organizers.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { newId } from '../../accounts/tokens';
import { HttpError } from '../../http/errors';
import { parseOrThrow } from '../../http/validate';
import { ATTENDANCE_COLUMNS, callAttendance, seriesAttendance } from '../../registration/attendance-report';
import { toCsv } from '../../registration/csv';
import { ACCESS_MODES, type Registration } from '../../registration/registration-store';
import { erasePerson, exportPerson } from '../../registration/privacy';
import { requireOrganizer } from './call-auth';
import { idParams } from './schemas';

const orgBody = z.strictObject({ name: z.string().trim().min(1).max(120), weight: z.number().int().min(1).max(1_000_000).default(1) });
const seriesBody = z.strictObject({ name: z.string().trim().min(1).max(120) });
const settingsBody = z.strictObject({
  access: z.enum(ACCESS_MODES),
  registration: z.boolean(),
  capacity: z.number().int().min(1).max(100_000).nullable(),
  reminders: z.array(z.number().int().min(1).max(60 * 24 * 14)).max(5).transform((r) => [...new Set(r)].sort((a, b) => b - a)),
  questions: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z0-9_]{1,32}$/), label: z.string().trim().min(1).max(200), required: z.boolean() }))
    .max(10)
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'question ids must be unique'),
  seriesId: z.string().min(1).max(64).nullable(),
});
const regParams = z.strictObject({ id: z.string().min(1).max(64), registrationId: z.string().min(1).max(64) });
const formatQuery = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });
const retentionBody = z.strictObject({ retentionDays: z.number().int().min(1).max(3650) });
// Any address (a throwaway one may have registered before the list knew its domain).
const personQuery = z.strictObject({ email: z.email().max(254).transform((e) => e.toLowerCase()) });

const publicRegistration = (r: Registration, orgName: string | null) => ({
  id: r.id,
  name: r.name,
  email: r.email,
  organization: orgName,
  series: r.seriesId !== null,
  answers: r.answers,
  status: r.status,
  joined: r.device !== null,
  createdAt: new Date(r.createdAt).toISOString(),
});

const registrationRoutes: FastifyPluginAsync = async (app) => {
  const { regs, mail, service } = app.registration;
  const noStore = { onSend: async (_req: unknown, reply: { header(k: string, v: string): unknown }, payload: unknown) => (reply.header('cache-control', 'no-store'), payload) };
  const requireCall = (id: string) => {
    const call = app.store.getCall(id);
    if (!call) throw new HttpError(404, 'not_found', 'No such call');
    return call;
  };

  app.get('/api/console/orgs', noStore, async (req) => {
    requireOrganizer(app, req);
    return { organizations: regs.orgs() };
  });
  app.post('/api/console/orgs', async (req, reply) => {
    requireOrganizer(app, req);
    const body = parseOrThrow(orgBody, req.body, 'organization');
    if (regs.orgs().some((o) => o.name.toLowerCase() === body.name.toLowerCase())) throw new HttpError(409, 'conflict', 'An organization with this name exists');
    const org = { id: newId(), name: body.name, weight: body.weight, createdAt: Date.now() };
    regs.createOrg(org);
    return reply.status(201).send({ organization: org });
  });
  app.put('/api/console/orgs/:id', async (req) => {
    requireOrganizer(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const body = parseOrThrow(orgBody, req.body, 'organization');
    if (regs.orgs().some((o) => o.id !== id && o.name.toLowerCase() === body.name.toLowerCase())) throw new HttpError(409, 'conflict', 'An organization with this name exists');
    if (!regs.updateOrg({ id, ...body })) throw new HttpError(404, 'not_found', 'No such organization');
    return { organization: regs.org(id) };
  });
  app.delete('/api/console/orgs/:id', async (req, reply) => {
    requireOrganizer(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    if (!regs.deleteOrg(id)) throw new HttpError(404, 'not_found', 'No such organization');
    return reply.status(204).send();
  });

  app.get('/api/console/series', noStore, async (req) => {
    requireOrganizer(app, req);
    return { series: regs.series().map((s) => ({ ...s, calls: regs.callsOfSeries(s.id) })) };
  });
  app.post('/api/console/series', async (req, reply) => {
    requireOrganizer(app, req);
    const body = parseOrThrow(seriesBody, req.body, 'series');
    const series = { id: newId(), name: body.name, createdAt: Date.now() };
    regs.createSeries(series);
    return reply.status(201).send({ series });
  });
  app.get('/api/console/series/:id/attendance', noStore, async (req, reply) => {
    requireOrganizer(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const { format } = parseOrThrow(formatQuery, req.query, 'query');
    if (!regs.oneSeries(id)) throw new HttpError(404, 'not_found', 'No such series');
    const report = seriesAttendance(app, id);
    if (format === 'json') return report;
    const csv = toCsv(
      ['name', 'email', 'organization', ...report.calls.map((c) => `${c.title} (${c.startsAt ?? c.id})`)],
      report.people.map((p) => [p.name, p.email, p.organization, ...report.calls.map((c) => p.minutes[c.id] ?? '')]),
    );
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="series-${id}-attendance.csv"`).send(csv);
  });

  app.get('/api/console/calls/:id/registration', noStore, async (req) => {
    requireOrganizer(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    requireCall(id);
    const orgs = new Map(regs.orgs().map((o) => [o.id, o.name]));
    const registrations = regs.ofCall(id).map((r) => publicRegistration(r, r.orgId ? (orgs.get(r.orgId) ?? null) : null));
    const count = (s: Registration['status']) => registrations.filter((r) => r.status === s).length;
    return {
      settings: regs.settings(id),
      registrations,
      counts: { pending: count('pending'), confirmed: count('confirmed'), waitlisted: count('waitlisted'), cancelled: count('cancelled') },
    };
  });
  app.put('/api/console/calls/:id/registration', async (req) => {
    requireOrganizer(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    requireCall(id);
    const body = parseOrThrow(settingsBody, req.body, 'registration settings');
    if (body.seriesId !== null && !regs.oneSeries(body.seriesId)) throw new HttpError(404, 'not_found', 'No such series');
    regs.putSettings({ callId: id, ...body });
    // A larger capacity (or none) lets waitlisted people in.
    service.promote(id);
    void app.registration.queue.kick();
    return { settings: regs.settings(id) };
  });
  app.post('/api/console/calls/:id/registrations/:registrationId/resend', async (req) => {
    requireOrganizer(app, req);
    const { id, registrationId } = parseOrThrow(regParams, req.params, 'path');
    const r = regs.registration(registrationId);
    if (!r || !regs.ofCall(id).some((x) => x.id === r.id)) throw new HttpError(404, 'not_found', 'No such registration');
    if (r.status === 'cancelled' || r.status === 'waitlisted') throw new HttpError(409, 'conflict', 'This registration has no personal link');
    // The old link's browser loses its sessions in this call: the new link is the person's now.
    if (r.identity) app.accounts.deleteCallSessions(id, r.identity);
    service.relink(r);
    void app.registration.queue.kick();
    return { ok: true };
  });
  app.delete('/api/console/calls/:id/registrations/:registrationId', async (req, reply) => {
    requireOrganizer(app, req);
    const { id, registrationId } = parseOrThrow(regParams, req.params, 'path');
    const r = regs.registration(registrationId);
    if (!r || !regs.ofCall(id).some((x) => x.id === r.id)) throw new HttpError(404, 'not_found', 'No such registration');
    service.cancel(r);
    void app.registration.queue.kick();
    return reply.status(204).send();
  });

  app.get('/api/console/calls/:id/attendance', noStore, async (req, reply) => {
    requireOrganizer(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const { format } = parseOrThrow(formatQuery, req.query, 'query');
    const call = requireCall(id);
    const report = callAttendance(app, id);
    if (format === 'json') return { call: { id, title: call.title, endedAt: call.endedAt }, ...report };
    const csv = toCsv(ATTENDANCE_COLUMNS, report.rows.map((r) => ATTENDANCE_COLUMNS.map((c) => r[c])));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="attendance-${id}.csv"`).send(csv);
  });

  app.get('/api/console/outbox', noStore, async (req) => {
    requireOrganizer(app, req);
    return {
      smtp: app.config.mail.smtpUrl !== null,
      mails: mail.list(200).map((m) => ({
        id: m.id,
        kind: m.kind,
        to: m.toAddress,
        subject: m.subject,
        text: m.textBody,
        status: m.status,
        attempts: m.attempts,
        lastError: m.lastError,
        callId: m.callId,
        createdAt: new Date(m.createdAt).toISOString(),
        sentAt: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
      })),
    };
  });

  app.get('/api/console/privacy', noStore, async (req) => {
    requireOrganizer(app, req);
    return regs.retention();
  });
  app.put('/api/console/privacy', async (req) => {
    requireOrganizer(app, req);
    const { retentionDays } = parseOrThrow(retentionBody, req.body, 'privacy settings');
    regs.setRetention(retentionDays);
    void app.registration.queue.kick();
    return regs.retention();
  });
  app.get('/api/console/privacy/person', noStore, async (req, reply) => {
    requireOrganizer(app, req);
    const { email } = parseOrThrow(personQuery, req.query, 'query');
    return reply.header('content-disposition', 'attachment; filename="personal-data.json"').send(exportPerson(app, email));
  });
  app.post('/api/console/privacy/erase', async (req) => {
    const by = requireOrganizer(app, req);
    const { email } = parseOrThrow(personQuery, req.body, 'erasure');
    const result = erasePerson(app, email);
    req.log.info({ registrations: result.registrations, events: result.events, by: by.kind }, 'personal data erased');
    return result;
  });
};

export default registrationRoutes;

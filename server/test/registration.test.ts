// Registration against the real server, SQLite, LiveKit and a real SMTP server in this process:
// the public form (HTML, no JavaScript), double opt-in, the personal link (bound at the first
// successful join, never by opening it), members-only calls, capacity and waitlist, reminders on
// a clock the test moves, retries with backoff, the outbox without SMTP, attendance and its CSV,
// erasure, and the bad input and floods a troll sends. Membership starts at the first websocket
// hello, not at the HTTP join: a person who should be in the call says hello (firstHello).
import { parse } from 'csv-parse/sync';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashSecret } from '../src/calls/secrets';
import { api, firstHello, inviteOf, joinRaw } from '../../test/api';
import { startSmtp, linksIn, type TestSmtp } from '../../test/smtp';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';

let server: TestServer;
let smtp: TestSmtp;
const key = { authorization: `Bearer ${ORGANIZER_KEY}` };
const HOUR = 3600_000;

beforeAll(async () => {
  smtp = await startSmtp();
  server = await startTestServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Caucus <calls@example.org>', CAUCUS_TEST_CLOCK: '1' } });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const setClock = (now: number) => api(server.baseUrl, 'POST', '/api/internal/clock', { now });

async function announcedCall(opts: { access?: 'open' | 'members'; capacity?: number | null; startsIn?: number; seriesId?: string | null; title?: string } = {}) {
  const startsAt = new Date(Date.now() + (opts.startsIn ?? 48 * HOUR));
  const res = await api(
    server.baseUrl,
    'POST',
    '/api/calls',
    { title: opts.title ?? 'Coalition call', schedule: { public: true, startsAt: startsAt.toISOString(), timeZone: 'America/New_York', durationMin: 60 } },
    key,
  );
  expect(res.status).toBe(201);
  const id = res.json.call.id as string;
  const settings = { access: opts.access ?? 'open', registration: true, capacity: opts.capacity ?? null, reminders: [1440, 60], questions: [], seriesId: opts.seriesId ?? null };
  expect((await api(server.baseUrl, 'PUT', `/api/console/calls/${id}/registration`, settings, key)).status).toBe(200);
  return { id, startsAt: startsAt.getTime(), participantLink: res.json.links.participant as string };
}

/** Posts the public page's form as a browser without JavaScript does. */
const registerForm = (callId: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}/calls/${callId}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  }).then(async (r) => ({ status: r.status, html: await r.text() }));

const registrations = async (callId: string) => (await api(server.baseUrl, 'GET', `/api/console/calls/${callId}/registration`, undefined, key)).json;
const mailTo = (address: string, subject: RegExp, count = 1) => smtp.waitFor((m) => (m.to as { text: string }).text.includes(address) && subject.test(m.subject ?? ''), count);
const post = (url: string) => fetch(url, { method: 'POST' }).then(async (r) => ({ status: r.status, html: await r.text() }));

describe('register, confirm, join', () => {
  test('the form registers; the confirmation mail has text and HTML, the .ics, List-Unsubscribe and absolute links', async () => {
    const call = await announcedCall();
    const page = await fetch(`${server.baseUrl}/calls/${call.id}`).then((r) => r.text());
    expect(page).toContain('data-testid="register-form"');
    const res = await registerForm(call.id, { name: 'Ana Registrant', email: 'Ana@Example.org' });
    expect(res.status).toBe(201);
    expect(res.html).toContain('data-status="pending"');
    const [mail] = await mailTo('ana@example.org', /You are registered/);
    expect(mail!.text).toContain('Ana Registrant');
    expect(mail!.html).toContain('Join the call');
    const { join, manage } = linksIn(mail!);
    expect(join).toMatch(new RegExp(`^${server.baseUrl}/c/${call.id}\\?invite=r1_`));
    expect(manage).toMatch(new RegExp(`^${server.baseUrl}/registrations/`));
    expect(mail!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain(`<${manage}/cancel>`);
    expect(mail!.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toContain('List-Unsubscribe=One-Click');
    expect(mail!.messageId).toMatch(/^<.+@127\.0\.0\.1>$/);
    const ics = mail!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics?.content.toString()).toContain('BEGIN:VEVENT');
    expect(ics?.content.toString().replace(/\r\n /g, '')).toContain(join!);
    const list = await registrations(call.id);
    expect(list.registrations).toEqual([expect.objectContaining({ name: 'Ana Registrant', email: 'ana@example.org', status: 'pending' })]);
  });

  test('opening the links changes nothing (mail scanners); the confirm button confirms', async () => {
    const call = await announcedCall();
    await registerForm(call.id, { name: 'Bea Scanner', email: 'bea@example.org' });
    const { join, manage } = linksIn((await mailTo('bea@example.org', /You are registered/))[0]!);
    // (The join link's page is the web app, which integration tests do not build: its API is what a page load calls.)
    expect((await fetch(`${server.baseUrl}/api/calls/${call.id}`)).status).toBe(200);
    expect(join).toContain('invite=');
    for (const url of [manage!, `${manage}/cancel`]) expect((await fetch(url)).status).toBe(200);
    expect((await registrations(call.id)).registrations[0]).toMatchObject({ status: 'pending', joined: false });
    const confirmed = await post(`${manage}/confirm`);
    expect(confirmed.html).toContain('data-status="confirmed"');
    expect((await registrations(call.id)).registrations[0].status).toBe('confirmed');
    // The change form (no JavaScript): a new name; an unknown organization is refused and changes nothing.
    const change = (fields: Record<string, string>) =>
      fetch(`${manage}/change`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    expect((await change({ name: 'Bea Changed' })).status).toBe(200);
    expect((await change({ name: 'Bea Again', org: 'no-such-org' })).status).toBe(400);
    expect((await registrations(call.id)).registrations[0]).toMatchObject({ name: 'Bea Changed', organization: null });
  });

  test('members only: the public link is refused, the personal link admits under the registered name, one browser', async () => {
    const call = await announcedCall({ access: 'members' });
    const page = await fetch(`${server.baseUrl}/calls/${call.id}`).then((r) => r.text());
    expect(page).not.toContain('data-testid="join-link"');
    const pub = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(call.participantLink), name: 'Walk In' });
    expect([pub.status, pub.json.error.code]).toEqual([403, 'members_only']);

    const org = (await api(server.baseUrl, 'POST', '/api/console/orgs', { name: 'Tenants Union', weight: 3 }, key)).json.organization;
    expect((await fetch(`${server.baseUrl}/calls/${call.id}`).then((r) => r.text())).includes('Tenants Union')).toBe(true);
    await registerForm(call.id, { name: 'Cy Member', email: 'cy@example.org', org: org.id });
    const { join } = linksIn((await mailTo('cy@example.org', /You are registered/))[0]!);
    const first = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(join!), name: 'Somebody Else' });
    expect(first.status).toBe(200);
    expect(first.json.name).toBe('Cy Member');
    // The HTTP join minted a session only: nobody is in the call (nor its lobby) until the hello.
    const before = server.app.calls.get(call.id)!.state;
    expect(before.members.has(first.json.identity) || before.lobby.has(first.json.identity)).toBe(false);
    await firstHello(server.baseUrl, call.id, first.json.sessionToken);
    const state = server.app.calls.get(call.id)!.state;
    // The member carries the registration's organization (votes weigh by it) and that they registered,
    // in the call's state and in the session their reconnects go through.
    // (Doors closed before an announced call: they wait in the pre-call room, the lobby.)
    const member = (state.members.get(first.json.identity) ?? state.lobby.get(first.json.identity))!;
    expect([member.org, member.registered]).toEqual([{ id: org.id, name: 'Tenants Union', weight: 3 }, true]);
    const session = server.app.store.findSession(hashSecret(first.json.sessionToken))!;
    expect([session.org, session.registered]).toEqual([{ id: org.id, name: 'Tenants Union', weight: 3 }, true]);
    // Joining confirmed the registration (the mailbox is theirs).
    expect((await registrations(call.id)).registrations[0]).toMatchObject({ status: 'confirmed', joined: true });
    const other = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(join!), name: 'Cy' });
    expect([other.status, other.json.error.code]).toEqual([403, 'invitation_used']);
    const device = /caucus_device=([^;]+)/.exec(first.headers.get('set-cookie') ?? '')![1]!;
    const again = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(join!), name: 'Cy' }, { device });
    expect(again.json.identity).toBe(first.json.identity);
  });

  test('a re-sent link retires the old one', async () => {
    const call = await announcedCall();
    await registerForm(call.id, { name: 'Dee Resend', email: 'dee@example.org' });
    const { join: old, manage } = linksIn((await mailTo('dee@example.org', /You are registered/))[0]!);
    await post(`${manage}/resend`);
    const { join: fresh } = linksIn((await mailTo('dee@example.org', /Your new link/))[0]!);
    expect(fresh).not.toBe(old);
    expect((await joinRaw(server.baseUrl, call.id, { invite: inviteOf(old!), name: 'Dee' })).json.error.code).toBe('bad_invite');
    expect((await joinRaw(server.baseUrl, call.id, { invite: inviteOf(fresh!), name: 'Dee' })).status).toBe(200);
  });
});

describe('capacity and waitlist', () => {
  test('past the capacity people wait; a cancellation moves the oldest up and mails them', async () => {
    const call = await announcedCall({ capacity: 1 });
    await registerForm(call.id, { name: 'Eve First', email: 'eve@example.org' });
    const second = await registerForm(call.id, { name: 'Finn Second', email: 'finn@example.org' });
    expect(second.html).toContain('data-status="waitlisted"');
    await registerForm(call.id, { name: 'Gus Third', email: 'gus@example.org' });
    const { join: waitingLink } = linksIn((await mailTo('finn@example.org', /waitlist/))[0]!);
    expect(waitingLink).toBeNull();
    const { manage } = linksIn((await mailTo('eve@example.org', /You are registered/))[0]!);
    await post(`${manage}/cancel`);
    const promoted = await mailTo('finn@example.org', /A place freed up/);
    expect(linksIn(promoted[0]!).join).toContain(`/c/${call.id}?invite=`);
    const byName = Object.fromEntries((await registrations(call.id)).registrations.map((r: { name: string; status: string }) => [r.name, r.status]));
    expect(byName).toEqual({ 'Eve First': 'cancelled', 'Finn Second': 'confirmed', 'Gus Third': 'waitlisted' });
  });
});

describe('trolls', () => {
  test('places held by registrations nobody confirms free up after a day; the waitlist moves up', async () => {
    const call = await announcedCall({ capacity: 1, startsIn: 5 * 24 * HOUR });
    await registerForm(call.id, { name: 'Hold Troll', email: 'holder@example.org' });
    const waiting = await registerForm(call.id, { name: 'Rae Waiting', email: 'rae@example.org' });
    expect(waiting.html).toContain('data-status="waitlisted"');
    await setClock(Date.now() + 23 * HOUR);
    expect(smtp.to('rae@example.org').map((m) => m.subject)).toEqual(['On the waitlist: Coalition call']);
    await setClock(Date.now() + 24 * HOUR + 60_000);
    await mailTo('rae@example.org', /A place freed up/);
    // The troll confirms late: the place is gone, they wait.
    const { manage } = linksIn((await mailTo('holder@example.org', /You are registered/))[0]!);
    const late = await post(`${manage}/confirm`);
    expect(late.html).toContain('data-status="waitlisted"');
    const byName = Object.fromEntries((await registrations(call.id)).registrations.map((r: { name: string; status: string }) => [r.name, r.status]));
    expect(byName).toEqual({ 'Hold Troll': 'waitlisted', 'Rae Waiting': 'confirmed' });
    await setClock(Date.now());
  });

  test('one address registering many emails is throttled (REGISTRATION_RATE_LIMIT per 10 minutes)', async () => {
    const limited = await startTestServer({ env: { REGISTRATION_RATE_LIMIT: '3' } });
    try {
      const res = await api(limited.baseUrl, 'POST', '/api/calls', { title: 'Flooded', schedule: { public: true, startsAt: new Date(Date.now() + 48 * HOUR).toISOString() } }, key);
      const id = res.json.call.id;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await api(limited.baseUrl, 'POST', `/api/calls/${id}/registrations`, { name: `Bot ${i}`, email: `bot${i}@example.org` })).status);
      expect(statuses).toEqual([201, 201, 201, 429, 429, 429]);
      expect((await api(limited.baseUrl, 'GET', `/api/console/calls/${id}/registration`, undefined, key)).json.registrations).toHaveLength(3);
    } finally {
      await limited.close();
    }
  });
});

describe('bad input stores nothing', () => {
  test('invalid and throwaway emails, duplicates, unknown organizations, floods', async () => {
    const call = await announcedCall();
    for (const [fields, text] of [
      [{ name: 'X', email: 'not-an-email' }, 'valid email'],
      [{ name: 'X', email: 'x@mailinator.com' }, 'Throwaway'],
      [{ name: '', email: 'x@example.org' }, 'Name'],
      [{ name: 'X', email: 'x@example.org', org: 'no-such-org' }, 'organization'],
    ] as const) {
      const res = await registerForm(call.id, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.html).toContain(text);
      expect(res.html).toContain('data-testid="register-errors"');
    }
    expect((await registrations(call.id)).registrations).toEqual([]);
    expect((await registerForm(call.id, { name: 'Hal', email: 'hal@example.org' })).status).toBe(201);
    const dup = await registerForm(call.id, { name: 'Hal Again', email: 'HAL@example.org' });
    expect(dup.status).toBe(409);
    // Three tries per address and hour, whatever the call: the fourth is throttled.
    expect((await registerForm(call.id, { name: 'Hal 3', email: 'hal@example.org' })).status).toBe(409);
    const flood = await registerForm(call.id, { name: 'Hal 4', email: 'hal@example.org' });
    expect(flood.status).toBe(429);
    expect(flood.html).toContain('Too many registrations for this email');
    expect((await registrations(call.id)).registrations).toHaveLength(1);
    const json = await api(server.baseUrl, 'POST', `/api/calls/${call.id}/registrations`, { name: 'Ivy', email: 'ivy@example.org', extra: 'field' });
    expect([json.status, json.json.error.code]).toEqual([400, 'invalid_input']);
  });
});

describe('mails on the clock', () => {
  test('reminders 24 h and 1 h before go to confirmed registrants once each; a change of time mails once', async () => {
    const call = await announcedCall({ startsIn: 72 * HOUR });
    await registerForm(call.id, { name: 'Jo Confirmed', email: 'jo@example.org' });
    await registerForm(call.id, { name: 'Kim Pending', email: 'kim@example.org' });
    const { manage } = linksIn((await mailTo('jo@example.org', /You are registered/))[0]!);
    await post(`${manage}/confirm`);

    await setClock(call.startsAt - 25 * HOUR);
    expect(smtp.mails.filter((m) => /^In /.test(m.subject ?? '') && m.text?.includes(call.id))).toHaveLength(0);
    await setClock(call.startsAt - 24 * HOUR + 1000);
    await mailTo('jo@example.org', /^In 1 day/);
    await setClock(call.startsAt - 24 * HOUR + 60_000);
    await setClock(call.startsAt - HOUR + 1000);
    await mailTo('jo@example.org', /^In 1 hour/);
    await setClock(call.startsAt - HOUR + 2000);
    const reminders = smtp.to('jo@example.org').filter((m) => /^In /.test(m.subject ?? ''));
    expect(reminders.map((m) => m.subject)).toEqual(['In 1 day: Coalition call', 'In 1 hour: Coalition call']);
    // Kim never confirmed: no reminders (double opt-in).
    expect(smtp.to('kim@example.org').map((m) => m.subject)).toEqual(['You are registered: Coalition call']);
    await setClock(Date.now());

    // A change of time mails everyone confirmed once, with the new calendar entry.
    const later = new Date(call.startsAt + 2 * HOUR).toISOString();
    await api(server.baseUrl, 'PUT', `/api/calls/${call.id}/schedule`, { public: true, startsAt: later, timeZone: 'America/New_York', durationMin: 60 }, key);
    await setClock(Date.now());
    await mailTo('jo@example.org', /^New time/);
    await setClock(Date.now() + 1);
    expect(smtp.to('jo@example.org').filter((m) => /^New time/.test(m.subject ?? ''))).toHaveLength(1);
  });

  test('a refused mail is retried with backoff and delivered once', async () => {
    const call = await announcedCall();
    smtp.refuse = true;
    await registerForm(call.id, { name: 'Lou Retry', email: 'lou@example.org' });
    await expect.poll(() => smtp.refused, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const outbox = async () => (await api(server.baseUrl, 'GET', '/api/console/outbox', undefined, key)).json.mails.find((m: { to: string }) => m.to === 'lou@example.org');
    expect(await outbox()).toMatchObject({ status: 'queued', attempts: 1, lastError: expect.stringContaining('451') });
    smtp.refuse = false;
    // Not before the backoff (1 minute).
    await setClock(Date.now() + 30_000);
    expect(smtp.to('lou@example.org')).toHaveLength(0);
    await setClock(Date.now() + 61_000);
    await mailTo('lou@example.org', /You are registered/);
    await setClock(Date.now() + 10 * 60_000);
    expect(smtp.to('lou@example.org')).toHaveLength(1);
    expect(await outbox()).toMatchObject({ status: 'sent', attempts: 2 });
    await setClock(Date.now());
  });
});

describe('without SMTP', () => {
  test('mails wait in the outbox the console shows', async () => {
    const bare = await startTestServer({ env: { CAUCUS_TEST_CLOCK: '1' } });
    try {
      const res = await api(bare.baseUrl, 'POST', '/api/calls', { title: 'No SMTP call', schedule: { public: true, startsAt: new Date(Date.now() + 48 * HOUR).toISOString() } }, key);
      const id = res.json.call.id;
      // Default settings (the organizers set nothing): registration is open, reminders 24 h and 1 h before.
      const reg = await api(bare.baseUrl, 'POST', `/api/calls/${id}/registrations`, { name: 'Mo Outbox', email: 'mo@example.org' });
      await expect
        .poll(async () => (await api(bare.baseUrl, 'GET', '/api/console/outbox', undefined, key)).json)
        .toMatchObject({ smtp: false, mails: [expect.objectContaining({ to: 'mo@example.org', status: 'outbox', subject: 'You are registered: No SMTP call' })] });
      // Confirmed, the reminder follows, into the outbox too.
      bare.app.registration.service.confirm(bare.app.registration.regs.registration(reg.json.id)!);
      const startsAt = bare.app.store.getCall(id)!.schedule.startsAt!;
      await api(bare.baseUrl, 'POST', '/api/internal/clock', { now: startsAt - HOUR + 1000 });
      const mails = (await api(bare.baseUrl, 'GET', '/api/console/outbox', undefined, key)).json.mails;
      expect(mails.map((m: { subject: string; status: string }) => `${m.subject} ${m.status}`)).toEqual(['In 1 hour: No SMTP call outbox', 'You are registered: No SMTP call outbox']);
    } finally {
      await bare.close();
    }
  });
});

describe('attendance and privacy', () => {
  test('attendance counts registrants and walk-ins; the CSV neutralizes formulas; erasure redacts and the log still replays', async () => {
    const call = await announcedCall({ startsIn: HOUR });
    await registerForm(call.id, { name: '=HYPERLINK("http://evil.example","x")', email: 'troll@example.org' });
    await registerForm(call.id, { name: 'Nia Never', email: 'nia@example.org' });
    await registerForm(call.id, { name: 'Oz Opened', email: 'oz@example.org' });
    const { join } = linksIn((await mailTo('troll@example.org', /You are registered/))[0]!);
    // Oz joins over HTTP (a session, which confirms the registration) but never connects: not present.
    const ozLink = linksIn((await mailTo('oz@example.org', /You are registered/))[0]!).join!;
    expect((await joinRaw(server.baseUrl, call.id, { invite: inviteOf(ozLink), name: 'Oz' })).status).toBe(200);
    const host = await api(server.baseUrl, 'POST', `/api/calls/${call.id}/invitations`, { role: 'host', name: 'Hana Host' }, key);
    const hostJoin = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(host.json.link), name: 'Hana' });
    const troll = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(join!), name: 'x' });
    expect(troll.status).toBe(200);
    const room = server.app.calls.get(call.id)!;
    // Sessions only, until each says hello: the call refuses their commands.
    expect((await room.execute({ type: 'open_doors' }, hostJoin.json.identity)).ok).toBe(false);
    expect((await room.execute({ type: 'chat_send', text: 'before my hello' }, troll.json.identity)).ok).toBe(false);
    await firstHello(server.baseUrl, call.id, hostJoin.json.sessionToken);
    await firstHello(server.baseUrl, call.id, troll.json.sessionToken);
    expect((await room.execute({ type: 'open_doors' }, hostJoin.json.identity)).ok).toBe(true);
    expect((await room.execute({ type: 'chat_send', text: 'my secret phone 555-0100' }, troll.json.identity)).ok).toBe(true);
    await setClock(Date.now());
    await mailTo('troll@example.org', /^We are live/);
    expect((await room.execute({ type: 'close_call' }, 'system')).ok).toBe(true);
    await setClock(Date.now());
    await mailTo('troll@example.org', /^Thank you for coming/);
    await setClock(Date.now() + 1);
    // Nia never confirmed: neither mail. The troll got each once.
    expect(smtp.to('nia@example.org').map((m) => m.subject)).toEqual([expect.stringMatching(/^You are registered/)]);
    expect(smtp.to('troll@example.org').filter((m) => /^(We are live|Thank you)/.test(m.subject ?? ''))).toHaveLength(2);

    const report = (await api(server.baseUrl, 'GET', `/api/console/calls/${call.id}/attendance`, undefined, key)).json;
    const rows = Object.fromEntries(report.rows.map((r: { name: string }) => [r.name, r]));
    expect(rows['Nia Never']).toMatchObject({ registration: 'pending', firstJoin: null, minutesPresent: 0 });
    expect(rows['Oz Opened']).toMatchObject({ registration: 'confirmed', firstJoin: null, minutesPresent: 0 });
    expect(rows['=HYPERLINK("http://evil.example","x")']).toMatchObject({ registration: 'confirmed', firstJoin: expect.any(String), chatMessages: 1 });
    expect(rows['Hana Host'] ?? rows['Hana']).toMatchObject({ registration: 'walk-in', role: 'host' });

    const csv = await fetch(`${server.baseUrl}/api/console/calls/${call.id}/attendance?format=csv`, { headers: key }).then((r) => r.text());
    const parsed = parse(csv.slice(1)) as string[][];
    expect(parsed[0]).toContain('secondsSpoken');
    expect(parsed.map((r) => r[0])).toContain(`'=HYPERLINK("http://evil.example","x")`);
    for (const r of parsed.slice(1)) expect(r[0]).not.toMatch(/^[=+\-@]/);

    const exported = (await api(server.baseUrl, 'GET', `/api/console/privacy/person?email=troll@example.org`, undefined, key)).json;
    expect(exported.registrations[0].calls[0].chat[0].text).toBe('my secret phone 555-0100');
    const erased = await api(server.baseUrl, 'POST', '/api/console/privacy/erase', { email: 'troll@example.org' }, key);
    expect(erased.status).toBe(200);
    expect(erased.json.events).toBeGreaterThan(0);
    const log = server.app.store.readEvents(call.id, 0);
    expect(JSON.stringify(log)).not.toContain('555-0100');
    expect(JSON.stringify(log)).not.toContain('HYPERLINK');
    // The log still replays: the room rebuilds from it with the same members and the chat line, redacted.
    const rebuilt = server.app.calls.get(call.id)!;
    expect(rebuilt.state.members.get(troll.json.identity)?.name).toBe('(erased)');
    expect(rebuilt.state.chat.at(-1)?.text).toBe('(erased)');
    expect((await registrations(call.id)).registrations.find((r: { email: string }) => r.email.startsWith('erased-'))).toBeTruthy();
  });
});

describe('series, cancellation and retention', () => {
  test('registering once covers the series: the same link admits to each call; attendance per person across calls', async () => {
    const series = (await api(server.baseUrl, 'POST', '/api/console/series', { name: 'Monday calls' }, key)).json.series;
    const a = await announcedCall({ seriesId: series.id, title: 'Monday 1' });
    const b = await announcedCall({ seriesId: series.id, title: 'Monday 2', startsIn: 9 * 24 * HOUR });
    expect(await fetch(`${server.baseUrl}/calls/${a.id}`).then((r) => r.text())).toContain('Register for every call of Monday calls');
    await registerForm(a.id, { name: 'Ola Series', email: 'ola@example.org', series: '1' });
    const { join } = linksIn((await mailTo('ola@example.org', /You are registered: Monday 1/))[0]!);
    const inA = await joinRaw(server.baseUrl, a.id, { invite: inviteOf(join!), name: 'Ola' });
    expect(inA.status).toBe(200);
    await firstHello(server.baseUrl, a.id, inA.json.sessionToken);
    const device = /caucus_device=([^;]+)/.exec(inA.headers.get('set-cookie') ?? '')![1]!;
    // The same registration lets the same browser into the next call of the series.
    const inB = await joinRaw(server.baseUrl, b.id, { invite: inviteOf(join!), name: 'Ola' }, { device });
    expect([inB.status, inB.json.name]).toEqual([200, 'Ola Series']);
    await firstHello(server.baseUrl, b.id, inB.json.sessionToken);
    // ...and is listed for both calls; a second registration for call B with the same email is a duplicate.
    expect((await registrations(b.id)).registrations.map((r: { email: string }) => r.email)).toEqual(['ola@example.org']);
    expect((await registerForm(b.id, { name: 'Ola Twice', email: 'ola@example.org' })).status).toBe(409);
    // A call outside the series refuses the link.
    const other = await announcedCall();
    expect((await joinRaw(server.baseUrl, other.id, { invite: inviteOf(join!), name: 'Ola' }, { device })).json.error.code).toBe('bad_invite');
    const report = (await api(server.baseUrl, 'GET', `/api/console/series/${series.id}/attendance`, undefined, key)).json;
    expect(report.calls.map((c: { title: string }) => c.title)).toEqual(['Monday 1', 'Monday 2']);
    expect(report.people).toEqual([expect.objectContaining({ email: 'ola@example.org', minutes: { [a.id]: expect.any(Number), [b.id]: expect.any(Number) } })]);
  });

  test('a call cancelled before anyone came mails its confirmed registrants once', async () => {
    const call = await announcedCall({ title: 'Doomed call' });
    await registerForm(call.id, { name: 'Pat Cancel', email: 'pat@example.org' });
    const { manage } = linksIn((await mailTo('pat@example.org', /You are registered: Doomed call/))[0]!);
    await post(`${manage}/confirm`);
    expect((await api(server.baseUrl, 'POST', `/api/calls/${call.id}/close`, undefined, key)).status).toBe(200);
    await setClock(Date.now());
    await mailTo('pat@example.org', /^Cancelled: Doomed call/);
    await setClock(Date.now() + 1);
    expect(smtp.to('pat@example.org').filter((m) => /^(Cancelled|Thank you)/.test(m.subject ?? '')).map((m) => m.subject)).toEqual(['Cancelled: Doomed call']);
  });

  test('past the retention period a call keeps no names, emails or chat; a ban and its fingerprints stay', async () => {
    const call = await announcedCall({ startsIn: HOUR, title: 'Old call' });
    await registerForm(call.id, { name: 'Quinn Old', email: 'quinn@example.org' });
    const { join } = linksIn((await mailTo('quinn@example.org', /You are registered: Old call/))[0]!);
    const host = await api(server.baseUrl, 'POST', `/api/calls/${call.id}/invitations`, { role: 'host', name: 'Old Host' }, key);
    const hostJoin = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(host.json.link), name: 'Old Host' });
    const quinn = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(join!), name: 'Quinn' });
    const troll = await joinRaw(server.baseUrl, call.id, { invite: inviteOf(call.participantLink), name: 'Troll Face' });
    for (const joined of [hostJoin, quinn, troll]) await firstHello(server.baseUrl, call.id, joined.json.sessionToken);
    const room = server.app.calls.get(call.id)!;
    expect((await room.execute({ type: 'open_doors' }, hostJoin.json.identity)).ok).toBe(true);
    expect((await room.execute({ type: 'chat_send', text: 'quinn was here' }, quinn.json.identity)).ok).toBe(true);
    expect((await room.execute({ type: 'ban', participant: troll.json.identity, reason: 'spam', ip: true }, hostJoin.json.identity)).ok).toBe(true);
    room.execute({ type: 'close_call' }, 'system');
    await api(server.baseUrl, 'PUT', '/api/console/privacy', { retentionDays: 1 }, key);
    await setClock(Date.now() + 2 * 24 * HOUR);
    const log = JSON.stringify(server.app.store.readEvents(call.id, 0));
    expect(log).not.toContain('Quinn Old');
    expect(log).not.toContain('quinn was here');
    const ban = server.app.store.readEvents(call.id, 0).find((e) => e.event.type === 'member_banned')!.event as { name: string; device: string | null };
    expect([ban.name, ban.device]).toEqual(['Troll Face', expect.any(String)]);
    const regs = (await registrations(call.id)).registrations;
    expect(regs.every((r: { email: string; name: string }) => r.email.startsWith('erased-') && r.name === '(erased)')).toBe(true);
    await api(server.baseUrl, 'PUT', '/api/console/privacy', { retentionDays: 180 }, key);
    await setClock(Date.now());
  });
});

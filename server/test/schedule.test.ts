// The public schedule: announced calls on a server-rendered home page and call pages (readable
// without JavaScript, with meta tags for sharing), cached with ETags, and an .ics that a real
// iCalendar parser accepts.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../../test/api';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const auth = { authorization: `Bearer ${ORGANIZER_KEY}` };
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);

async function announce(title: string, schedule: Record<string, unknown>) {
  const res = await api(server.baseUrl, 'POST', '/api/calls', { title, schedule }, auth);
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.json)}`);
  return res.json as { call: { id: string; schedule: Record<string, unknown> }; links: { participant: string } };
}

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.baseUrl}${path}`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

describe('announcing a call', () => {
  test('a public call needs a start time, and time zones are checked', async () => {
    const noStart = await api(server.baseUrl, 'POST', '/api/calls', { title: 'x', schedule: { public: true } }, auth);
    expect(noStart.status).toBe(400);
    expect(noStart.json.error.message).toMatch(/startsAt/);
    const badZone = await api(server.baseUrl, 'POST', '/api/calls', { title: 'x', schedule: { startsAt: inDays(1).toISOString(), timeZone: 'Mars/Olympus' } }, auth);
    expect(badZone.status).toBe(400);
    expect(badZone.json.error.message).toMatch(/IANA/);
  });

  test('the schedule is part of the call; a private call has no public page', async () => {
    const priv = await announce('Steering committee', { startsAt: inDays(2).toISOString(), timeZone: 'America/Chicago' });
    expect(priv.call.schedule).toMatchObject({ public: false, timeZone: 'America/Chicago', durationMin: 90 });
    expect((await page(`/calls/${priv.call.id}`)).status).toBe(404);
    expect((await page('/')).text).not.toContain('Steering committee');
  });
});

describe('the home page', () => {
  test('lists upcoming public calls soonest first, then recent ones, without JavaScript', async () => {
    const later = await announce('Later call', { public: true, startsAt: inDays(20).toISOString(), timeZone: 'America/New_York' });
    const sooner = await announce('Sooner call', { public: true, startsAt: inDays(3).toISOString(), timeZone: 'America/New_York' });
    const past = await announce('Past call', { public: true, startsAt: inDays(-2).toISOString(), timeZone: 'Europe/Berlin' });
    const home = await page('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    const upcoming = home.text.slice(home.text.indexOf('data-testid="upcoming"'), home.text.indexOf('data-testid="recent"'));
    expect(upcoming.indexOf('Sooner call')).toBeGreaterThan(-1);
    expect(upcoming.indexOf('Sooner call')).toBeLessThan(upcoming.indexOf('Later call'));
    expect(upcoming).not.toContain('Past call');
    expect(home.text.slice(home.text.indexOf('data-testid="recent"'))).toContain('Past call');
    for (const c of [later, sooner, past]) expect(home.text).toContain(`/calls/${c.call.id}`);
    const json = await api(server.baseUrl, 'GET', '/api/schedule');
    expect(json.json.upcoming.map((c: { title: string }) => c.title).slice(0, 2)).toEqual(['Sooner call', 'Later call']);
  });

  test('is cached: max-age plus an ETag that answers 304 when nothing changed', async () => {
    const first = await page('/');
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=60/);
    const tag = first.headers.get('etag')!;
    expect(tag).toBeTruthy();
    expect((await page('/', { 'if-none-match': tag })).status).toBe(304);
    await announce('Brand new call', { public: true, startsAt: inDays(5).toISOString() });
    expect((await page('/', { 'if-none-match': tag })).status).toBe(200);
  });
});

describe('a call page', () => {
  test('has the description, speakers, the time in its own zone, meta tags, and a join link', async () => {
    const startsAt = '2030-08-06T23:00:00.000Z';
    const created = await announce('First national call', {
      public: true,
      startsAt,
      timeZone: 'America/New_York',
      description: 'Meet the two candidates for city council.\n\nQuestions from the floor after.',
      speakers: [
        { name: 'Maria Lopez', bio: 'Tenant organizer, District 4.' },
        { name: 'Sam Okafor', bio: 'Teacher and union steward.' },
      ],
    });
    const res = await page(`/calls/${created.call.id}`);
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toContain('<title>First national call</title>');
    expect(html).toContain('<meta property="og:title" content="First national call">');
    expect(html).toMatch(/<meta property="og:description" content="Tuesday, August 6, 2030 at 7:00 PM EDT\. Meet the two candidates/);
    expect(html).toContain(`datetime="${startsAt}"`);
    expect(html).toContain('Sam Okafor');
    expect(html).toContain('Teacher and union steward.');
    expect(html).toContain(`href="${created.links.participant.replace(/&/g, '&amp;')}"`);
    expect(html).toContain('<script src="/schedule.js" defer></script>');
    expect((await page('/schedule.js')).status).toBe(200);
  });

  test('organizer text is rendered inert', async () => {
    const created = await announce('<img src=x onerror=alert(1)>', {
      public: true,
      startsAt: inDays(4).toISOString(),
      description: '<script>alert("pwned")</script>',
      speakers: [{ name: '"><svg onload=alert(2)>', bio: '' }],
    });
    const html = (await page(`/calls/${created.call.id}`)).text;
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
  });

  test('making a call public publishes a fresh participant link; the private one stops working', async () => {
    const created = await announce('Quiet call', { startsAt: inDays(1).toISOString() });
    const res = await api(server.baseUrl, 'PUT', `/api/calls/${created.call.id}/schedule`, { public: true, startsAt: inDays(1).toISOString(), description: 'Now open to all.' }, auth);
    expect(res.status).toBe(200);
    expect(res.json.call.schedule.public).toBe(true);
    const fresh = res.json.links.participant as string;
    expect(fresh).not.toBe(created.links.participant);
    const oldInvite = new URL(created.links.participant).searchParams.get('invite');
    const old = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/join`, { invite: oldInvite, name: 'Old link' });
    expect(old.status).toBe(403);
    const html = (await page(`/calls/${created.call.id}`)).text;
    expect(html).toContain(fresh.replace(/&/g, '&amp;'));
  });
});

describe('add to calendar', () => {
  test('the .ics file parses with ical.js and carries the time, title, description and join link', async () => {
    const startsAt = '2031-03-14T18:30:00.000Z';
    const created = await announce('Spring call; agenda, budget', {
      public: true,
      startsAt,
      timeZone: 'America/Los_Angeles',
      durationMin: 75,
      description: 'A long description that goes past the seventy-five octet line limit of iCalendar, with commas, semicolons; and a second line.\nAnd this.',
      speakers: [{ name: 'Zoë Ångström', bio: 'Naïve café owner' }],
    });
    const res = await fetch(`${server.baseUrl}/calls/${created.call.id}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/calendar/);
    const raw = await res.text();
    for (const line of raw.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const calendar = new ICAL.Component(ICAL.parse(raw));
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe('Spring call; agenda, budget');
    expect(event.startDate.toJSDate().toISOString()).toBe(startsAt);
    expect(event.endDate.toJSDate().getTime() - Date.parse(startsAt)).toBe(75 * 60_000);
    expect(event.description).toContain('commas, semicolons; and a second line.\nAnd this.');
    expect(event.description).toContain('Zoë Ångström: Naïve café owner');
    expect(event.description).toContain(created.links.participant);
    expect(event.location).toBe(created.links.participant);
    expect(event.uid).toBe(`${created.call.id}@${new URL(server.baseUrl).host}`);
  });
});

// Issue 13's story in Chromium against the real server, LiveKit and a real SMTP server in this
// process: an organizer announces a members-only call in the console -> a person registers on the
// public page -> the confirmation mail arrives with the personal link and the .ics -> the public
// link is refused, the personal link admits them under their registered name -> reminders go out
// 24 h and 1 h before on the server's test clock -> after the call the attendance page and its CSV
// show their minutes present and seconds spoken.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inject } from 'vitest';
import { createSetupLink } from '../server/src/accounts/setup';
import { PASSWORD } from '../test/accounts';
import { api } from '../test/api';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { startTestServer, type TestServer } from '../test/server';
import { linksIn, startSmtp, type TestSmtp } from '../test/smtp';
import { expectAccessibleEverywhere, identityOf, joinThroughUi, newPerson, PHONE, screenshots, type Person } from './support/caucus';

let server: TestServer;
let smtp: TestSmtp;
let chromium: TestBrowser;
let origin: string;
let owner: Person;
let ana: Person;
let callId: string;
let startsAt: number;
const REGISTERED = 'Ana Registrant';
const EMAIL = 'ana@example.org';
const HOUR = 3600_000;

const setClock = (now: number) => api(server.baseUrl, 'POST', '/api/internal/clock', { now });
const mailsTo = (subject: RegExp) => smtp.mails.filter((m) => (m.to as { text: string }).text.includes(EMAIL) && subject.test(m.subject ?? ''));
const command = (p: Person, cmd: object) => p.page.evaluate((c) => (globalThis as unknown as { caucus: { command(c: object): Promise<boolean> } }).caucus.command(c), cmd);

beforeAll(async () => {
  smtp = await startSmtp();
  const port = inject('livekit').webhookPort;
  origin = `http://localhost:${port}`;
  server = await startTestServer({ webhooks: true, env: { PUBLIC_URL: origin, SMTP_URL: smtp.url, CAUCUS_TEST_CLOCK: '1' } });
  chromium = await launchBrowser();
  // The owner's account, claimed as the console would (its Origin is PUBLIC_URL's).
  const token = new URL(createSetupLink(server.app)!).searchParams.get('token');
  const claimed = await api(server.baseUrl, 'POST', '/api/auth/claim', { token, name: 'Olivia Owner', email: 'olivia@example.org', password: PASSWORD }, { origin });
  expect(claimed.status).toBe(201);
});

afterAll(async () => {
  for (const p of [owner, ana]) if (p?.errors.length) console.log(p.errors.slice(0, 10).join('\n'));
  await chromium?.close();
  await server?.close();
  await smtp?.close();
});

describe('registration, reminders and attendance', () => {
  test('the organizer announces a members-only call with a member organization', async () => {
    owner = await newPerson(chromium.browser);
    const page = owner.page;
    await page.goto(`${origin}/signin`);
    await page.getByTestId('signin-email').fill('olivia@example.org');
    await page.getByTestId('signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.waitForURL(`${origin}/console`);

    await page.goto(`${origin}/console/registration`);
    await page.getByTestId('org-name').fill('Tenants Union');
    await page.getByTestId('org-weight').fill('3');
    await page.getByTestId('org-add').click();
    await page.getByTestId('org-Tenants Union').waitFor();
    await expectAccessibleEverywhere(page, 'registration settings');

    await page.goto(`${origin}/console/calls/new`);
    await page.getByTestId('call-title').fill('Members assembly');
    await page.getByTestId('call-scheduled').check();
    const when = new Date(Date.now() + 3 * 24 * HOUR);
    await page.getByTestId('call-when').fill(`${when.toISOString().slice(0, 10)}T18:00`);
    await page.getByLabel(/Announce it on the public schedule/).check();
    await page.getByTestId('call-save').click();
    await page.waitForURL((url) => /^\/console\/calls\/[A-Za-z0-9_-]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    callId = new URL(page.url()).pathname.split('/').pop()!;
    startsAt = server.app.store.getCall(callId)!.schedule.startsAt!;

    await page.getByTestId('reg-access').selectOption('members');
    await page.getByTestId('reg-save').click();
    await page.getByText('Saved.').waitFor();
    expect(server.app.registration.regs.settings(callId)).toMatchObject({ access: 'members', registration: true, reminders: [1440, 60] });
    await expectAccessibleEverywhere(page, 'call page with registration');
  });

  test('a person registers on the public page; the mail brings the personal link and the .ics', async () => {
    ana = await newPerson(chromium.browser);
    const page = ana.page;
    await page.goto(`${origin}/calls/${callId}`);
    await expect.poll(() => page.getByTestId('join-link').count()).toBe(0);
    await page.getByLabel('Your name').fill(REGISTERED);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel(/Member organization/).selectOption({ label: 'Tenants Union' });
    await expectAccessibleEverywhere(page, 'public registration form');
    await screenshots(page, 'registration');
    await page.getByTestId('register-submit').click();
    await expect.poll(() => page.getByTestId('registered').getAttribute('data-status')).toBe('pending');
    await expectAccessibleEverywhere(page, 'registered');

    const [mail] = await smtp.waitFor((m) => m.subject === 'You are registered: Members assembly');
    const { join, manage } = linksIn(mail!);
    expect(join).toMatch(new RegExp(`^${origin}/c/${callId}\\?invite=`));
    const ics = mail!.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content.toString();
    expect(ics.replace(/\r\n /g, '')).toContain(join!);
    expect(mail!.html).toContain(`href="${join!.replace(/&/g, '&amp;')}"`);

    // Opening the links (as a mail scanner would) binds and confirms nothing; the button confirms.
    await page.goto(manage!);
    await expect.poll(() => page.getByTestId('registration-status').getAttribute('data-status')).toBe('pending');
    await expectAccessibleEverywhere(page, "the registrant's page");
    await page.getByTestId('confirm').click();
    await expect.poll(() => page.getByTestId('registration-status').getAttribute('data-status')).toBe('confirmed');
    links.join = join!;
  });

  test('members only: the public link is refused, the personal link admits under the registered name', async () => {
    // The call's real participant link, as the organizer's console shows it (the call's row keeps
    // only the nonce the invite is derived from, never the invite).
    await owner.page.goto(`${origin}/console/calls/${callId}`);
    const publicLink = await owner.page.getByTestId('participant-link').inputValue();
    expect(publicLink).toMatch(new RegExp(`^${origin}/c/${callId}\\?invite=`));
    const stranger = await newPerson(chromium.browser);
    await joinThroughUi(stranger.page, publicLink, 'Not Registered', { camera: false, microphone: false });
    await expect.poll(() => stranger.page.getByTestId('join-error').getAttribute('data-code'), { timeout: 10_000 }).toBe('members_only');
    await stranger.context.close();

    // The host opens the call (signed in) and the doors.
    await owner.page.goto(`${origin}/c/${callId}`);
    await owner.page.getByTestId('join-button').click();
    await owner.page.getByTestId('call').waitFor({ timeout: 30_000 });
    await owner.page.getByTestId('open-doors').click();

    await ana.page.goto(links.join);
    await ana.page.getByTestId('join-registered').waitFor();
    await joinThroughUi(ana.page, links.join, 'Some Other Name', { camera: false, microphone: true });
    await ana.page.getByTestId('call').waitFor({ timeout: 30_000 });
    const identity = await identityOf(ana.page);
    const member = server.app.calls.get(callId)!.state.members.get(identity)!;
    expect(member.name).toBe(REGISTERED);
    expect([member.org?.name, member.registered]).toEqual(['Tenants Union', true]);
  });

  test('reminders go out 24 h and 1 h before, once each, on the test clock', async () => {
    await setClock(startsAt - 25 * HOUR);
    expect(mailsTo(/^In /)).toHaveLength(0);
    await setClock(startsAt - 24 * HOUR + 1000);
    await smtp.waitFor((m) => m.subject === 'In 1 day: Members assembly');
    await setClock(startsAt - 2 * HOUR);
    expect(mailsTo(/^In /)).toHaveLength(1);
    await setClock(startsAt - HOUR + 1000);
    await smtp.waitFor((m) => m.subject === 'In 1 hour: Members assembly');
    await setClock(startsAt - HOUR + 60_000);
    expect(mailsTo(/^In /).map((m) => m.subject)).toEqual(['In 1 day: Members assembly', 'In 1 hour: Members assembly']);
    // Each reminder carries the personal link.
    for (const m of mailsTo(/^In /)) expect(linksIn(m).join).toBe(links.join);
    await setClock(Date.now());
  });

  test('after the call the attendance page and its CSV show minutes present and seconds spoken', async () => {
    const identity = await identityOf(ana.page);
    expect(await command(owner, { type: 'grant_floor', participant: identity })).toBe(true);
    await new Promise((r) => setTimeout(r, 3500));
    expect(await command(owner, { type: 'end_floor' })).toBe(true);
    await new Promise((r) => setTimeout(r, 3000));
    await owner.page.goto(`${origin}/console/calls/${callId}`);
    await owner.page.getByTestId('close-call').click();
    await owner.page.getByTestId('close-call-confirm').click();
    await expect.poll(() => server.app.store.getCall(callId)?.endedAt ?? null).not.toBeNull();

    await owner.page.goto(`${origin}/console/calls/${callId}/attendance`);
    const row = owner.page.getByTestId(`attendance-${REGISTERED}`);
    await row.waitFor();
    expect(Number(await row.getAttribute('data-minutes'))).toBeGreaterThan(0);
    expect(Number(await row.getAttribute('data-spoken'))).toBeGreaterThanOrEqual(3);
    await owner.page.getByTestId('org-totals').getByText('Tenants Union').waitFor();
    await expectAccessibleEverywhere(owner.page, 'attendance');
    await screenshots(owner.page, 'attendance');

    const csv = await owner.page.evaluate((id) => fetch(`/api/console/calls/${id}/attendance?format=csv`).then((r) => r.text()), callId);
    const [header, ...rows] = parse(csv.replace(/^\uFEFF/, '')) as string[][];
    const line = rows.find((r) => r[0] === REGISTERED)!;
    const col = (name: string) => Number(line[header!.indexOf(name)]);
    expect(col('minutesPresent')).toBeGreaterThan(0);
    expect(col('secondsSpoken')).toBeGreaterThanOrEqual(3);
    expect(line[header!.indexOf('organization')]).toBe('Tenants Union');

    // The follow-up mail goes to the registrant once the call has ended.
    await setClock(Date.now());
    await smtp.waitFor((m) => m.subject === 'Thank you for coming: Members assembly');
  });
});

const links: { join: string } = { join: '' };

// Issue 8 through the real web app, server and LiveKit: an announced call on the public schedule
// (server-rendered, readable without JavaScript, local time and countdown added by /schedule.js);
// its page's join link leads to the pre-call room ("Starts in 12 minutes", a countdown, the
// description and the speakers); hosts and speakers enter early (the green room); the host opens
// the doors and the waiting participant enters by itself; the host switches to the conversation
// format and the gallery shows several fake cameras, decoded, receiving only the cameras on screen.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, invite } from '../test/api';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../test/server';
import { DESKTOP, expectAccessibleEverywhere, identityOf, joinCall, newPerson, screenshots, type Person } from './support/caucus';

let server: TestServer;
let chromium: TestBrowser;
let created: { call: { id: string; title: string }; links: Record<'host' | 'moderator' | 'speaker' | 'participant', string> };
let startsAt: Date;
let host: Person;
let speaker: Person;
let pat: Person;
const others: Person[] = [];
const ids: Record<string, string> = {};

const TITLE = 'First national call: city council candidates';
const DESCRIPTION = 'Two candidates for city council, then questions from the floor. Everyone sympathetic is welcome.';
const SPEAKERS = [
  { name: 'Maria Alvarez', bio: 'Candidate, District 4; tenant organizer for ten years.' },
  { name: 'James Okafor', bio: 'Candidate, District 9; public school teacher.' },
];

beforeAll(async () => {
  server = await startTestServer({ webhooks: true });
  chromium = await launchBrowser();
  startsAt = new Date(Date.now() + 11 * 60_000 + 50_000);
  const res = await api(
    server.baseUrl,
    'POST',
    '/api/calls',
    {
      title: TITLE,
      settings: { speakingLimitSec: 120 },
      schedule: { public: true, startsAt: startsAt.toISOString(), timeZone: 'America/New_York', durationMin: 90, description: DESCRIPTION, speakers: SPEAKERS },
    },
    { authorization: `Bearer ${ORGANIZER_KEY}` },
  );
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.json)}`);
  created = res.json;
  // Staff come in through personal invitations (new calls have no shared staff links).
  for (const role of ['host', 'moderator', 'speaker'] as const) created.links[role] = (await invite(server.baseUrl, created.call.id, role, `The ${role}`)).link;
});

afterAll(async () => {
  for (const p of [host, speaker, pat, ...others]) if (p?.errors.length) console.log(p.errors.slice(0, 10).join('\n'));
  await chromium?.close();
  await server?.close();
});

/** Waits until a gallery tile's <video> decodes frames that advance. */
async function galleryVideo(page: Page, identity: string, timeoutMs = 30_000) {
  return page.evaluate(
    async ({ identity, timeoutMs }) => {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const deadline = Date.now() + timeoutMs;
      const tile = () => document.querySelector<HTMLElement>(`[data-testid="gallery-tile"][data-identity="${identity}"]`);
      const video = () => tile()?.querySelector('video') ?? null;
      // LiveKit's adaptive stream pauses the video of tiles scrolled out of view: look at it.
      while (!tile() && Date.now() < deadline) await sleep(100);
      tile()?.scrollIntoView({ block: 'center' });
      while ((!video() || video()!.videoWidth === 0) && Date.now() < deadline) await sleep(100);
      const el = video();
      if (!el || el.videoWidth === 0) return { videoWidth: 0, framesAdvanced: false };
      const frames = () => el.getVideoPlaybackQuality().totalVideoFrames;
      const before = frames();
      let advanced = false;
      while (!advanced && Date.now() < deadline) {
        await sleep(250);
        advanced = frames() > before;
      }
      return { videoWidth: el.videoWidth, framesAdvanced: advanced };
    },
    { identity, timeoutMs },
  );
}

describe('the public schedule', () => {
  test('the home page lists the call; its page shows description, speakers, local time and a countdown', async () => {
    // A visitor in another time zone than the one the call was announced in.
    const context = await chromium.browser.newContext({ viewport: DESKTOP, timezoneId: 'Europe/Berlin', locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${server.baseUrl}/`);
    const card = page.locator('[data-testid="upcoming"] .call-card').filter({ hasText: TITLE });
    await expect.poll(() => card.count()).toBe(1);
    await expect.poll(() => card.locator('[data-countdown]').textContent()).toMatch(/^starts in 1[23] minutes$/);
    await screenshots(page, 'schedule-home');

    await card.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`**/calls/${created.call.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe(TITLE);
    expect(await page.locator('meta[property="og:description"]').getAttribute('content')).toContain(DESCRIPTION);
    expect(await page.locator('.description').textContent()).toContain(DESCRIPTION);
    for (const s of SPEAKERS) {
      await expect.poll(() => page.locator('.speakers').textContent()).toContain(s.name);
      await expect.poll(() => page.locator('.speakers').textContent()).toContain(s.bio);
    }
    // Announced in New York time; shown in the visitor's own (Berlin), with a countdown.
    const time = page.locator('time[data-local]');
    await expect.poll(() => time.getAttribute('title')).toMatch(/^Announced as: .*E[DS]T$/);
    const local = startsAt.toLocaleString('en-US', { timeZone: 'Europe/Berlin', hour: 'numeric', minute: '2-digit' });
    const squash = (t: string | null) => (t ?? '').replace(/\s+/g, ' ');
    await expect.poll(async () => squash(await time.textContent())).toContain(squash(local));
    await expect.poll(() => time.textContent()).toMatch(/GMT\+[12]|CES?T/);
    await expect.poll(() => page.locator('.countdown').textContent()).toMatch(/^starts in 1[23] minutes$/);
    expect(await page.getByTestId('ics-link').getAttribute('href')).toBe(`/calls/${created.call.id}/calendar.ics`);
    await screenshots(page, 'schedule-call');
    expect(errors).toEqual([]);

    // Without JavaScript: the same text, the time as announced.
    const noJs = await chromium.browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${server.baseUrl}/calls/${created.call.id}`);
    expect(await plain.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await plain.locator('time[data-local]').textContent()).toMatch(/E[DS]T$/);
    expect(await plain.locator('.speakers').textContent()).toContain(SPEAKERS[0]!.name);
    await noJs.close();
    await context.close();
  });
});

describe('before the start', () => {
  test("the call page's join link leads to the pre-call room: when, what, who, and a countdown", async () => {
    pat = await newPerson(chromium.browser);
    await pat.page.goto(`${server.baseUrl}/calls/${created.call.id}`);
    await pat.page.getByTestId('join-link').click();
    await pat.page.getByTestId('name-input').fill('Pat Participant');
    await pat.page.getByLabel('Camera', { exact: true }).check();
    await expect.poll(() => pat.page.getByTestId('join-doors').textContent()).toContain('pre-call room');
    await pat.page.getByTestId('join-button').click();

    await pat.page.getByTestId('precall').waitFor({ timeout: 20_000 });
    await expect.poll(() => pat.page.getByTestId('precall-starts').textContent()).toMatch(/^Starts in 1[123] minutes$/);
    const first = await pat.page.getByTestId('precall-countdown').textContent();
    expect(first).toMatch(/^1[12]:\d\d$/);
    await expect.poll(() => pat.page.getByTestId('precall-countdown').textContent(), { timeout: 5000 }).not.toBe(first);
    expect(await pat.page.getByTestId('precall').textContent()).toContain(DESCRIPTION);
    for (const s of SPEAKERS) expect(await pat.page.getByTestId('precall').textContent()).toContain(s.name);
    ids.pat = await identityOf(pat.page);
    // Waiting, not in the LiveKit room.
    expect(await pat.page.evaluate(() => (globalThis as any).caucus.room.state)).toBe('disconnected');
    await screenshots(pat.page, 'precall');
    await expectAccessibleEverywhere(pat.page, 'pre-call room');
  });

  test('the host and a guest speaker enter early: the green room', async () => {
    host = await newPerson(chromium.browser);
    speaker = await newPerson(chromium.browser);
    await Promise.all([
      joinCall(host.page, created.links.host, 'Hana Host', { microphone: false }),
      joinCall(speaker.page, created.links.speaker, 'Maria Alvarez', { camera: true, microphone: true }),
    ]);
    ids.host = await identityOf(host.page);
    ids.speaker = await identityOf(speaker.page);
    for (const p of [host, speaker]) await expect.poll(() => p.page.getByTestId('green-room').textContent()).toContain('Green room: the doors are closed');
    await expect.poll(() => host.page.getByTestId('green-room').textContent()).toContain('1 waiting');
    expect(await speaker.page.getByTestId('open-doors').count()).toBe(0);
    await expect.poll(() => host.page.locator(`[data-testid="stage-tile"][data-identity="${ids.speaker}"] video`).count(), { timeout: 20_000 }).toBe(1);
    await screenshots(host.page, 'green-room');
    await expectAccessibleEverywhere(host.page, 'green room');
    // Still waiting.
    expect(await pat.page.getByTestId('precall').count()).toBe(1);
  });

  test('the host opens the doors and the waiting participant enters by itself', async () => {
    await host.page.getByTestId('open-doors').click();
    await pat.page.getByTestId('call').waitFor({ timeout: 20_000 });
    await expect.poll(() => pat.page.evaluate(() => (globalThis as any).caucus.room.state), { timeout: 20_000 }).toBe('connected');
    await expect.poll(() => host.page.getByTestId('green-room').count()).toBe(0);
    await expect.poll(() => pat.page.getByTestId('green-room').count()).toBe(0);
  });
});

describe('the conversation format', () => {
  test('the host switches to conversation; the gallery shows several fake cameras, decoded', async () => {
    await host.page.getByTestId('mod-tab-room').click();
    await host.page.getByTestId('format-conversation').click(); // controlled by server state: click, then wait for it
    await expect.poll(() => pat.page.getByTestId('gallery').count()).toBe(1);

    // Three more participants who ticked their camera on the join screen.
    const names = ['Rosa Rivera', 'Dan Kim', 'Lee Chen'];
    others.push(...(await Promise.all(names.map(() => newPerson(chromium.browser)))));
    await Promise.all(names.map((name, i) => joinCall(others[i]!.page, created.links.participant, name, { camera: true, microphone: false })));
    for (const [i, name] of names.entries()) ids[name] = await identityOf(others[i]!.page);
    const audience = [ids.pat!, ...names.map((n) => ids[n]!)];
    // Participants publish their camera (and only their camera) in LiveKit.
    for (const id of audience) {
      await expect
        .poll(async () => (await server.app.livekit.rooms.getParticipant(created.call.id, id)).tracks.map((t) => t.source), { timeout: 20_000 })
        .toEqual([1]);
    }
    // Everyone's camera decodes in the host's gallery, and in a participant's.
    for (const id of audience) {
      const v = await galleryVideo(host.page, id);
      expect(v.videoWidth, `video of ${id} on the host's screen`).toBeGreaterThan(0);
      expect(v.framesAdvanced).toBe(true);
    }
    for (const id of audience.filter((id) => id !== ids.pat)) {
      const v = await galleryVideo(pat.page, id);
      expect(v.videoWidth, `video of ${id} on Pat's screen`).toBeGreaterThan(0);
      expect(v.framesAdvanced).toBe(true);
    }
    // The cameras Pat receives are exactly the remote tiles shown (at most 25), not more.
    const shown = await pat.page.getByTestId('gallery-tile').evaluateAll((els) => els.map((e) => e.getAttribute('data-identity')!));
    const subscribed = await pat.page.evaluate(() => (globalThis as any).caucus.subscriptions.subscribedCameras() as string[]);
    expect(shown.length).toBeLessThanOrEqual(25);
    expect(subscribed.every((id) => shown.includes(id))).toBe(true);
    expect(subscribed).toEqual(expect.arrayContaining(audience.filter((id) => id !== ids.pat)));
    // A participant has a camera toggle; the microphone waits for the floor.
    await expect.poll(() => pat.page.getByTestId('toggle-camera').getAttribute('aria-disabled')).toBe('false');
    expect(await pat.page.getByTestId('toggle-mic').getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => pat.page.getByTestId('conversation-hint').count()).toBe(1);
    await screenshots(pat.page, 'gallery');
    await expectAccessibleEverywhere(pat.page, 'conversation gallery');
    await screenshots(host.page, 'gallery-host');
  });

  test("a moderator turns a troll's camera off from the person actions; their tile loses its video", async () => {
    const troll = ids['Lee Chen']!;
    await host.page.getByTestId('tab-people').click();
    await host.page.locator(`[data-testid="person"][data-identity="${troll}"]`).getByTestId('manage-person').click();
    await host.page.getByTestId('person-actions').getByRole('button', { name: 'Turn camera off' }).click();
    await host.page.getByTestId('person-actions').getByRole('button', { name: 'Close' }).click();
    await expect
      .poll(async () => (await server.app.livekit.rooms.getParticipant(created.call.id, troll)).tracks.length, { timeout: 15_000 })
      .toBe(0);
    await expect.poll(() => pat.page.locator(`[data-testid="gallery-tile"][data-identity="${troll}"]`).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => others[2]!.page.getByText('A moderator turned off your camera.').count()).toBe(1);
  });

  test('back to stage: the audience cameras go, the stage stays', async () => {
    await host.page.getByTestId('format-stage').click(); // controlled by server state: click, then wait for it
    await expect.poll(() => pat.page.getByTestId('gallery').count()).toBe(0);
    await expect.poll(() => pat.page.locator(`[data-testid="stage-tile"][data-identity="${ids.speaker}"]`).count()).toBe(1);
    await expect
      .poll(async () => (await server.app.livekit.rooms.getParticipant(created.call.id, ids.pat!)).tracks.length, { timeout: 15_000 })
      .toBe(0);
  });
});

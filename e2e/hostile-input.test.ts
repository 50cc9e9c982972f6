// Issue 7: hostile names and chat messages, through the real web app and server. Markup in a name,
// a chat message, a report reason or a public call's title and speakers is shown as the literal
// text it is; bidi overrides, zero-width characters and 10,000-character text are refused (names)
// or contained and bounded (chat); and no script runs: every payload would set window.__pwned or
// open a dialog, and neither happens, with no Content-Security-Policy report either (so it is the
// escaping that holds, not only the CSP behind it).
import { normalizeFreeText } from '@caucus/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createCall, inviteOf, joinRaw, type CreatedCall } from '../test/api';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../test/server';
import { TestClient } from '../test/ws-client';
import { DESKTOP, joinCall, screenshots } from './support/caucus';

/** Names a troll tries. Markup is allowed (it is only text); the rest must be refused. */
const MARKUP_NAMES = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror=window.__pwned=1>',
  '"><svg onload=alert(document.domain)>',
  "{{constructor.constructor('alert(1)')()}}",
  "javascript:alert('name')",
];
const REFUSED_NAMES: Array<[string, string]> = [
  ['right-to-left override', '\u202Eevil\u202C'],
  ['bidi isolate', 'Host\u2067x'],
  ['zero-width space', 'Ho\u200Bst'],
  ['zero-width joiner', 'Ho\u200Dst'],
  ['10,000 characters', 'A'.repeat(10_000)],
  ['a NUL', 'A\u0000B'],
];
const CHAT = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<a href="javascript:window.__pwned=1">click me</a>',
  '[click](javascript:window.__pwned=1)',
  '<style>body{display:none}</style>',
  '\u202Etxt.exe  <- reversed? (a bidi override in chat)',
  'zero\u200Bwidth\u200Dtext',
];

interface Watched {
  context: BrowserContext;
  page: Page;
  dialogs: string[];
  csp: string[];
  errors: string[];
}

let server: TestServer;
let chromium: TestBrowser;
let call: CreatedCall;
let host: Watched;
let viewer: Watched;
const sockets: TestClient[] = [];

/** A browser profile that records dialogs, CSP reports and page errors. */
async function watched(): Promise<Watched> {
  const context = await chromium.browser.newContext({ viewport: DESKTOP });
  await context.addInitScript(() => localStorage.setItem('caucus:debug', '1'));
  const page = await context.newPage();
  const w: Watched = { context, page, dialogs: [], csp: [], errors: [] };
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) w.csp.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(e.message));
  return w;
}

/** Nothing ran, nothing was injected into the DOM. */
async function expectInert(w: Watched, where: string) {
  expect(await w.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), `${where}: a payload ran`).toBeUndefined();
  expect(w.dialogs, `${where}: a dialog opened`).toEqual([]);
  expect(w.csp, `${where}: the CSP had to block something`).toEqual([]);
  const injected = await w.page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"], img[onerror]').length,
    handlers: document.querySelectorAll('[onload], [onerror], [onclick]').length,
    iframes: document.querySelectorAll('iframe').length,
    inlineScripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
    styles: [...document.querySelectorAll('style')].filter((s) => s.textContent?.includes('display:none')).length,
  }));
  expect(injected, `${where}: markup reached the DOM`).toEqual({ img: 0, handlers: 0, iframes: 0, inlineScripts: 0, jsLinks: 0, styles: 0 });
}

beforeAll(async () => {
  server = await startTestServer();
  chromium = await launchBrowser();
  call = await createCall(server.baseUrl, {}, 'Hostile input');
  host = await watched();
  viewer = await watched();
  await joinCall(host.page, call.links.host, 'Hana Host', { camera: false, microphone: false });
});

afterAll(async () => {
  for (const w of [host, viewer]) if (w?.errors.length) console.log(w.errors.slice(0, 10).join('\n'));
  for (const s of sockets) s.close();
  await chromium?.close();
  await server?.close();
});

describe('names', () => {
  test('the join form refuses invisible and reordering characters before sending', async () => {
    await viewer.page.goto(call.links.participant);
    for (const [, name] of REFUSED_NAMES.filter(([what]) => what !== '10,000 characters')) {
      await viewer.page.getByTestId('name-input').fill(name);
      await expect.poll(() => viewer.page.locator('#name-help').textContent()).toMatch(/^Not accepted/);
      expect(await viewer.page.getByTestId('join-button').isDisabled()).toBe(true);
    }
    // The field itself stops at the display-name limit.
    await viewer.page.getByTestId('name-input').fill('A'.repeat(10_000));
    expect((await viewer.page.getByTestId('name-input').inputValue()).length).toBeLessThanOrEqual(48);
  });

  test('the server refuses them too, whatever the client', async () => {
    for (const [what, name] of REFUSED_NAMES) {
      const res = await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(call.links.participant), name });
      expect(res.status, what).toBe(400);
      expect(res.json.error.code, what).toBe('invalid_input');
    }
  });

  test('markup in a name is shown as text, to staff and to everyone', async () => {
    for (const name of MARKUP_NAMES) {
      const res = await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(call.links.participant), name });
      expect(res.status, name).toBe(200);
      const client = await TestClient.ready(server.baseUrl, call.call.id, res.json.sessionToken);
      sockets.push(client);
      // Writing in the chat puts them on the public record: every participant lists them too.
      await client.ok({ type: 'chat_send', text: `hello from ${name}` });
    }
    await joinCall(viewer.page, call.links.participant, 'Vera Viewer', { camera: false, microphone: false });
    for (const w of [host, viewer]) {
      await expect.poll(() => w.page.getByTestId('person').locator('.person-name').allTextContents()).toEqual(expect.arrayContaining(MARKUP_NAMES));
      await w.page.getByTestId('tab-chat').click();
      await expect.poll(() => w.page.getByTestId('chat-message').locator('strong').allTextContents()).toEqual(expect.arrayContaining(MARKUP_NAMES));
    }
    await expectInert(host, 'host, names');
    await expectInert(viewer, 'participant, names');
  });
});

describe('chat', () => {
  test('markup is shown as inert text; bidi overrides and zero-width characters are gone; each message contained', async () => {
    const author = sockets[0]!;
    for (const text of CHAT) await author.ok({ type: 'chat_send', text });
    for (const w of [host, viewer]) {
      const shown = () => w.page.getByTestId('chat-message').locator('.chat-text').allTextContents();
      await expect.poll(shown).toEqual(expect.arrayContaining(CHAT.map(normalizeFreeText)));
      // The server stored what readers see: no override, no zero-width character reached the page.
      expect((await shown()).join('')).not.toMatch(/[\u202E\u200B\u200D]/);
      expect(await shown()).toEqual(expect.arrayContaining(['txt.exe  <- reversed? (a bidi override in chat)', 'zerowidthtext']));
      // A bidi override cannot leak out of its message: each text is an isolated box of its own.
      const isolation = await w.page.locator('.chat-text').first().evaluate((el) => getComputedStyle(el).unicodeBidi);
      expect(isolation).toBe('isolate');
      // Chat texts are text nodes only.
      expect(await w.page.locator('.chat-text *').count()).toBe(0);
      await expectInert(w, 'chat');
    }
    await screenshots(host.page, 'hostile-chat');
  });

  test('10,000 characters: the socket refuses them with a typed error; the input stops at the limit; long text wraps', async () => {
    const author = sockets[1]!;
    // Too long to be parsed at all, so the error cannot carry the command's ref.
    const seq = author.seq;
    author.raw({ type: 'chat_send', text: 'x'.repeat(10_000), ref: 'long' });
    const answer = await author.waitNew((f) => f.type === 'error');
    expect(answer.code).toBe('too_large');
    // 600 characters fit in a frame but not in a message.
    author.raw({ type: 'chat_send', text: 'y'.repeat(600), ref: 'over' });
    expect(await author.waitNew((f) => f.type === 'error')).toMatchObject({ code: 'invalid' });
    expect(author.seq).toBe(seq);

    await viewer.page.getByTestId('chat-input').fill('W'.repeat(10_000));
    const typed = await viewer.page.getByTestId('chat-input').inputValue();
    expect(typed.length).toBe(500);
    await viewer.page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => host.page.getByTestId('chat-message').last().locator('.chat-text').textContent()).toBe(typed);
    // 500 unbroken characters wrap inside the chat instead of widening the page.
    for (const w of [host, viewer]) {
      const overflow = await w.page.getByTestId('chat-list').evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      expect(await w.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectInert(w, 'long chat');
    }
  });

  test('a hostile report reason is shown to moderators as text', async () => {
    const reporter = sockets[2]!;
    const target = sockets[3]!.you!.identity;
    await reporter.ok({ type: 'report', participant: target, reason: '<img src=x onerror=window.__pwned=1> spam' });
    await host.page.getByTestId('mod-tab-reports').click();
    await expect.poll(() => host.page.getByTestId('report').first().textContent()).toContain('<img src=x onerror=window.__pwned=1> spam');
    await host.page.getByTestId('mod-tab-audit').click();
    await expectInert(host, 'reports and audit log');
  });
});

describe('the public schedule', () => {
  test('hostile titles, descriptions and speakers are escaped in the server-rendered pages and in the pre-call room', async () => {
    const title = '<script>window.__pwned=1</script> Town hall';
    const description = '<img src=x onerror=window.__pwned=1> "quoted" & <b>bold</b>';
    const speaker = { name: '"><svg onload=alert(1)>', bio: '<iframe srcdoc="<script>parent.__pwned=1</script>">' };
    const res = await api(
      server.baseUrl,
      'POST',
      '/api/calls',
      { title, schedule: { public: true, startsAt: new Date(Date.now() + 3_600_000).toISOString(), timeZone: 'UTC', description, speakers: [speaker] } },
      { authorization: `Bearer ${ORGANIZER_KEY}` },
    );
    expect(res.status).toBe(201);
    const id = res.json.call.id as string;
    const visitor = await watched();
    await visitor.page.goto(`${server.baseUrl}/`);
    await expect.poll(() => visitor.page.locator('[data-testid="upcoming"]').textContent()).toContain(title);
    await expectInert(visitor, 'home page');

    await visitor.page.goto(`${server.baseUrl}/calls/${id}`);
    expect(await visitor.page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await visitor.page.title()).toBe(title);
    expect(await visitor.page.locator('meta[property="og:title"]').getAttribute('content')).toBe(title);
    expect(await visitor.page.locator('meta[name="description"]').getAttribute('content')).toContain(description);
    expect(await visitor.page.locator('.description').textContent()).toContain(description);
    expect(await visitor.page.locator('.speakers').textContent()).toContain(speaker.name);
    expect(await visitor.page.locator('.speakers').textContent()).toContain(speaker.bio);
    await expectInert(visitor, 'call page');

    // The join link leads to the pre-call room, rendered by the app from the API.
    await visitor.page.getByTestId('join-link').click();
    await visitor.page.getByTestId('name-input').fill('Visitor');
    await visitor.page.getByLabel('Camera', { exact: true }).uncheck();
    await visitor.page.getByTestId('join-button').click();
    await visitor.page.getByTestId('precall').waitFor({ timeout: 20_000 });
    const text = await visitor.page.getByTestId('precall').textContent();
    for (const s of [title, description, speaker.name, speaker.bio]) expect(text).toContain(s);
    await expectInert(visitor, 'pre-call room');
    await visitor.context.close();
  });
});

describe('the detector itself', () => {
  test('catches markup that does reach the DOM (a control: the checks above are not vacuous)', async () => {
    const w = await watched();
    await w.page.goto(`${server.baseUrl}/calls/nope`);
    await w.page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__pwned=1">'));
    // The CSP blocks the inline handler (a second line of defence), and says so.
    await expect.poll(() => w.csp.length).toBeGreaterThan(0);
    await expect(expectInert(w, 'control')).rejects.toThrow();
    await w.context.close();
  });
});

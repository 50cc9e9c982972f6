// Helpers for browser tests of the web app: people who join through the real UI, screenshots at
// desktop and phone sizes, an axe-core audit, and media probes on what our own UI renders.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RemoteMedia } from '../../test/media';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
/** The narrowest phone, and what a 1280 px window shows at 400% zoom (WCAG reflow). */
export const NARROW = { width: 320, height: 640 };
/** A 1280x800 window at 200% zoom. */
export const ZOOM_200 = { width: 640, height: 400 };

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors, to print when a test fails. */
  errors: string[];
}

/** A new browser profile (own cookies, so its own device id) with the debug hook on. */
export async function newPerson(browser: Browser, viewport = DESKTOP): Promise<Person> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() => localStorage.setItem('caucus:debug', '1'));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { context, page, errors };
}

/** Opens an invite link and joins through the join form; resolves once the form is submitted. */
export async function joinThroughUi(page: Page, link: string, name: string, opts: { passcode?: string; camera?: boolean; microphone?: boolean } = {}) {
  await page.goto(link);
  await page.getByTestId('name-input').fill(name);
  if (opts.passcode !== undefined) await page.getByTestId('passcode-input').fill(opts.passcode);
  // Nothing is ticked by default (consent); a test says what this person chose.
  if (opts.camera !== undefined) await page.getByLabel('Camera', { exact: true }).setChecked(opts.camera);
  if (opts.microphone !== undefined) await page.getByLabel(/^Microphone/).first().setChecked(opts.microphone);
  await page.getByTestId('join-button').click();
}

export async function joinCall(page: Page, link: string, name: string, opts: Parameters<typeof joinThroughUi>[3] = {}) {
  await joinThroughUi(page, link, name, opts);
  await page.getByTestId('call').waitFor({ timeout: 30_000 });
}

/** Saves `<name>-desktop.png` and `<name>-phone.png` into docs/screenshots. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`) });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`) });
  await page.setViewportSize(before);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** WCAG 2.0 to 2.2 A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/** Every axe violation of any impact under the WCAG 2.2 A/AA and best-practice rules. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') forbids script tags.
  if (!loaded) await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  return page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, AXE_TAGS);
}

/** How far the page scrolls sideways (0 when it reflows into the viewport). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * No axe violation of any impact and no sideways scrolling, at desktop, phone, 320 px (also what
 * a 1280 px window shows at 400% zoom) and a desktop window at 200% zoom.
 */
export async function expectAccessibleEverywhere(page: Page, screen: string): Promise<void> {
  const before = page.viewportSize() ?? DESKTOP;
  for (const [size, viewport] of Object.entries({ desktop: DESKTOP, phone: PHONE, narrow: NARROW, 'zoom 200%': ZOOM_200 })) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const violations = await axeViolations(page);
    expect(violations, `${screen} at ${size}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    expect(await horizontalOverflow(page), `${screen} at ${size}: sideways scrolling`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize(before);
}

/** What has the keyboard focus: its data-testid, else its id, else its tag (and text). */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null;
    if (!a || a === document.body) return 'body';
    return a.getAttribute('data-testid') ?? (a.id ? `#${a.id}` : `${a.tagName.toLowerCase()}:${(a.textContent ?? '').trim().slice(0, 40)}`);
  });
}

/** Presses Tab (as a keyboard user would) until the element matching `selector` has the focus. */
export async function tabTo(page: Page, selector: string, maxPresses = 120): Promise<number> {
  for (let i = 0; i < maxPresses; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} not reached with ${maxPresses} presses of Tab (focus is on ${await focused(page)})`);
}

/** The same measures as the raw-SDK probe, taken from what our own stage tile plays. */
export type StageMedia = RemoteMedia;

/**
 * Measures what the page's own UI plays for a person on stage: the <video> our stage tile renders
 * (decoded frames that advance) and the audio LiveKit receives for them (energy > 0 in getStats).
 */
export async function probeStageMedia(page: Page, identity: string, timeoutMs = 25_000): Promise<StageMedia> {
  return page.evaluate(
    async ({ identity, timeoutMs }) => {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const deadline = Date.now() + timeoutMs;
      const video = () => document.querySelector<HTMLVideoElement>(`[data-testid="stage-tile"][data-identity="${identity}"] video`);
      // The speaker view moves a tile between the main view and the strip as people speak (a new
      // <video>): measure one element that stays on the page for the whole interval.
      let measured: { videoWidth: number; framesAdvanced: boolean } | null = null;
      while (!measured && Date.now() < deadline) {
        const el = video();
        if (!el || el.videoWidth === 0) {
          await sleep(100);
          continue;
        }
        const before = el.getVideoPlaybackQuality().totalVideoFrames;
        await sleep(1200);
        if (el.isConnected) measured = { videoWidth: el.videoWidth, framesAdvanced: el.getVideoPlaybackQuality().totalVideoFrames > before };
      }
      if (!measured) throw new Error(`no video tile for ${identity}`);

      const room = (globalThis as unknown as { caucus: { room: any } }).caucus.room;
      let audioEnergy = 0;
      while (audioEnergy === 0 && Date.now() < deadline) {
        const p = room.remoteParticipants.get(identity);
        const pub = p ? [...p.trackPublications.values()].find((t: any) => t.kind === 'audio' && t.track) : undefined;
        if (pub) {
          const stats: RTCStatsReport = await pub.track.receiver.getStats();
          stats.forEach((s: any) => {
            if (s.type === 'inbound-rtp' && s.kind === 'audio') audioEnergy = Math.max(audioEnergy, s.totalAudioEnergy ?? 0);
          });
        }
        if (audioEnergy === 0) await sleep(200);
      }
      return { ...measured, audioEnergy };
    },
    { identity, timeoutMs },
  );
}

/** The identity this page joined as (from its saved session). */
export async function identityOf(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { caucus: { saved: { identity: string } } }).caucus.saved.identity);
}

/** Like a modified client: publishes a microphone track without asking livekit-client first. */
export async function forcePublishMicrophone(page: Page, waitMs = 6000): Promise<string> {
  return page.evaluate(async (waitMs) => {
    const room = (globalThis as unknown as { caucus: { room: any } }).caucus.room;
    const lp = room.localParticipant;
    lp.hasPermissionsToPublish = () => true;
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const track = stream.getAudioTracks()[0]!;
    const timeout = new Promise<string>((r) => setTimeout(() => r('refused: no answer from the server'), waitMs));
    const attempt = lp.publishTrack(track).then(
      () => 'published',
      (err: Error) => `refused: ${err.message}`,
    );
    return Promise.race([attempt, timeout]);
  }, waitMs);
}

/** Polls a condition in Node (server-side checks), without fixed sleeps. */
export async function until<T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await fn();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The focus indicator of the focused element: its outline width and the contrast of the outline
 * colour against the background it is drawn on (the nearest opaque ancestor), WCAG's formula.
 */
export async function focusRing(page: Page): Promise<{ width: number; contrast: number }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const style = getComputedStyle(el);
    let bg: number[] = [255, 255, 255];
    for (let n: HTMLElement | null = el.parentElement; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length >= 3 && (c.length === 3 || c[3]! > 0.5)) {
        bg = c;
        break;
      }
    }
    const a = lum(rgb(style.outlineColor));
    const b = lum(bg);
    return { width: parseFloat(style.outlineWidth), contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
  });
}

// Issue 18 through the real web app, server and LiveKit, in headless Chromium with fake media:
// consent (the floor asks before the microphone goes on, and LiveKit holds no microphone track
// until the person says yes; hosts join muted), the control bar within the first viewport on a
// desktop and a phone, keyboard walks with the focus checked after every step, a shared screen
// seen by another participant, names told apart, and axe (WCAG 2.2 A/AA and best practices, any
// impact) with no sideways scrolling on every screen at desktop, phone and 320 px.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCall, type CreatedCall } from '../test/api';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { startTestServer, type TestServer } from '../test/server';
import {
  DESKTOP,
  NARROW,
  PHONE,
  expectAccessibleEverywhere,
  focused,
  focusRing,
  horizontalOverflow,
  identityOf,
  joinCall,
  newPerson,
  screenshots,
  tabTo,
  until,
  type Person,
} from './support/caucus';

// LiveKit's TrackSource numbers.
const CAMERA = 1;
const MICROPHONE = 2;
const SCREEN_SHARE = 3;

let server: TestServer;
let chromium: TestBrowser;
let call: CreatedCall;
let host: Person;
let speaker: Person;
let pat: Person;
let quinn: Person;
let troll: Person;
const ids: Record<string, string> = {};

async function livekitParticipant(identity: string) {
  return server.app.livekit.rooms.getParticipant(call.call.id, identity).catch(() => null);
}
async function sources(identity: string): Promise<number[]> {
  return ((await livekitParticipant(identity))?.tracks ?? []).map((t) => t.source as number).sort();
}
const byTestId = (id: string) => `[data-testid="${id}"]`;

beforeAll(async () => {
  server = await startTestServer({ webhooks: true });
  chromium = await launchBrowser();
  call = await createCall(server.baseUrl, { speakingLimitSec: 120 }, 'Tenants union: rent strike vote');
});

afterAll(async () => {
  for (const p of [host, speaker, pat, quinn, troll]) if (p?.errors.length) console.log(p.errors.slice(0, 10).join('\n'));
  // CAUCUS_DEBUG_DIR=<dir>: a screenshot and the HTML of every page, to see why a step failed.
  if (process.env.CAUCUS_DEBUG_DIR) {
    for (const [k, p] of Object.entries({ host, speaker, pat, quinn, troll })) {
      await p?.page.screenshot({ path: `${process.env.CAUCUS_DEBUG_DIR}/${k}.png` }).catch(() => {});
      await import('node:fs').then((fs) => p?.page.content().then((html) => fs.writeFileSync(`${process.env.CAUCUS_DEBUG_DIR}/${k}.html`, html))).catch(() => {});
    }
  }
  await chromium?.close();
  await server?.close();
});

describe('joining', () => {
  test('the join screen by keyboard: nothing ticked, Enter joins, the focus lands on the call', async () => {
    pat = await newPerson(chromium.browser);
    await pat.page.goto(call.links.participant);
    await pat.page.getByTestId('join-form').waitFor();
    await expectAccessibleEverywhere(pat.page, 'join');
    expect(await pat.page.title()).toBe('Join: Tenants union: rent strike vote - Caucus');
    // Consent: no device is on unless the person ticks it.
    expect(await pat.page.getByLabel('Camera', { exact: true }).isChecked()).toBe(false);
    expect(await pat.page.getByLabel(/^Microphone/).first().isChecked()).toBe(false);

    await tabTo(pat.page, byTestId('name-input'));
    await pat.page.keyboard.type('Pat Participant');
    await pat.page.keyboard.press('Enter');
    await pat.page.getByTestId('call').waitFor({ timeout: 30_000 });
    await expect.poll(() => focused(pat.page)).toBe('h1:Tenants union: rent strike vote');
    expect(await pat.page.title()).toBe('Tenants union: rent strike vote - Caucus');
    expect(await pat.page.getByRole('main').count()).toBe(1);

    host = await newPerson(chromium.browser);
    speaker = await newPerson(chromium.browser);
    quinn = await newPerson(chromium.browser, PHONE);
    troll = await newPerson(chromium.browser);
    await Promise.all([
      joinCall(host.page, call.links.host, 'Hana Host'),
      joinCall(speaker.page, call.links.speaker, 'Dr. Sam Speaker', { camera: true, microphone: true }),
      joinCall(quinn.page, call.links.participant, 'Quinn Listener'),
      joinCall(troll.page, call.links.participant, 'Trent Troll'),
    ]);
    for (const [k, p] of Object.entries({ host, speaker, pat, quinn, troll })) ids[k] = await identityOf(p.page);
  });

  test('hosts and speakers join muted unless they chose otherwise', async () => {
    // The speaker ticked both: LiveKit has their camera and microphone...
    await until(() => sources(ids.speaker!), (s) => s.includes(CAMERA) && s.includes(MICROPHONE), 20_000, 'speaker publishing');
    // ...the host ticked nothing: may publish everything, publishes nothing.
    const hostInfo = await livekitParticipant(ids.host!);
    expect(hostInfo?.permission?.canPublish).toBe(true);
    expect(hostInfo?.tracks ?? []).toEqual([]);
    expect(await host.page.getByTestId('toggle-mic').getAttribute('aria-pressed')).toBe('false');
    expect(await speaker.page.getByTestId('toggle-mic').getAttribute('aria-pressed')).toBe('true');
    // The button is named for what it is; its pressed state says whether it is on.
    expect(await host.page.getByRole('button', { name: 'Microphone', exact: true }).count()).toBe(1);
  });
});

describe('the control bar', () => {
  const participantControls = ['toggle-mic', 'toggle-camera', 'lane-select', 'raise-hand', 'bar-chat', 'open-devices', 'leave'];
  const hostControls = [...participantControls, 'toggle-screen', 'bar-next-speaker', 'bar-end-floor'];

  test.each([
    ['desktop 1280x800', DESKTOP],
    ['phone 390x844', PHONE],
  ])('every control is in the first viewport (%s), for a participant and a host', async (_, viewport) => {
    for (const [who, p, controls] of [
      ['participant', pat, participantControls],
      ['host', host, hostControls],
    ] as const) {
      await p.page.setViewportSize(viewport);
      await p.page.evaluate(() => window.scrollTo(0, 0));
      for (const id of controls) {
        const box = await p.page.getByTestId('control-bar').getByTestId(id).boundingBox();
        expect(box, `${who}: ${id}`).not.toBeNull();
        expect(box!.x, `${who}: ${id} left`).toBeGreaterThanOrEqual(0);
        expect(box!.y, `${who}: ${id} top`).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width, `${who}: ${id} right`).toBeLessThanOrEqual(viewport.width);
        expect(box!.y + box!.height, `${who}: ${id} bottom`).toBeLessThanOrEqual(viewport.height);
        // Not covered by anything else.
        const onTop = await p.page.evaluate(
          ({ x, y, id }) => document.elementFromPoint(x, y)?.closest(`[data-testid="${id}"]`) !== null,
          { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2, id },
        );
        expect(onTop, `${who}: ${id} uncovered`).toBe(true);
      }
      // Still there after scrolling to the bottom of the page.
      await p.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const box = await p.page.getByTestId('leave').boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
      await p.page.evaluate(() => window.scrollTo(0, 0));
    }
    await screenshots(host.page, 'control-bar-host');
    await pat.page.setViewportSize(DESKTOP);
    await host.page.setViewportSize(DESKTOP);
  });
});

describe('consent and the keyboard', () => {
  test('raise hand -> given the floor -> asked -> unmute; LiveKit holds no microphone from Pat until Pat says yes', async () => {
    await tabTo(pat.page, byTestId('raise-hand'));
    // A focus ring of 3 px with at least 3:1 against what it is drawn on (in the bar and on the page).
    for (const ring of [await focusRing(pat.page), await (async () => (await pat.page.getByTestId('tab-people').focus(), focusRing(pat.page)))()]) {
      expect(ring.width).toBeGreaterThanOrEqual(3);
      expect(ring.contrast).toBeGreaterThanOrEqual(3);
    }
    await pat.page.getByTestId('raise-hand').focus();
    await pat.page.keyboard.press('Enter');
    await expect.poll(() => focused(pat.page)).toBe('lower-hand');
    await expect.poll(() => pat.page.getByTestId('my-position').textContent()).toBe('1st');
    await expect.poll(() => pat.page.getByTestId('announcer').textContent()).toContain('You are number 1 in the queue');

    // The host gives the floor from the control bar, by keyboard; the focus stays on the button.
    await tabTo(host.page, byTestId('bar-next-speaker'));
    await host.page.keyboard.press('Enter');
    await expect.poll(() => host.page.getByTestId('floor-timer').getAttribute('data-state')).toBe('running');
    expect(await focused(host.page)).toBe('bar-next-speaker');

    // Pat is asked, with the countdown, and the question has the focus.
    await pat.page.getByTestId('floor-prompt').waitFor({ timeout: 15_000 });
    expect(await pat.page.getByTestId('floor-prompt').textContent()).toContain('You have the floor: unmute?');
    await expect.poll(() => pat.page.locator('.floor-prompt-countdown').textContent()).toMatch(/^[12]:\d\d$/);
    await expect.poll(() => focused(pat.page)).toBe('floor-unmute');
    await expect.poll(() => pat.page.getByTestId('announcer').textContent()).toContain('You have the floor');
    // The server granted the microphone (permission, as before), but nothing is published.
    await until(() => livekitParticipant(ids.pat!), (p) => (p?.permission?.canPublishSources ?? []).includes(MICROPHONE), 15_000, 'floor grant in LiveKit');
    await new Promise((r) => setTimeout(r, 2500));
    expect(await sources(ids.pat!)).toEqual([]);
    expect(await pat.page.evaluate(() => (globalThis as any).caucus.room.localParticipant.isMicrophoneEnabled)).toBe(false);
    await screenshots(pat.page, 'floor-prompt');
    await expectAccessibleEverywhere(pat.page, 'floor prompt');

    // Pat says yes: now LiveKit has Pat's microphone, and another participant receives it.
    await pat.page.keyboard.press('Enter');
    await until(() => sources(ids.pat!), (s) => s.includes(MICROPHONE), 15_000, "Pat's microphone in LiveKit");
    expect(await sources(ids.pat!)).not.toContain(CAMERA);
    await expect.poll(() => focused(pat.page)).toBe('toggle-mic');
    expect(await pat.page.getByTestId('toggle-mic').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => pat.page.getByTestId('live-badge').textContent()).toContain('You are live');
    await until(
      () => quinn.page.evaluate((id) => [...((globalThis as any).caucus.room.remoteParticipants.get(id)?.trackPublications.values() ?? [])].some((t: any) => t.kind === 'audio' && t.isSubscribed), ids.pat!),
      (v) => v,
      15_000,
      "Pat's voice reaching Quinn",
    );

    // The host ends the turn by keyboard; LiveKit drops Pat's microphone; the focus stays put.
    await tabTo(host.page, byTestId('bar-end-floor'));
    await host.page.keyboard.press('Enter');
    await until(() => sources(ids.pat!), (s) => s.length === 0, 15_000, 'Pat unpublished');
    expect(await focused(host.page)).toBe('bar-end-floor');
    await expect.poll(() => pat.page.getByTestId('announcer').textContent()).toContain('Your turn has ended');
  });

  test('leave by keyboard: the focus lands on what happened', async () => {
    await tabTo(pat.page, byTestId('leave'));
    await pat.page.keyboard.press('Enter');
    await pat.page.getByTestId('gone').waitFor();
    await expect.poll(() => focused(pat.page)).toBe('h1:You left the call');
    expect(await pat.page.title()).toBe('You left the call: Tenants union: rent strike vote - Caucus');
    await expectAccessibleEverywhere(pat.page, 'left the call');
    await until(() => livekitParticipant(ids.pat!), (p) => p === null, 15_000, 'Pat out of LiveKit');
  });
});

describe('screen sharing', () => {
  test("the guest speaker shares a screen; a participant sees it as the stage's main tile", async () => {
    await speaker.page.getByTestId('toggle-screen').click();
    await until(() => sources(ids.speaker!), (s) => s.includes(SCREEN_SHARE), 20_000, 'screen share in LiveKit');
    await expect.poll(() => speaker.page.getByTestId('toggle-screen').getAttribute('aria-pressed')).toBe('true');
    const seen = await quinn.page.evaluate(async (identity) => {
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const deadline = Date.now() + 25_000;
      const video = () => document.querySelector<HTMLVideoElement>(`.stage-main [data-testid="screen-tile"][data-identity="${identity}"] video`);
      while ((!video() || video()!.videoWidth === 0) && Date.now() < deadline) await sleep(100);
      const el = video();
      if (!el) return { videoWidth: 0, framesAdvanced: false };
      const before = el.getVideoPlaybackQuality().totalVideoFrames;
      let framesAdvanced = false;
      while (!framesAdvanced && Date.now() < deadline) {
        await sleep(250);
        framesAdvanced = el.getVideoPlaybackQuality().totalVideoFrames > before;
      }
      return { videoWidth: el.videoWidth, framesAdvanced };
    }, ids.speaker!);
    expect(seen.videoWidth).toBeGreaterThan(0);
    expect(seen.framesAdvanced).toBe(true);
    // Pin: the person, not their screen, in the main view; unpin: the screen again.
    await quinn.page.getByRole('button', { name: 'Pin Dr. Sam Speaker', exact: true }).click();
    await expect.poll(() => quinn.page.locator('.stage-main [data-testid]').first().getAttribute('data-testid')).toBe('stage-tile');
    await quinn.page.getByRole('button', { name: 'Pin Dr. Sam Speaker', exact: true }).click();
    await expect.poll(() => quinn.page.locator('.stage-main [data-testid]').first().getAttribute('data-testid')).toBe('screen-tile');
    await screenshots(quinn.page, 'screen-share');
    // Participants have no share button: only those LiveKit lets share.
    expect(await quinn.page.getByTestId('toggle-screen').count()).toBe(0);
  });
});

describe('captions', () => {
  test('the host appoints a captioner; a line typed by the captioner is seen by everyone and kept in the log', async () => {
    await host.page.getByRole('button', { name: 'Manage Quinn Listener' }).click();
    await host.page.getByTestId('person-actions').getByTestId('appoint-captioner').click();
    await expect.poll(() => host.page.getByTestId('toast-success').last().textContent()).toContain('is the captioner');
    await host.page.keyboard.press('Escape');
    await quinn.page.getByTestId('caption-composer').waitFor();
    await expect.poll(() => quinn.page.getByTestId('announcer').textContent()).toContain('made you the captioner');

    // Only an appointed captioner may caption: the server refuses anyone else.
    expect(await speaker.page.evaluate(() => (globalThis as any).caucus.command({ type: 'caption', text: 'forged line' }))).toBe(false);
    await expect.poll(() => speaker.page.getByTestId('toast-error').last().textContent()).toContain('captioner');

    await quinn.page.getByTestId('caption-input').fill('We move to the vote on the rent strike.');
    await quinn.page.keyboard.press('Enter');
    // The field is empty again and keeps the focus for the next line.
    await expect.poll(() => quinn.page.getByTestId('caption-input').inputValue()).toBe('');
    expect(await focused(quinn.page)).toBe('caption-input');
    for (const p of [speaker, host, quinn]) {
      await expect.poll(() => p.page.getByTestId('caption-line').last().textContent()).toBe('We move to the vote on the rent strike.');
    }
    // The transcript dialog, and focus back to its opener.
    await speaker.page.getByTestId('open-transcript').click();
    await expect.poll(() => speaker.page.getByTestId('transcript-dialog').textContent()).toContain('We move to the vote on the rent strike.');
    await speaker.page.keyboard.press('Escape');
    await expect.poll(() => focused(speaker.page)).toBe('open-transcript');
    // Kept in the call's log: the moderators' audit log says it.
    await host.page.getByTestId('mod-tab-audit').click();
    await expect.poll(() => host.page.getByTestId('audit-log').textContent()).toContain('captioned: We move to the vote on the rent strike.');
    await host.page.getByTestId('mod-tab-queue').click();
    for (const close of await speaker.page.getByTestId('toast-error').getByRole('button').all()) await close.click();
    await speaker.page.evaluate(() => window.scrollTo(0, 0));
    await screenshots(speaker.page, 'captions');
  });
});

describe('the floor may share a screen when the host allows it', () => {
  test('allowed in the room settings, the floor-holder shares; LiveKit takes it back when the turn ends', async () => {
    await host.page.getByTestId('mod-tab-room').click();
    await host.page.getByTestId('set-floor-screen-share').click();
    await expect.poll(() => host.page.getByTestId('set-floor-screen-share').isChecked()).toBe(true);
    await host.page.getByTestId('mod-tab-queue').click();

    await quinn.page.getByTestId('raise-hand').click();
    await expect.poll(() => host.page.getByTestId('queue-item').count()).toBe(1);
    await host.page.getByTestId('bar-next-speaker').click();
    // Asked first; Quinn keeps the microphone off and shares the screen instead.
    await quinn.page.getByTestId('floor-not-now').click();
    await quinn.page.getByTestId('toggle-screen').click({ timeout: 15_000 });
    await until(() => sources(ids.quinn!), (s) => s.includes(SCREEN_SHARE), 20_000, "Quinn's screen in LiveKit");
    expect(await sources(ids.quinn!)).not.toContain(MICROPHONE);
    await speaker.page.locator(`[data-testid="screen-tile"][data-identity="${ids.quinn}"]`).waitFor({ timeout: 20_000 });

    await host.page.getByTestId('bar-end-floor').click();
    await until(() => sources(ids.quinn!), (s) => !s.includes(SCREEN_SHARE), 15_000, "Quinn's screen unpublished by LiveKit");
    await expect.poll(() => quinn.page.getByTestId('toggle-screen').count()).toBe(0);
  });
});

describe('toasts', () => {
  test('a toast waits while the pointer is on it, then goes; every message can be read again', async () => {
    await host.page.getByTestId('mod-tab-room').click();
    await host.page.getByTestId('set-floor-screen-share').click();
    const toast = host.page.getByTestId('toast-success').filter({ hasText: 'The floor may not share a screen' });
    await toast.waitFor();
    await toast.hover();
    // Well past its 5 seconds: still there while pointed at.
    await new Promise((r) => setTimeout(r, 7000));
    expect(await toast.count()).toBe(1);
    await host.page.mouse.move(5, 5);
    await expect.poll(() => toast.count(), { timeout: 10_000 }).toBe(0);
    await host.page.getByTestId('open-messages').click();
    await expect.poll(() => host.page.getByTestId('message-history').textContent()).toContain('The floor may not share a screen');
    await expect.poll(() => host.page.getByTestId('message-history').textContent()).toContain('Next speaker called');
    await host.page.keyboard.press('Escape');
    await host.page.getByTestId('mod-tab-queue').click();
  });
});

describe('devices and volume', () => {
  test('the devices dialog switches devices and shows the microphone level; a per-person volume changes only this browser', async () => {
    await quinn.page.getByTestId('open-devices').click();
    const dialog = quinn.page.getByTestId('devices-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Microphone', { exact: true }).count()).toBe(1);
    expect(await dialog.getByLabel('Camera', { exact: true }).count()).toBe(1);
    expect(await dialog.getByLabel('Speaker', { exact: true }).count()).toBe(1);
    // Quinn's microphone is off: testing it opens it locally only (nothing reaches LiveKit).
    await dialog.getByTestId('test-mic').click();
    await expect.poll(async () => Number(await dialog.getByTestId('level-meter').getAttribute('data-level')), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await sources(ids.quinn!)).toEqual([]);
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The speaker's volume, for Quinn only.
    await quinn.page.getByRole('button', { name: 'Pin Dr. Sam Speaker', exact: true }).click();
    const slider = quinn.page.getByLabel('Volume for Dr. Sam Speaker');
    await slider.focus();
    await quinn.page.keyboard.press('Home');
    for (let i = 0; i < 8; i++) await quinn.page.keyboard.press('ArrowRight');
    expect(await slider.inputValue()).toBe('40');
    await expect
      .poll(() => quinn.page.evaluate((id) => (globalThis as any).caucus.room.remoteParticipants.get(id)?.getVolume(), ids.speaker!))
      .toBeCloseTo(0.4);
    await quinn.page.getByRole('button', { name: 'Pin Dr. Sam Speaker', exact: true }).click();
  });
});

describe('moderation by keyboard', () => {
  test('the host gives the floor to the next speaker, then bans them; the focus is never lost', async () => {
    await troll.page.getByTestId('raise-hand').click();
    await expect.poll(() => host.page.getByTestId('queue-item').count()).toBe(1);
    await tabTo(host.page, byTestId('bar-next-speaker'));
    await host.page.keyboard.press('Enter');
    await troll.page.getByTestId('floor-prompt').waitFor({ timeout: 15_000 });
    expect(await focused(host.page)).toBe('bar-next-speaker');

    // Manage, from the troll's row in the people list (named with the person).
    const manage = host.page.getByRole('button', { name: 'Manage Trent Troll' });
    await manage.focus();
    await host.page.keyboard.press('Enter');
    await host.page.getByTestId('person-actions').waitFor();
    await expect.poll(() => host.page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await expectAccessibleEverywhere(host.page, 'person actions');
    await tabTo(host.page, `[data-testid="person-actions"] ${byTestId('ban')}`);
    await host.page.keyboard.press('Enter');
    await expect.poll(() => focused(host.page)).toBe('ban-reason');
    await host.page.keyboard.type('Slurs after a warning');
    await host.page.keyboard.press('Enter');
    await troll.page.getByTestId('gone').waitFor({ timeout: 15_000 });
    // The dialog closed; the person it opened from is gone from the list, so the focus goes to the list.
    await expect.poll(() => focused(host.page)).toBe('#people-title');
    await expect.poll(() => troll.page.getByTestId('gone').getAttribute('data-reason')).toBe('banned');
    await expect.poll(() => focused(troll.page)).toBe('h1:You have been banned from this call');
  });
});

describe('names', () => {
  test('two people with the same name are told apart by a suffix everyone sees', async () => {
    const twins = await Promise.all([newPerson(chromium.browser), newPerson(chromium.browser)]);
    await Promise.all(twins.map((t) => joinCall(t.page, call.links.participant, 'Alex Doe')));
    const [a, b] = await Promise.all(twins.map((t) => identityOf(t.page)));
    const row = (id: string) => host.page.locator(`[data-testid="person"][data-identity="${id}"] .person-name`);
    await expect.poll(() => row(a!).textContent()).toMatch(/^Alex Doe \(#[\w-]{4}\)$/);
    await expect.poll(() => row(b!).textContent()).toMatch(/^Alex Doe \(#[\w-]{4}\)$/);
    expect(await row(a!).textContent()).not.toBe(await row(b!).textContent());
    // Both raise a hand: the queue every participant sees tells them apart with the same suffixes
    // (derived from the identity, not from the viewer).
    for (const [i, t] of twins.entries()) {
      await t.page.getByTestId('raise-hand').click();
      await expect.poll(() => quinn.page.getByTestId('queue-item').count()).toBe(i + 1);
    }
    const queueNames = (p: Person) => p.page.locator('[data-testid="queue-item"] .queue-name').allTextContents();
    const expected = [await row(a!).textContent(), await row(b!).textContent()];
    await expect.poll(() => queueNames(quinn)).toEqual(expected);
    await expect.poll(() => queueNames(twins[0]!)).toEqual([`${expected[0]} (you)`, expected[1]]);
    // The host's queue stays readable on the narrowest phone: whole names, not one letter per line.
    await host.page.getByTestId('mod-tab-queue').click();
    await host.page.setViewportSize(NARROW);
    for (const box of await host.page.locator('[data-testid="mod-queue-item"] .queue-name').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width))) {
      expect(box).toBeGreaterThan(100);
    }
    expect(await horizontalOverflow(host.page)).toBeLessThanOrEqual(0);
    await host.page.setViewportSize(DESKTOP);
    for (const t of twins) await t.context.close();
  });
});

describe('every screen, every size', () => {
  test("the host's call screen, each console tab and each dialog: axe clean, no sideways scrolling", async () => {
    await expectAccessibleEverywhere(host.page, 'host call screen');
    for (const tab of ['queue', 'lobby', 'reports', 'room', 'stats', 'audit']) {
      await host.page.getByTestId(`mod-tab-${tab}`).click();
      await expectAccessibleEverywhere(host.page, `console: ${tab}`);
    }
    await screenshots(host.page, 'moderator-console');
    for (const [open, dialog] of [
      ['open-devices', 'devices-dialog'],
      ['open-messages', 'messages-dialog'],
      ['leave', 'leave-dialog'],
    ]) {
      const opener = host.page.getByTestId(open!);
      await opener.focus();
      await host.page.keyboard.press('Enter');
      await host.page.getByTestId(dialog!).waitFor();
      await expectAccessibleEverywhere(host.page, dialog!);
      await host.page.keyboard.press('Escape');
      // Focus returns to the opener when the dialog closes.
      await expect.poll(() => focused(host.page)).toBe(open);
    }
    await expectAccessibleEverywhere(quinn.page, 'participant call screen (screen shared)');
  });
});

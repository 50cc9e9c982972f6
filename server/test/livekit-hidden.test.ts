// What LiveKit's `hidden` grant does, in the REAL LiveKit and real browsers: docs/SCALING.md
// (audiences beyond one node) proposes hidden audience tokens in stage calls on these facts, read
// in LiveKit's source; this checks them on the running server. Tokens are minted here, not by
// Caucus (which mints none hidden today): this is about LiveKit, not about our grants.
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, type TestBrowser } from '../../test/browser';
import { connectRoom, loadLivekitClient } from '../../test/media';
import { startTestServer, type TestServer } from '../../test/server';

let server: TestServer;
let chromium: TestBrowser;
let rooms: RoomServiceClient;
beforeAll(async () => {
  server = await startTestServer();
  chromium = await launchBrowser();
  const lk = inject('livekit');
  rooms = new RoomServiceClient(lk.url.replace(/^ws/, 'http'), lk.apiKey, lk.apiSecret);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function tokenFor(room: string, identity: string, hidden: boolean, publish: boolean): Promise<string> {
  const lk = inject('livekit');
  const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity, ttl: 600 });
  at.addGrant({ roomJoin: true, room, canSubscribe: true, canPublish: publish, canPublishData: false, hidden });
  return at.toJwt();
}

async function enter(room: string, identity: string, hidden: boolean, publish = false): Promise<Page> {
  const page = await (await chromium.browser.newContext()).newPage();
  await loadLivekitClient(page, server.baseUrl);
  await connectRoom(page, inject('livekit').url, await tokenFor(room, identity, hidden, publish), publish);
  return page;
}

/** The sources of a participant's tracks this browser is subscribed to. */
const subscribedFrom = (page: Page, identity: string) =>
  page.evaluate((identity) => {
    const p = (globalThis as any).room.remoteParticipants.get(identity);
    return p ? [...(p.trackPublications.values() as Iterable<{ isSubscribed: boolean; source: string }>)].filter((t) => t.isSubscribed).map((t) => t.source).sort() : [];
  }, identity);

/** The identities this browser's SDK knows in the room (its participant list). */
const seenBy = (page: Page) =>
  page.evaluate(() => [...((globalThis as any).room.remoteParticipants.values() as Iterable<{ identity: string }>)].map((p) => p.identity).sort());

const permission = (hidden: boolean) => ({ canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [], hidden });

describe("LiveKit's hidden grant", () => {
  test('left out of the others\' lists, sees and hears them, listed by the admin API; updateParticipant unhides; re-hiding leaves a ghost', async () => {
    const room = `hidden-${Date.now()}`;
    await rooms.createRoom({ name: room, emptyTimeout: 60 });
    const visible = await enter(room, 'p_visible', false, true);
    const hidden = await enter(room, 'p_hidden', true);
    const pages = [visible, hidden];
    try {
      // The hidden one sees the visible one and receives its camera and microphone; the visible
      // one never hears of the hidden one.
      await expect.poll(() => seenBy(hidden), { timeout: 10_000 }).toEqual(['p_visible']);
      await expect.poll(() => subscribedFrom(hidden, 'p_visible'), { timeout: 15_000 }).toEqual(['camera', 'microphone']);
      const admin = await rooms.listParticipants(room);
      expect(admin.map((p) => p.identity).sort()).toEqual(['p_hidden', 'p_visible']);
      expect(admin.find((p) => p.identity === 'p_hidden')!.permission!.hidden).toBe(true);
      expect(await seenBy(visible)).toEqual([]);

      // Promotion: the whole permission set with hidden false, and the others learn of them.
      await rooms.updateParticipant(room, 'p_hidden', { permission: permission(false) });
      await expect.poll(() => seenBy(visible), { timeout: 10_000 }).toEqual(['p_hidden']);

      // Hidden again in place: the others are told nothing, and when the person leaves, nothing
      // either: the visible browser keeps a participant who is gone.
      await rooms.updateParticipant(room, 'p_hidden', { permission: permission(true) });
      await hidden.evaluate(() => (globalThis as any).room.disconnect());
      await expect.poll(async () => (await rooms.listParticipants(room)).map((p) => p.identity), { timeout: 10_000 }).toEqual(['p_visible']);
      // A control, after the hidden one left: someone visible who leaves disappears from the same
      // browser's list (departures are batched: give it time), while the hidden one, gone longer,
      // is still there.
      const control = await enter(room, 'p_control', false);
      pages.push(control);
      await expect.poll(() => seenBy(visible), { timeout: 10_000 }).toEqual(['p_control', 'p_hidden']);
      await control.evaluate(() => (globalThis as any).room.disconnect());
      await expect.poll(() => seenBy(visible), { timeout: 15_000 }).toEqual(['p_hidden']);
    } finally {
      for (const page of pages) await page.context().close();
      await rooms.deleteRoom(room).catch(() => undefined);
    }
  });
});

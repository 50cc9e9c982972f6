// The web app against a troll with saved credentials (issue 12), in Chromium with the real server
// and LiveKit: a refusal at hello says why on screen (no loop back to the join page), and a voice
// that gets into the room for a moment with a saved refreshed token reaches no app listener.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCall } from '../test/api';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { waitForPublishPermission } from '../test/media';
import { enter } from '../test/people';
import { reconnectAndPublish, refreshedToken } from '../test/saved-tokens';
import { startTestServer, type TestServer } from '../test/server';
import { identityOf, joinCall, newPerson, type Person } from './support/caucus';

let server: TestServer;
let chromium: TestBrowser;
const people: Person[] = [];
beforeAll(async () => {
  server = await startTestServer({ webhooks: true });
  chromium = await launchBrowser();
});
afterAll(async () => {
  for (const p of people) await p.context.close();
  await chromium?.close();
  await server?.close();
});

async function person(): Promise<Person> {
  const p = await newPerson(chromium.browser);
  people.push(p);
  return p;
}

describe('refusals at hello', () => {
  test('a saved session that comes back into a locked call is shown why, and stays out', async () => {
    const created = await createCall(server.baseUrl, { lobby: false });
    const host = await enter(server, chromium, created, 'host', 'Host', false);
    const kim = await person();
    await joinCall(kim.page, created.links.participant, 'Kim', { camera: false, microphone: false });
    const identity = await identityOf(kim.page);
    // The troll keeps the session the tab holds, leaves, and comes back after the call is locked.
    const key = `caucus:session:${created.call.id}`;
    const saved = await kim.page.evaluate((k) => sessionStorage.getItem(k), key);
    expect(saved).not.toBeNull();
    await kim.page.getByTestId('leave').click();
    await host.client.until((s) => s.members.get(identity)?.status === 'left');
    await host.client.ok({ type: 'set_lock', locked: true });
    await kim.page.evaluate(([k, v]) => sessionStorage.setItem(k!, v!), [key, saved]);
    await kim.page.reload();
    const gone = kim.page.getByTestId('gone');
    await gone.waitFor({ timeout: 15_000 });
    expect(await gone.getAttribute('data-reason')).toBe('locked');
    expect(await gone.textContent()).toMatch(/locked/i);
    expect(host.client.state!.members.get(identity)?.status).toBe('left');
  });
});

describe('the second line: app listeners take voices only from those the state lets speak', () => {
  test('a reconnect with a refreshed token saved on the floor reaches no app listener', async () => {
    const created = await createCall(server.baseUrl);
    const host = await enter(server, chromium, created, 'host', 'Host', false);
    const listener = await person();
    await joinCall(listener.page, created.links.participant, 'App Listener', { camera: false, microphone: false });
    // Every voice the app subscribes to, with when.
    await listener.page.evaluate(() => {
      const room = (globalThis as any).caucus.room;
      (globalThis as any).voices = [];
      room.on('trackSubscribed', (_track: unknown, pub: any, participant: any) =>
        (globalThis as any).voices.push({ identity: participant.identity, source: pub.source, at: performance.now() }),
      );
    });
    const troll = await enter(server, chromium, created, 'participant', 'Floor Troll', true);
    await host.client.ok({ type: 'grant_floor', participant: troll.joined.identity });
    await waitForPublishPermission(troll.page!, 'microphone');
    const refreshed = await refreshedToken(troll.page!, troll.joined.livekit!.token);
    await troll.page!.evaluate(() => (globalThis as any).room.localParticipant.setMicrophoneEnabled(true));
    const heard = () =>
      listener.page.evaluate((id) => ((globalThis as any).voices as { identity: string; source: string; at: number }[]).filter((v) => v.identity === id), troll.joined.identity);
    // On the floor, the app hears them: the baseline.
    await expect.poll(async () => (await heard()).filter((v) => v.source === 'microphone').length, { timeout: 15_000 }).toBeGreaterThan(0);

    await host.client.ok({ type: 'end_floor' });
    const after = await listener.page.evaluate(() => performance.now());
    await reconnectAndPublish(troll.page!, troll.joined.livekit!.url, refreshed);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await heard()).filter((v) => v.at > after)).toEqual([]);
    await troll.page!.context().close();
  });
});

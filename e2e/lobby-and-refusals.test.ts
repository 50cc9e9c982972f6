// The door of a call through the web app: passcode errors, the lobby that turns into the call when
// a moderator admits you, entry refused, removal with a reason (no automatic reconnection), a
// locked call, a bad invite and an ended call, each told clearly. The moderator here is a
// protocol client (test/ws-client.ts) to keep the browser count low.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCall, inviteOf, join, type CreatedCall } from '../test/api';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { startTestServer, type TestServer } from '../test/server';
import { TestClient } from '../test/ws-client';
import { expectAccessibleEverywhere, identityOf, joinThroughUi, newPerson, screenshots, type Person } from './support/caucus';

let server: TestServer;
let chromium: TestBrowser;
let call: CreatedCall;
let mod: TestClient;
let rosa: Person;

beforeAll(async () => {
  server = await startTestServer();
  chromium = await launchBrowser();
  call = await createCall(server.baseUrl, { lobby: true, passcode: 'unity-2026' }, 'Steering committee');
  const host = await join(server.baseUrl, call, 'host', 'Hana Host');
  mod = await TestClient.ready(server.baseUrl, call.call.id, host.sessionToken);
});

afterAll(async () => {
  if (rosa?.errors.length) console.log(rosa.errors.slice(0, 10).join('\n'));
  mod?.close();
  await chromium?.close();
  await server?.close();
});

test('a wrong passcode is refused clearly; the right one leads to the lobby, which turns into the call on admission', async () => {
  rosa = await newPerson(chromium.browser);
  await joinThroughUi(rosa.page, call.links.participant, 'Rosa Parks', { passcode: 'wrong', camera: false });
  await expect.poll(() => rosa.page.getByTestId('join-error').getAttribute('data-code')).toBe('bad_passcode');
  await expect.poll(() => rosa.page.getByTestId('join-error').textContent()).toContain('passcode is not right');

  await rosa.page.getByTestId('passcode-input').fill('unity-2026');
  await rosa.page.getByTestId('join-button').click();
  await rosa.page.getByTestId('lobby').waitFor();
  await expect.poll(() => rosa.page.getByRole('heading', { level: 1 }).textContent()).toContain('Waiting for a moderator');
  await screenshots(rosa.page, 'lobby');
  await expectAccessibleEverywhere(rosa.page, 'lobby');

  const identity = await identityOf(rosa.page);
  await mod.until((s) => s.lobby.get(identity)?.status === 'waiting');
  await mod.ok({ type: 'admit', participant: identity });
  await rosa.page.getByTestId('call').waitFor({ timeout: 20_000 });
  await expect.poll(() => rosa.page.evaluate(() => (globalThis as any).caucus.room.state), { timeout: 20_000 }).toBe('connected');
});

test('a removed person is told why and is not reconnected automatically', async () => {
  const identity = await identityOf(rosa.page);
  await mod.ok({ type: 'remove', participant: identity, reason: 'Off topic: please rejoin for the next item' });
  await rosa.page.getByTestId('gone').waitFor({ timeout: 15_000 });
  expect(await rosa.page.getByTestId('gone').getAttribute('data-reason')).toBe('removed');
  await expect.poll(() => rosa.page.getByTestId('removal-reason').textContent()).toBe('Off topic: please rejoin for the next item');
  await screenshots(rosa.page, 'removed');
  await expectAccessibleEverywhere(rosa.page, 'removed screen');
  // LiveKit removed it; the app does not reconnect on its own (poll a while: it must stay out).
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    expect(await rosa.page.evaluate(() => (globalThis as any).caucus.room.state)).toBe('disconnected');
    await rosa.page.waitForTimeout(300);
  }
  const inRoom = await server.app.livekit.rooms.listParticipants(call.call.id).catch(() => []);
  expect(inRoom.some((p) => p.identity === identity)).toBe(false);
});

test('entry refused from the lobby is said clearly', async () => {
  const dora = await newPerson(chromium.browser);
  await joinThroughUi(dora.page, call.links.participant, 'Dora Denied', { passcode: 'unity-2026', camera: false });
  await dora.page.getByTestId('lobby').waitFor();
  const identity = await identityOf(dora.page);
  await mod.until((s) => s.lobby.get(identity)?.status === 'waiting');
  await mod.ok({ type: 'deny', participant: identity });
  await dora.page.getByTestId('gone').waitFor({ timeout: 15_000 });
  expect(await dora.page.getByTestId('gone').getAttribute('data-reason')).toBe('denied');
  await screenshots(dora.page, 'denied');
  await dora.context.close();
});

test('a locked call, a bad invite and an ended call are refused with their own messages', async () => {
  const eve = await newPerson(chromium.browser);
  await mod.ok({ type: 'set_lock', locked: true });
  await joinThroughUi(eve.page, call.links.participant, 'Eve Late', { passcode: 'unity-2026', camera: false });
  await expect.poll(() => eve.page.getByTestId('join-error').getAttribute('data-code')).toBe('locked');
  await expect.poll(() => eve.page.getByTestId('join-error').textContent()).toContain('locked');
  await screenshots(eve.page, 'join-refused-locked');

  const bad = call.links.participant.replace(inviteOf(call.links.participant), 'not-a-real-invite');
  await joinThroughUi(eve.page, bad, 'Eve Late', { passcode: 'unity-2026', camera: false });
  await expect.poll(() => eve.page.getByTestId('join-error').getAttribute('data-code')).toBe('bad_invite');

  // The server closes every socket (4008) before it would send the ack, so wait for the close.
  mod.raw({ type: 'end_call', ref: 'end' });
  expect((await mod.waitClosed()).code).toBe(4008);
  await eve.page.goto(call.links.participant);
  await expect.poll(() => eve.page.getByTestId('join-error').getAttribute('data-code')).toBe('call_ended');
  await eve.context.close();
});

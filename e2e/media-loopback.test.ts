// Foundation: real parts end to end. The server mints LiveKit tokens; one headless Chromium
// publishes its fake camera and microphone through the real LiveKit; a second browser context
// really receives them; the server sees both participants through LiveKit's admin API.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, type TestBrowser } from '../test/browser';
import { connectRoom, loadLivekitClient, probeRemoteMedia } from '../test/media';
import { startTestServer, type TestServer } from '../test/server';

let server: TestServer;
let chromium: TestBrowser;

beforeAll(async () => {
  server = await startTestServer();
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

test('a published camera and microphone reach a second browser through the real LiveKit', async () => {
  const room = `media-${Date.now()}`;
  const lk = server.app.livekit;
  // LiveKit creates no room on its own (auto_create false): rooms are the server's to create.
  await lk.rooms.createRoom({ name: room });
  const publisherToken = await lk.mintToken({
    room,
    identity: 'publisher',
    name: 'Publisher',
    permission: { canSubscribe: true, canPublish: true, canPublishData: false, canPublishSources: ['camera', 'microphone'], hidden: false },
  });
  const viewerToken = await lk.mintToken({
    room,
    identity: 'viewer',
    name: 'Viewer',
    permission: { canSubscribe: true, canPublish: false, canPublishData: false, canPublishSources: [], hidden: false },
  });

  const publisher = await (await chromium.browser.newContext()).newPage();
  const viewer = await (await chromium.browser.newContext()).newPage();
  await loadLivekitClient(publisher, server.baseUrl);
  await loadLivekitClient(viewer, server.baseUrl);
  await connectRoom(publisher, lk.url, publisherToken, true);
  await connectRoom(viewer, lk.url, viewerToken, false);

  const media = await probeRemoteMedia(viewer, 'publisher');
  expect(media.videoWidth).toBeGreaterThan(0);
  expect(media.framesAdvanced).toBe(true);
  expect(media.audioEnergy).toBeGreaterThan(0);

  const seen = await lk.rooms.listParticipants(room);
  expect(seen.map((p) => p.identity).sort()).toEqual(['publisher', 'viewer']);
});

// Each role's token, minted through the public join API, joins the REAL LiveKit with exactly the
// grants the design gives it, and LiveKit itself refuses a participant's attempt to publish.
import { TokenVerifier, TrackSource } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createCall, join, type RoleName } from '../../test/api';
import { launchBrowser, type TestBrowser } from '../../test/browser';
import { connectRoom, forcePublishMicrophone, loadLivekitClient, tryPublishMicrophone } from '../../test/media';
import { startTestServer, type TestServer } from '../../test/server';

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

const STAFF_SOURCES = [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO].sort();

describe('tokens', () => {
  // Deny by default: every token carries the audience grant only, the host's too. Publishing
  // arrives through updateParticipant once LiveKit reports them in the room (next describe).
  test.each<[RoleName]>([['host'], ['moderator'], ['speaker'], ['participant']])('%s: the audience grant only, no admin rights, at most 10 minutes', async (role) => {
    const created = await createCall(server.baseUrl);
    const joined = await join(server.baseUrl, created, role, `A ${role}`);
    const lk = inject('livekit');
    const claims = await new TokenVerifier(lk.apiKey, lk.apiSecret).verify(joined.livekit!.token);
    expect(claims.sub).toBe(joined.identity);
    expect(claims.name).toBe(`A ${role}`);
    const video = claims.video!;
    expect(video.room).toBe(created.call.id);
    expect(video.roomJoin).toBe(true);
    expect(video.canSubscribe).toBe(true);
    expect(video.canPublish).toBe(false);
    expect(video.canPublishSources ?? []).toEqual([]);
    // Explicitly false: an unset canPublishData would default to canPublish.
    expect(video.canPublishData).toBe(false);
    expect(video.canUpdateOwnMetadata).toBe(false);
    for (const admin of ['roomAdmin', 'roomCreate', 'roomList', 'roomRecord', 'ingressAdmin', 'agent'] as const) {
      expect(video[admin] ?? false).toBe(false);
    }
    const exp = claims.exp as number;
    const nbf = (claims.nbf as number | undefined) ?? Math.floor(Date.now() / 1000);
    expect(exp - nbf).toBeLessThanOrEqual(600);
  });
});

describe('in the real LiveKit', () => {
  test('each role joins with exactly its permissions, and LiveKit refuses a participant publishing', async () => {
    const created = await createCall(server.baseUrl);
    const roles: RoleName[] = ['host', 'moderator', 'speaker', 'participant'];
    const pages = new Map<RoleName, { identity: string; page: import('playwright-core').Page }>();
    for (const role of roles) {
      const joined = await join(server.baseUrl, created, role, `LK ${role}`);
      const page = await (await chromium.browser.newContext()).newPage();
      await loadLivekitClient(page, server.baseUrl);
      await connectRoom(page, joined.livekit!.url, joined.livekit!.token, false);
      pages.set(role, { identity: joined.identity, page });
    }

    // Rights arrive once the server sees each of them in the room (participant_joined webhook).
    let participants = await server.app.livekit.rooms.listParticipants(created.call.id);
    await expect
      .poll(async () => {
        participants = await server.app.livekit.rooms.listParticipants(created.call.id);
        return participants.filter((p) => p.permission?.canPublish).length;
      })
      .toBe(3);
    expect(participants).toHaveLength(4);
    for (const role of roles) {
      const info = participants.find((p) => p.identity === pages.get(role)!.identity)!;
      const perm = info.permission!;
      expect(perm.canSubscribe).toBe(true);
      expect(perm.canPublishData).toBe(false);
      if (role === 'participant') {
        expect(perm.canPublish).toBe(false);
      } else {
        expect(perm.canPublish).toBe(true);
        expect([...perm.canPublishSources].sort()).toEqual(STAFF_SOURCES);
      }
    }

    const participant = pages.get('participant')!;
    expect(await tryPublishMicrophone(participant.page)).toMatch(/^refused/);
    // A doctored client that skips the SDK's check still gets nothing published: LiveKit refuses.
    expect(await forcePublishMicrophone(participant.page)).toMatch(/^refused/);
    const speakerAttempt = await tryPublishMicrophone(pages.get('speaker')!.page);
    expect(speakerAttempt).toBe('published');

    // What LiveKit holds, not what the client says: the participant has no track, the speaker has one.
    await expect
      .poll(async () => (await server.app.livekit.rooms.getParticipant(created.call.id, pages.get('speaker')!.identity)).tracks.length)
      .toBe(1);
    const after = await server.app.livekit.rooms.getParticipant(created.call.id, participant.identity);
    expect(after.tracks).toHaveLength(0);
    for (const { page } of pages.values()) await page.context().close();
  });
});

// Moderation is enforced by the real LiveKit, not by polite clients: a silenced person cannot
// unmute, an expired floor unpublishes, and a ban holds against old tokens and fresh invites.
import { TrackSource } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createCall, inviteOf, join, joinRaw, type CreatedCall } from '../../test/api';
import { launchBrowser, type TestBrowser } from '../../test/browser';
import {
  forcePublishMicrophone,
  publishCameraAndMicrophone,
  reconnectWithToken,
  tryPublishMicrophone,
  waitForPublishPermission,
} from '../../test/media';
import { startTestServer, type TestServer } from '../../test/server';
import { enter as enterCall, tracksInLivekit as livekitTracks } from '../../test/people';
import { TestClient } from '../../test/ws-client';

let server: TestServer;
let chromium: TestBrowser;
beforeAll(async () => {
  server = await startTestServer({ webhooks: true });
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

const enter = (created: CreatedCall, role: 'host' | 'moderator' | 'participant', name: string, media: boolean) =>
  enterCall(server, chromium, created, role, name, media);
const tracksInLivekit = (callId: string, identity: string) => livekitTracks(server, callId, identity);

describe('silence', () => {
  test('a silenced participant loses their microphone and LiveKit refuses their unmute', async () => {
    const created = await createCall(server.baseUrl);
    const host = await enter(created, 'host', 'Host', false);
    const troll = await enter(created, 'participant', 'Troll', true);

    await host.client.ok({ type: 'grant_floor', participant: troll.joined.identity });
    await waitForPublishPermission(troll.page!, 'microphone');
    await publishCameraAndMicrophone(troll.page!);
    await expect.poll(() => tracksInLivekit(created.call.id, troll.joined.identity)).toContain(TrackSource.MICROPHONE);

    await host.client.ok({ type: 'silence', participant: troll.joined.identity });
    await expect.poll(() => tracksInLivekit(created.call.id, troll.joined.identity)).not.toContain(TrackSource.MICROPHONE);

    // The SDK may report a local success (it re-enables its own track object), so judge by what
    // LiveKit holds: no microphone track appears, through the SDK or through a doctored client.
    await tryPublishMicrophone(troll.page!);
    expect(await forcePublishMicrophone(troll.page!)).toMatch(/^refused/);
    for (let i = 0; i < 10; i++) {
      expect(await tracksInLivekit(created.call.id, troll.joined.identity)).not.toContain(TrackSource.MICROPHONE);
      await new Promise((r) => setTimeout(r, 200));
    }

    // Silencing also ended their turn; once lifted, the next turn on the floor opens the mic again.
    expect(host.client.state!.floor).toBeNull();
    await host.client.ok({ type: 'unsilence', participant: troll.joined.identity });
    await host.client.ok({ type: 'grant_floor', participant: troll.joined.identity });
    await waitForPublishPermission(troll.page!, 'microphone');
    await troll.page!.context().close();
  });
});

describe('floor expiry', () => {
  test('when the speaking time runs out, LiveKit unpublishes their tracks and the floor returns', async () => {
    const created = await createCall(server.baseUrl, { speakingLimitSec: 3 });
    const mod = await enter(created, 'moderator', 'Mod', false);
    const speaker = await enter(created, 'participant', 'Quick Speaker', true);
    await speaker.client.ok({ type: 'raise_hand' });
    await mod.client.ok({ type: 'next_speaker' });
    await waitForPublishPermission(speaker.page!, 'microphone');
    await publishCameraAndMicrophone(speaker.page!);
    await expect.poll(() => tracksInLivekit(created.call.id, speaker.joined.identity)).toHaveLength(2);

    const ended = await mod.client.waitFor((f) => f.type === 'event' && f.event.type === 'floor_ended', 10_000);
    expect(ended.event.reason).toBe('expired');
    expect(mod.client.state!.floor).toBeNull();
    await expect.poll(() => tracksInLivekit(created.call.id, speaker.joined.identity), { timeout: 5000 }).toHaveLength(0);
    const member = mod.client.state!.members.get(speaker.joined.identity)!;
    expect(member.spokenMs).toBeGreaterThanOrEqual(2900);
    await speaker.page!.context().close();
  });
});

describe('ban', () => {
  test('a banned participant is removed, cannot come back with the old token, a new token or a fresh invite', async () => {
    const created = await createCall(server.baseUrl);
    const host = await enter(created, 'host', 'Host', false);
    const troll = await enter(created, 'participant', 'Troll', true);
    await expect.poll(async () => (await server.app.livekit.rooms.listParticipants(created.call.id)).map((p) => p.identity)).toContain(troll.joined.identity);

    await host.client.ok({ type: 'ban', participant: troll.joined.identity, reason: 'zoom-bombing', ip: false });
    const closed = await troll.client.waitClosed();
    expect(closed.code).toBe(4004);
    await expect.poll(async () => (await server.app.livekit.rooms.listParticipants(created.call.id)).map((p) => p.identity)).not.toContain(troll.joined.identity);

    // The old LiveKit token is still valid in LiveKit's eyes (self-hosted LiveKit does not revoke it),
    // so the server must remove the identity on sight: within 1 s of it joining.
    const again = await reconnectWithToken(troll.page!, troll.joined.livekit!.url, troll.joined.livekit!.token);
    if (again.connected) {
      expect(again.disconnectedAfterMs).not.toBeNull();
      expect(again.disconnectedAfterMs!).toBeLessThan(1000);
    }
    await expect.poll(async () => (await server.app.livekit.rooms.listParticipants(created.call.id)).map((p) => p.identity)).not.toContain(troll.joined.identity);

    // No new LiveKit token for the banned session.
    const refresh = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/token`, undefined, { authorization: `Bearer ${troll.joined.sessionToken}` });
    expect(refresh.status).toBe(403);
    expect(refresh.json.error.code).toBe('banned');

    // The websocket refuses the old session.
    const ws = await TestClient.connect(server.baseUrl, created.call.id, troll.joined.sessionToken);
    expect((await ws.waitClosed()).code).toBe(4004);

    // A fresh invite from the same browser (device cookie) is refused too.
    const rotated = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/invites/participant`, undefined, { authorization: `Bearer ${host.joined.sessionToken}` });
    const fresh = await joinRaw(server.baseUrl, created.call.id, { invite: inviteOf(rotated.json.link), name: 'Totally Someone Else' }, { device: troll.joined.device });
    expect(fresh.status).toBe(403);
    expect(fresh.json.error.code).toBe('banned');

    // The rotation revoked the old session too (its person was not present).
    const afterRotation = await TestClient.connect(server.baseUrl, created.call.id, troll.joined.sessionToken);
    expect((await afterRotation.waitClosed()).code).toBe(4001);

    // Someone else in another browser still gets in with the new link.
    const other = await joinRaw(server.baseUrl, created.call.id, { invite: inviteOf(rotated.json.link), name: 'Neighbour' });
    expect(other.status).toBe(200);
    await troll.page!.context().close();
  });

  test('an IP ban also keeps out a new browser from the same address; remove lets people back', async () => {
    const created = await createCall(server.baseUrl);
    const host = await enter(created, 'host', 'Host', false);
    const kicked = await enter(created, 'participant', 'Noisy', false);
    await host.client.ok({ type: 'remove', participant: kicked.joined.identity });
    expect((await kicked.client.waitClosed()).code).toBe(4003);
    // Back through the link from the same browser: let in, as a new person (a device cookie
    // with the public link hands over nobody's identity).
    const back = await join(server.baseUrl, created, 'participant', 'Noisy', { device: kicked.joined.device });
    expect(back.identity).not.toBe(kicked.joined.identity);
    expect(back.livekit).not.toBeNull();

    const troll = await enter(created, 'participant', 'Troll', false);
    await host.client.ok({ type: 'ban', participant: troll.joined.identity, reason: 'threats', ip: true });
    // Same loopback address, new browser (no cookie): refused because of the IP ban.
    const res = await joinRaw(server.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: 'New Me' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('banned');
  });
});

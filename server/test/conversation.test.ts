// The conversation format and the doors of an announced call, enforced by the real LiveKit: in a
// conversation a participant may publish their camera but LiveKit refuses their microphone until
// they hold the floor; a moderator's camera-off, the panic button and switching back to stage take
// the camera track away in LiveKit itself. Before an announced call starts, participants wait
// until the host opens the doors; hosts and speakers enter early (green room).
import { TrackSource } from 'livekit-server-sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createCall, inviteOf, join, type CreatedCall } from '../../test/api';
import { launchBrowser, type TestBrowser } from '../../test/browser';
import { forcePublishMicrophone, tryPublishMicrophone, waitForPublishPermission } from '../../test/media';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';
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

/** What LiveKit itself holds as this person's publish rights (source numbers). */
const sourcesInLivekit = async (callId: string, identity: string) => {
  const p = await server.app.livekit.rooms.getParticipant(callId, identity);
  return p.permission?.canPublish ? [...(p.permission.canPublishSources ?? [])].sort() : [];
};

/** Publishes the page's fake camera through the normal SDK path. */
const publishCamera = (page: Page) =>
  page.evaluate(async () => {
    await (globalThis as any).room.localParticipant.setCameraEnabled(true);
  });

/** Several checks over ~2 s: what must not appear stays absent. */
async function staysWithout(callId: string, identity: string, source: TrackSource) {
  for (let i = 0; i < 10; i++) {
    expect(await tracksInLivekit(callId, identity)).not.toContain(source);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('conversation format', () => {
  test('a participant publishes their camera; LiveKit refuses their microphone until they have the floor', async () => {
    const created = await createCall(server.baseUrl, { format: 'conversation' });
    expect(created.call.settings.format).toBe('conversation');
    const host = await enter(created, 'host', 'Host', false);
    const ana = await enter(created, 'participant', 'Ana', true);
    const id = ana.joined.identity;

    // The token and LiveKit agree: camera only.
    await waitForPublishPermission(ana.page!, 'camera');
    expect(await sourcesInLivekit(created.call.id, id)).toEqual([TrackSource.CAMERA]);
    await publishCamera(ana.page!);
    await expect.poll(() => tracksInLivekit(created.call.id, id)).toContain(TrackSource.CAMERA);

    // No floor: the SDK path and a doctored client that skips the SDK's check are both refused.
    expect(await tryPublishMicrophone(ana.page!)).toMatch(/^refused/);
    expect(await forcePublishMicrophone(ana.page!)).toMatch(/^refused/);
    await staysWithout(created.call.id, id, TrackSource.MICROPHONE);
    expect(await tracksInLivekit(created.call.id, id)).toContain(TrackSource.CAMERA);

    // With the floor, the microphone opens; the camera stays.
    await host.client.ok({ type: 'grant_floor', participant: id });
    await waitForPublishPermission(ana.page!, 'microphone');
    expect(await tryPublishMicrophone(ana.page!)).toBe('published');
    await expect.poll(() => tracksInLivekit(created.call.id, id)).toEqual(expect.arrayContaining([TrackSource.CAMERA, TrackSource.MICROPHONE]));

    // The turn ends: LiveKit takes the microphone and leaves the camera.
    await host.client.ok({ type: 'end_floor' });
    await expect.poll(() => tracksInLivekit(created.call.id, id), { timeout: 5000 }).not.toContain(TrackSource.MICROPHONE);
    expect(await tracksInLivekit(created.call.id, id)).toContain(TrackSource.CAMERA);
    await ana.page!.context().close();
  });

  test("a moderator's camera-off removes the video track in LiveKit; camera-on allows it again", async () => {
    const created = await createCall(server.baseUrl, { format: 'conversation' });
    await enter(created, 'host', 'Host', false);
    const mod = await enter(created, 'moderator', 'Mod', false);
    const troll = await enter(created, 'participant', 'Troll on camera', true);
    const id = troll.joined.identity;
    await waitForPublishPermission(troll.page!, 'camera');
    await publishCamera(troll.page!);
    await expect.poll(() => tracksInLivekit(created.call.id, id)).toContain(TrackSource.CAMERA);

    await mod.client.ok({ type: 'camera_off', participant: id });
    await expect.poll(() => tracksInLivekit(created.call.id, id), { timeout: 5000 }).not.toContain(TrackSource.CAMERA);
    expect(await sourcesInLivekit(created.call.id, id)).toEqual([]);
    // Trying again through the SDK gets nothing into LiveKit.
    await troll.page!.evaluate(() => (globalThis as any).room.localParticipant.setCameraEnabled(true).catch(() => undefined));
    await staysWithout(created.call.id, id, TrackSource.CAMERA);

    await mod.client.ok({ type: 'camera_on', participant: id });
    await waitForPublishPermission(troll.page!, 'camera');
    expect(await sourcesInLivekit(created.call.id, id)).toEqual([TrackSource.CAMERA]);
    await troll.page!.context().close();
  });

  test('switching back to stage takes every audience camera in LiveKit; the panic button does too', async () => {
    const created = await createCall(server.baseUrl, { format: 'conversation' });
    const host = await enter(created, 'host', 'Host', false);
    const people = await Promise.all([enter(created, 'participant', 'Bea', true), enter(created, 'participant', 'Cy', true)]);
    for (const p of people) {
      await waitForPublishPermission(p.page!, 'camera');
      await publishCamera(p.page!);
    }
    for (const p of people) await expect.poll(() => tracksInLivekit(created.call.id, p.joined.identity)).toContain(TrackSource.CAMERA);

    // The panic button: no audience camera while suspended.
    await host.client.ok({ type: 'suspend' });
    for (const p of people) await expect.poll(() => tracksInLivekit(created.call.id, p.joined.identity), { timeout: 5000 }).toEqual([]);
    await host.client.ok({ type: 'restore' });
    for (const p of people) await waitForPublishPermission(p.page!, 'camera');
    for (const p of people) await publishCamera(p.page!);
    for (const p of people) await expect.poll(() => tracksInLivekit(created.call.id, p.joined.identity)).toContain(TrackSource.CAMERA);

    // Back to stage: the same reconcile takes every participant's camera.
    const changed = await host.client.ok({ type: 'set_format', format: 'stage' });
    expect(changed.type).toBe('ack');
    expect(host.client.state!.settings.format).toBe('stage');
    for (const p of people) {
      await expect.poll(() => tracksInLivekit(created.call.id, p.joined.identity), { timeout: 5000 }).toEqual([]);
      expect(await sourcesInLivekit(created.call.id, p.joined.identity)).toEqual([]);
    }
    // And to conversation again: cameras allowed once more.
    await host.client.ok({ type: 'set_format', format: 'conversation' });
    for (const p of people) await waitForPublishPermission(p.page!, 'camera');
    for (const p of people) await p.page!.context().close();
  });

  test('only the host switches the format', async () => {
    const created = await createCall(server.baseUrl);
    await enter(created, 'host', 'Host', false);
    const mod = await enter(created, 'moderator', 'Mod', false);
    const answer = await mod.client.command({ type: 'set_format', format: 'conversation' });
    expect(answer).toMatchObject({ type: 'error', code: 'forbidden' });
  });
});

describe('doors of an announced call', () => {
  async function announce(minutesAhead: number, settings: Record<string, unknown> = {}): Promise<CreatedCall> {
    const startsAt = new Date(Date.now() + minutesAhead * 60_000).toISOString();
    const res = await api(
      server.baseUrl,
      'POST',
      '/api/calls',
      { title: 'National call', settings, schedule: { public: true, startsAt, timeZone: 'America/New_York', description: 'Our first national call.' } },
      { authorization: `Bearer ${ORGANIZER_KEY}` },
    );
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.json)}`);
    return res.json;
  }

  test('participants wait until the host opens the doors; hosts and speakers enter early', async () => {
    const created = await announce(12);
    const info = await api(server.baseUrl, 'GET', `/api/calls/${created.call.id}`);
    expect(info.json.call.doorsOpen).toBe(false);

    const host = await enter(created, 'host', 'Host', false);
    expect(host.joined.lobby).toBe(false);
    expect(host.client.state!.settings.doorsOpen).toBe(false);
    const speaker = await join(server.baseUrl, created, 'speaker', 'Council Candidate');
    expect(speaker.lobby).toBe(false);
    expect(speaker.livekit).not.toBeNull();

    // The public link (the participant invite): into the pre-call room, no LiveKit token.
    const early = await join(server.baseUrl, created, 'participant', 'Early Bird');
    expect(early.lobby).toBe(true);
    expect(early.livekit).toBeNull();
    const earlyWs = await TestClient.ready(server.baseUrl, created.call.id, early.sessionToken);
    expect(earlyWs.you).toMatchObject({ status: 'lobby' });
    expect(earlyWs.state).toBeNull();
    const token = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/token`, undefined, { authorization: `Bearer ${early.sessionToken}` });
    expect(token.status).toBe(403);
    // Only the host opens them.
    const speakerWs = await TestClient.ready(server.baseUrl, created.call.id, speaker.sessionToken);
    expect(await speakerWs.command({ type: 'open_doors' })).toMatchObject({ type: 'error', code: 'forbidden' });

    await host.client.ok({ type: 'open_doors' });
    const admitted = await earlyWs.waitFor((f) => f.type === 'admitted');
    expect(admitted.livekit.token).toBeTruthy();
    await earlyWs.until((s) => s.members.get(early.identity)?.status === 'present');
    expect(host.client.state!.settings.doorsOpen).toBe(true);
    expect((await api(server.baseUrl, 'GET', `/api/calls/${created.call.id}`)).json.call.doorsOpen).toBe(true);

    // From now on, people walk straight in.
    const late = await join(server.baseUrl, created, 'participant', 'Late Comer');
    expect(late.lobby).toBe(false);
    expect(late.livekit).not.toBeNull();
    earlyWs.close();
    speakerWs.close();
  });

  test('with the lobby on, opening the doors leaves admission to the moderators', async () => {
    const created = await announce(30, { lobby: true });
    const host = await enter(created, 'host', 'Host', false);
    const waiting = await join(server.baseUrl, created, 'participant', 'Patient');
    expect(waiting.lobby).toBe(true);
    await host.client.ok({ type: 'open_doors' });
    expect(host.client.state!.lobby.get(waiting.identity)?.status).toBe('waiting');
    await host.client.ok({ type: 'admit', participant: waiting.identity });
    await host.client.until((s) => s.members.get(waiting.identity)?.status === 'present');
  });

  test('a call that is not announced, or announced for a time already past, has its doors open', async () => {
    const plain = await createCall(server.baseUrl);
    expect((await join(server.baseUrl, plain, 'participant', 'Walk In')).lobby).toBe(false);
    const past = await announce(-5);
    expect((await api(server.baseUrl, 'GET', `/api/calls/${past.call.id}`)).json.call.doorsOpen).toBe(true);
    const res = await api(server.baseUrl, 'POST', `/api/calls/${past.call.id}/join`, { invite: inviteOf(past.links.participant), name: 'Walk In' });
    expect(res.json.lobby).toBe(false);
  });
});

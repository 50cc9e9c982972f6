// LiveKit multi-node: two livekit-server nodes on one Redis, two Caucus instances (the host on one,
// the others on the other) whose LIVEKIT_URL is node 1, and the call's room pinned to node 2. Permissions hold across nodes (signalling through node 1, media on
// node 2); when node 2 dies (kill -9) the room comes back on node 1 and, once people reconnect,
// Caucus still enforces: the listener cannot publish, the floor holder can, a ban removes.
import { RoomServiceClient, TrackSource } from 'livekit-server-sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, createCall } from '../../../test/api';
import { launchBrowser, type TestBrowser } from '../../../test/browser';
import { startCluster, type Cluster } from '../../../test/cluster';
import { connectRoom, forcePublishMicrophone, publishCameraAndMicrophone, waitForPublishPermission } from '../../../test/media';
import { enter, type Person } from '../../../test/people';

let cluster: Cluster;
let chromium: TestBrowser;
let rooms: RoomServiceClient;
beforeAll(async () => {
  cluster = await startCluster({ instances: 2, livekitNodes: 2 });
  chromium = await launchBrowser();
  rooms = new RoomServiceClient(cluster.livekit.nodes[0]!.httpUrl, cluster.livekit.apiKey, cluster.livekit.apiSecret);
});
afterAll(async () => {
  await chromium?.close();
  await cluster?.stop();
});

/** The sources LiveKit holds for this person (asked through node 1), or null when not in the room. */
async function tracksInLivekit(room: string, identity: string): Promise<TrackSource[] | null> {
  try {
    return (await rooms.getParticipant(room, identity)).tracks.map((t) => t.source);
  } catch {
    return null;
  }
}

const identitiesInRoom = async (room: string) => (await rooms.listParticipants(room).catch(() => [])).map((p) => p.identity);

/** LiveKit's session id (sid) of each person in the room: a new one after a full reconnect. */
const sessionsInRoom = async (room: string) => new Map((await rooms.listParticipants(room).catch(() => [])).map((p) => [p.identity, p.sid]));

/** The page's LiveKit connection state ('connected', 'reconnecting', 'disconnected', ...). */
const connectionOf = (page: Page) => page.evaluate(() => (globalThis as any).room?.state as string);

/**
 * What the web app does after a drop LiveKit could not repair itself (client/src/media/media-link.ts):
 * a fresh token from Caucus, then connect again.
 */
async function reconnect(baseUrl: string, callId: string, person: Person): Promise<void> {
  const fresh = await api(baseUrl, 'POST', `/api/calls/${callId}/token`, undefined, { authorization: `Bearer ${person.joined.sessionToken}` });
  expect(fresh.status).toBe(200);
  await connectRoom(person.page!, fresh.json.livekit.url, fresh.json.livekit.token, false);
}

test('a room on node 2 is enforced through node 1, moves to node 1 when node 2 dies, and stays enforced', async () => {
  const [node1, node2] = cluster.livekit.nodes as [(typeof cluster.livekit.nodes)[0], (typeof cluster.livekit.nodes)[0]];
  const caucus = cluster.instances[0]!;
  const at = { baseUrl: caucus.url };
  const hostAt = { baseUrl: cluster.instances[1]!.url };
  const created = await createCall(caucus.url, { speakingLimitSec: 3600 });
  const callId = created.call.id;

  // Pin the room to node 2 before Caucus creates it (createRoom is idempotent: Caucus's own call
  // later finds it there and keeps it).
  await rooms.createRoom({ name: callId, nodeId: node2.nodeId, emptyTimeout: 300, departureTimeout: 20 });
  expect(cluster.livekit.nodeOfRoom(callId)).toBe(node2.nodeId);

  const host = await enter(hostAt, chromium, created, 'host', 'Host', false);
  const listener = await enter(at, chromium, created, 'participant', 'Listener', true);
  const speaker = await enter(at, chromium, created, 'participant', 'Speaker', true);
  // Caucus hands out node 1's address; the room still lives on node 2.
  expect(listener.joined.livekit!.url).toBe(node1.url);
  await expect.poll(() => identitiesInRoom(callId)).toEqual(expect.arrayContaining([listener.joined.identity, speaker.joined.identity]));
  expect(cluster.livekit.nodeOfRoom(callId)).toBe(node2.nodeId);

  // Enforced on node 2: the floor holder publishes, the listener is refused by LiveKit itself.
  await host.client.ok({ type: 'grant_floor', participant: speaker.joined.identity });
  await waitForPublishPermission(speaker.page!, 'microphone');
  await publishCameraAndMicrophone(speaker.page!);
  await expect.poll(() => tracksInLivekit(callId, speaker.joined.identity)).toContain(TrackSource.MICROPHONE);
  expect(await forcePublishMicrophone(listener.page!)).toMatch(/^refused/);
  expect(await tracksInLivekit(callId, listener.joined.identity)).not.toContain(TrackSource.MICROPHONE);

  const before = await sessionsInRoom(callId);
  await node2.kill('SIGKILL');

  // The room comes back on node 1 (LiveKit re-allocates a room whose node's stats are older than
  // 5 s; Caucus's reconcile and the reconnects' createRoom ask for it).
  await expect.poll(() => cluster.livekit.nodeOfRoom(callId), { timeout: 30_000, interval: 500 }).toBe(node1.nodeId);

  // People reconnect as the web app does, unless their client already repaired the link.
  for (const person of [listener, speaker]) {
    await expect.poll(() => connectionOf(person.page!), { timeout: 20_000 }).not.toBe('reconnecting');
    if ((await connectionOf(person.page!)) !== 'connected') await reconnect(caucus.url, callId, person);
  }
  // Really back (LiveKit keeps the dead node's participant list in Redis): new sessions on node 1.
  const rejoined = async () => {
    const now = await sessionsInRoom(callId);
    return [listener, speaker].every((p) => now.has(p.joined.identity) && now.get(p.joined.identity) !== before.get(p.joined.identity));
  };
  await expect.poll(rejoined, { timeout: 20_000 }).toBe(true);
  expect(cluster.livekit.nodeOfRoom(callId)).toBe(node1.nodeId);

  // Still enforced on node 1: the floor holder publishes, the listener is refused.
  await waitForPublishPermission(speaker.page!, 'microphone', 20_000);
  await speaker.page!.evaluate(() => (globalThis as any).room.localParticipant.setMicrophoneEnabled(true));
  await expect.poll(() => tracksInLivekit(callId, speaker.joined.identity), { timeout: 15_000 }).toContain(TrackSource.MICROPHONE);
  expect(await forcePublishMicrophone(listener.page!)).toMatch(/^refused/);
  for (let i = 0; i < 5; i++) {
    expect(await tracksInLivekit(callId, listener.joined.identity)).not.toContain(TrackSource.MICROPHONE);
    await new Promise((r) => setTimeout(r, 200));
  }

  // Changes made after the move reach node 1 (the rights above may have come with the token
  // LiveKit refreshed before the move): ending the floor unpublishes, a new turn grants again.
  await host.client.ok({ type: 'end_floor' });
  await expect.poll(() => tracksInLivekit(callId, speaker.joined.identity), { timeout: 10_000 }).not.toContain(TrackSource.MICROPHONE);
  // (The page hears of the revocation after LiveKit unpublished: wait for it, not to read it stale.)
  await speaker.page!.waitForFunction(() => !(globalThis as any).room.localParticipant.permissions?.canPublish, undefined, { timeout: 10_000 });
  await host.client.ok({ type: 'grant_floor', participant: speaker.joined.identity });
  await waitForPublishPermission(speaker.page!, 'microphone', 10_000);
  await speaker.page!.evaluate(() => (globalThis as any).room.localParticipant.setMicrophoneEnabled(true));
  await expect.poll(() => tracksInLivekit(callId, speaker.joined.identity), { timeout: 10_000 }).toContain(TrackSource.MICROPHONE);

  // A ban still removes, on the new node.
  await host.client.ok({ type: 'ban', participant: listener.joined.identity, reason: 'after the move', ip: false });
  expect((await listener.client.waitClosed()).code).toBe(4004);
  await expect.poll(() => identitiesInRoom(callId), { timeout: 10_000 }).not.toContain(listener.joined.identity);
});

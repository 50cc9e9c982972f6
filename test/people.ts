// A person in a call for integration tests: joined over HTTP, on the moderation websocket, and
// (optionally) in the real LiveKit room from a headless Chromium page.
import type { Page } from 'playwright-core';
import { join, type CreatedCall, type Joined, type RoleName } from './api';
import type { TestBrowser } from './browser';
import { connectRoom, loadLivekitClient } from './media';
import type { TestServer } from './server';
import { TestClient } from './ws-client';

export interface Person {
  joined: Joined;
  client: TestClient;
  page?: Page;
}

export async function enter(
  server: Pick<TestServer, 'baseUrl'>,
  chromium: TestBrowser,
  created: CreatedCall,
  role: RoleName,
  name: string,
  media: boolean,
): Promise<Person> {
  const joined = await join(server.baseUrl, created, role, name);
  const client = await TestClient.ready(server.baseUrl, created.call.id, joined.sessionToken);
  if (!media) return { joined, client };
  const page = await (await chromium.browser.newContext()).newPage();
  await loadLivekitClient(page, server.baseUrl);
  await connectRoom(page, joined.livekit!.url, joined.livekit!.token, false);
  return { joined, client, page };
}

/** The sources of the tracks LiveKit itself holds for this person, or null when not in the room. */
export async function tracksInLivekit(server: TestServer, callId: string, identity: string) {
  try {
    return (await server.app.livekit.rooms.getParticipant(callId, identity)).tracks.map((t) => t.source);
  } catch {
    return null;
  }
}

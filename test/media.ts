// Page-side probes for media tests. They load livekit-client's UMD build into a page served by our
// server (a secure context on 127.0.0.1) and check what really arrives: decoded video frames that
// advance, and audio with energy, not merely track objects.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// The UMD file is not in the package's "exports"; find it beside the package's main entry.
export const LIVEKIT_CLIENT_UMD = join(dirname(require.resolve('livekit-client')), 'livekit-client.umd.js');

/**
 * Loads the SDK into a page of the server's own origin (a secure context on 127.0.0.1, so
 * getUserMedia works, and a local address, so Chromium lets it reach LiveKit on loopback). It is
 * evaluated through the DevTools protocol: the app's Content Security Policy stays in force for
 * everything the SDK then does (its connections must be allowed by connect-src).
 */
export async function loadLivekitClient(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.evaluate(readFileSync(LIVEKIT_CLIENT_UMD, 'utf8'));
}

/** Connects the page to LiveKit; optionally publishes the fake camera and microphone. */
export async function connectRoom(page: Page, url: string, token: string, publish: boolean): Promise<string> {
  return page.evaluate(
    async ({ url, token, publish }) => {
      const LK = (globalThis as any).LivekitClient;
      // A page holds one connection: an earlier one (maybe still retrying) is closed first.
      await (globalThis as any).room?.disconnect();
      const room = new LK.Room();
      (globalThis as any).room = room;
      (globalThis as any).lkEvents = [];
      room.on(LK.RoomEvent.Disconnected, (reason: unknown) => (globalThis as any).lkEvents.push(['disconnected', reason]));
      await room.connect(url, token);
      if (publish) await room.localParticipant.enableCameraAndMicrophone();
      return room.localParticipant.identity as string;
    },
    { url, token, publish },
  );
}

/** Tries to publish the microphone; resolves to 'published' or the error LiveKit gave. */
export async function tryPublishMicrophone(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const room = (globalThis as any).room;
    try {
      await room.localParticipant.setMicrophoneEnabled(true);
      return 'published';
    } catch (err) {
      return `refused: ${(err as Error).message}`;
    }
  });
}

export interface RemoteMedia {
  videoWidth: number;
  framesAdvanced: boolean;
  audioEnergy: number;
}

/** Waits for the publisher's tracks on the subscriber page, renders them, and measures them. */
export async function probeRemoteMedia(page: Page, publisher: string, timeoutMs = 20_000): Promise<RemoteMedia> {
  return page.evaluate(
    async ({ publisher, timeoutMs }) => {
      const room = (globalThis as any).room;
      const deadline = Date.now() + timeoutMs;
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const track = (kind: string) => {
        const p = room.remoteParticipants.get(publisher);
        if (!p) return undefined;
        for (const pub of p.trackPublications.values()) if (pub.kind === kind && pub.track) return pub.track;
        return undefined;
      };
      while ((!track('video') || !track('audio')) && Date.now() < deadline) await sleep(100);
      const video = track('video');
      const audio = track('audio');
      if (!video || !audio) throw new Error(`no ${video ? 'audio' : 'video'} track from ${publisher} within ${timeoutMs} ms`);

      const el = video.attach() as HTMLVideoElement;
      el.muted = true;
      document.body.appendChild(el);
      audio.attach();
      while (el.videoWidth === 0 && Date.now() < deadline) await sleep(100);
      const frames = () => el.getVideoPlaybackQuality().totalVideoFrames;
      const before = frames();
      await sleep(1500);
      const framesAdvanced = frames() > before;

      let audioEnergy = 0;
      while (audioEnergy === 0 && Date.now() < deadline) {
        const stats: RTCStatsReport = await audio.receiver.getStats();
        stats.forEach((s: any) => {
          if (s.type === 'inbound-rtp' && s.kind === 'audio') audioEnergy = Math.max(audioEnergy, s.totalAudioEnergy ?? 0);
        });
        if (audioEnergy === 0) await sleep(200);
      }
      return { videoWidth: el.videoWidth, framesAdvanced, audioEnergy };
    },
    { publisher, timeoutMs },
  );
}

/**
 * Like a modified client that skips livekit-client's own permission check: the publish request
 * goes to the server, so a refusal proves LiveKit's enforcement, not the SDK's politeness.
 */
export async function forcePublishMicrophone(page: Page, waitMs = 8000): Promise<string> {
  return page.evaluate(async (waitMs) => {
    const room = (globalThis as any).room;
    const lp = room.localParticipant;
    if (typeof lp.hasPermissionsToPublish !== 'function') return 'cannot bypass the client check';
    lp.hasPermissionsToPublish = () => true;
    const LK = (globalThis as any).LivekitClient;
    const track = await LK.createLocalAudioTrack();
    const timeout = new Promise<string>((r) => setTimeout(() => r('refused: no answer from the server'), waitMs));
    const attempt = lp.publishTrack(track).then(
      () => 'published',
      (err: Error) => `refused: ${err.message}`,
    );
    return Promise.race([attempt, timeout]);
  }, waitMs);
}

/** Waits until LiveKit has told the page's client that it may publish `source`. */
export async function waitForPublishPermission(page: Page, source: 'microphone' | 'camera', timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(
    (source) => {
      const p = (globalThis as any).room?.localParticipant?.permissions;
      const LK = (globalThis as any).LivekitClient;
      if (!p?.canPublish) return false;
      const want = source === 'microphone' ? LK.TrackSource?.MICROPHONE ?? 2 : LK.TrackSource?.CAMERA ?? 1;
      return p.canPublishSources.length === 0 || p.canPublishSources.includes(want);
    },
    source,
    { timeout: timeoutMs },
  );
}

/** Publishes camera and microphone through the normal SDK path. */
export async function publishCameraAndMicrophone(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await (globalThis as any).room.localParticipant.enableCameraAndMicrophone();
  });
}

/** Reconnects with a token (e.g. an old one after a ban) and reports when LiveKit disconnects the page. */
export async function reconnectWithToken(page: Page, url: string, token: string): Promise<{ connected: boolean; disconnectedAfterMs: number | null; error?: string }> {
  return page.evaluate(
    async ({ url, token }) => {
      const LK = (globalThis as any).LivekitClient;
      const room = new LK.Room();
      (globalThis as any).room = room;
      let connectedAt = 0;
      const gone = new Promise<number>((resolve) => room.on(LK.RoomEvent.Disconnected, () => resolve(performance.now())));
      try {
        await room.connect(url, token);
        connectedAt = performance.now();
      } catch (err) {
        return { connected: false, disconnectedAfterMs: null, error: (err as Error).message };
      }
      const at = await Promise.race([gone, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
      return { connected: true, disconnectedAfterMs: at < 0 ? null : at - connectedAt };
    },
    { url, token },
  );
}

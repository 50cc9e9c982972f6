// Page-side probes for media tests. They load livekit-client's UMD build into a page served by our
// server (a secure context on 127.0.0.1) and check what really arrives: decoded video frames that
// advance, and audio with energy, not merely track objects.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// The UMD file is not in the package's "exports"; find it beside the package's main entry.
export const LIVEKIT_CLIENT_UMD = join(dirname(require.resolve('livekit-client')), 'livekit-client.umd.js');

export async function loadLivekitClient(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.addScriptTag({ path: LIVEKIT_CLIENT_UMD });
}

/** Connects the page to LiveKit; optionally publishes the fake camera and microphone. */
export async function connectRoom(page: Page, url: string, token: string, publish: boolean): Promise<string> {
  return page.evaluate(
    async ({ url, token, publish }) => {
      const LK = (globalThis as any).LivekitClient;
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

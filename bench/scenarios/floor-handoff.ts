// Floor handoff with real media: two participants take turns on the floor; the host grants it over
// the moderation socket; an audience browser measures when the new speaker's audio track arrives
// (LiveKit's TrackSubscribed) and when its first audio packets are decoded.
//
// The candidates behave like the web app (client/src/media/media-link.ts): nothing is published
// until LiveKit itself says the microphone is allowed (ParticipantPermissionsChanged), then
// setMicrophoneEnabled(true); a revocation needs nothing, LiveKit unpublishes on the server side.
// So one sample covers: grant_floor -> decide/store/broadcast -> LiveKit updateParticipant ->
// permission to the speaker's browser -> getUserMedia + publish -> SFU -> audience subscription.
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../test/browser';
import { loadLivekitClient } from '../../test/media';
import { BenchClient, joinCall, type Joined } from '../lib/caucus-client';
import { openCall } from '../lib/people';
import { sleep, summary } from '../lib/stats';

export interface FloorHandoffConfig {
  baseUrl: string;
  organizerKey: string;
  samples: number;
  /** Pause after each handoff, so each starts from a settled room. */
  settleMs: number;
}

export interface FloorHandoffResult {
  samples: number;
  subscribedMs: number[];
  firstAudioMs: number[];
  subscribed: ReturnType<typeof summary>;
  firstAudio: ReturnType<typeof summary>;
}

async function openPage(browser: Awaited<ReturnType<typeof launchBrowser>>['browser'], baseUrl: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loadLivekitClient(page, baseUrl);
  return page;
}

// Page-side code is plain JavaScript in strings: tsx (esbuild, keepNames) would wrap named
// functions in a __name() helper that does not exist in the page.

/** A candidate: connects without rights and starts its microphone when LiveKit allows it. */
const CANDIDATE_JS = `async ({ url, token }) => {
  const LK = globalThis.LivekitClient;
  const room = new LK.Room();
  globalThis.room = room;
  const MIC = 2; // LiveKit's protocol TrackSource number, as in ParticipantPermission
  const may = (p) => !!p && p.canPublish && (p.canPublishSources.length === 0 || p.canPublishSources.includes(MIC));
  room.localParticipant.on(LK.ParticipantEvent.ParticipantPermissionsChanged, (prev) => {
    if (may(room.localParticipant.permissions) && !may(prev)) room.localParticipant.setMicrophoneEnabled(true).catch(() => {});
  });
  await room.connect(url, token);
}`;

/** The audience: records when each remote audio track is subscribed and when its packets flow. */
const AUDIENCE_JS = `async ({ url, token }) => {
  const LK = globalThis.LivekitClient;
  const room = new LK.Room();
  globalThis.room = room;
  const seen = [];
  globalThis.seen = seen;
  room.on(LK.RoomEvent.TrackSubscribed, (track, _pub, participant) => {
    if (track.kind !== 'audio') return;
    const entry = { identity: participant.identity, subscribedAt: Date.now(), audioAt: null };
    seen.push(entry);
    track.attach();
    const until = Date.now() + 10000;
    const poll = async () => {
      const stats = await track.receiver.getStats();
      let packets = 0;
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') packets = Math.max(packets, s.packetsReceived || 0);
      });
      if (packets > 0) entry.audioAt = Date.now();
      else if (Date.now() < until) setTimeout(poll, 5);
    };
    poll();
  });
  await room.connect(url, token);
}`;

async function run(page: Page, fn: string, arg: unknown): Promise<void> {
  await page.evaluate(`(${fn})(${JSON.stringify(arg)})`);
}

export async function runFloorHandoff(cfg: FloorHandoffConfig, log: (line: string) => void): Promise<FloorHandoffResult> {
  const { call, host } = await openCall(cfg.baseUrl, cfg.organizerKey);
  const people = await Promise.all(['Candidate A', 'Candidate B', 'Audience'].map((name) => joinCall(cfg.baseUrl, call, 'participant', name)));
  // Their moderation channels (the web app holds one beside the LiveKit room).
  const sockets = await Promise.all(people.map((j) => BenchClient.connect(cfg.baseUrl, call.id, j)));
  const chromium = await launchBrowser();
  try {
    const [a, b, audience] = people as [Joined, Joined, Joined];
    const pages = await Promise.all(people.map(() => openPage(chromium.browser, cfg.baseUrl)));
    const creds = (j: Joined) => ({ url: j.livekit!.url, token: j.livekit!.token });
    await run(pages[0]!, CANDIDATE_JS, creds(a));
    await run(pages[1]!, CANDIDATE_JS, creds(b));
    await run(pages[2]!, AUDIENCE_JS, creds(audience));
    await sleep(1500);
    // One warm-up handoff (first getUserMedia, first negotiation), not counted.
    const turns = [a, ...Array.from({ length: cfg.samples }, (_, i) => (i % 2 === 0 ? b : a))];
    const subscribedMs: number[] = [];
    const firstAudioMs: number[] = [];
    for (const [i, speaker] of turns.entries()) {
      const t0 = Date.now();
      const ack = await host.command({ type: 'grant_floor', participant: speaker.identity });
      if (ack.type !== 'ack') throw new Error(`grant_floor refused: ${JSON.stringify(ack)}`);
      // An inline function (not a string: the page's CSP forbids eval), with no named inner functions.
      const got = await pages[2]!.waitForFunction(
        (arg: { id: string; t0: number }) =>
          (globalThis as any).seen.find((s: any) => s.identity === arg.id && s.subscribedAt >= arg.t0 && s.audioAt !== null) ?? null,
        { id: speaker.identity, t0 },
        { timeout: 20_000, polling: 10 },
      );
      const entry = (await got.jsonValue()) as { subscribedAt: number; audioAt: number };
      if (i > 0) {
        subscribedMs.push(entry.subscribedAt - t0);
        firstAudioMs.push(entry.audioAt - t0);
      }
      log(`handoff ${i === 0 ? 'warm-up' : i}: subscribed ${entry.subscribedAt - t0} ms, first audio ${entry.audioAt - t0} ms`);
      await sleep(cfg.settleMs);
    }
    return { samples: subscribedMs.length, subscribedMs, firstAudioMs, subscribed: summary(subscribedMs), firstAudio: summary(firstAudioMs) };
  } finally {
    await chromium.close();
    for (const s of sockets) s.close();
    host.close();
  }
}

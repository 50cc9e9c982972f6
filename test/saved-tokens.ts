// A troll's saved LiveKit tokens, page side: the token LiveKit pushed to a connected client (it
// carries the rights held at that moment), and a reconnect with one that publishes at once.
import type { Page } from 'playwright-core';

/** Waits until LiveKit has pushed the page's client a token other than `initial`, and returns it. */
export async function refreshedToken(page: Page, initial: string): Promise<string> {
  await page.waitForFunction((t) => (globalThis as any).room.engine.token !== t, initial);
  return (await page.evaluate(() => (globalThis as any).room.engine.token)) as string;
}

/** The video grant of a LiveKit JWT (not verified: we only read what the client holds). */
export const grantOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).video as { canPublish?: boolean };

/**
 * Reconnects a page with a saved token and publishes the microphone at once, as a troll's script
 * would. Returns what the publish got and, from the moment it started connecting, when the
 * connection was up and when LiveKit took the publishing rights away (null: it never had them).
 */
export async function reconnectAndPublish(page: Page, url: string, token: string): Promise<{ published: string; connectedMs: number; strippedMs: number | null }> {
  return page.evaluate(
    async ({ url, token }) => {
      const LK = (globalThis as any).LivekitClient;
      await (globalThis as any).room?.disconnect();
      const room = new LK.Room();
      (globalThis as any).room = room;
      const stripped = new Promise<number>((resolve) =>
        room.localParticipant.on(LK.ParticipantEvent.ParticipantPermissionsChanged, () => {
          if (!room.localParticipant.permissions?.canPublish) resolve(performance.now());
        }),
      );
      const startedAt = performance.now();
      await room.connect(url, token);
      const connectedMs = performance.now() - startedAt;
      const published = await room.localParticipant.setMicrophoneEnabled(true).then(
        () => 'published',
        (err: Error) => `refused: ${err.message}`,
      );
      const at = await Promise.race([stripped, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
      return { published, connectedMs, strippedMs: at < 0 ? null : at - startedAt };
    },
    { url, token },
  );
}


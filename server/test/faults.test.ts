// Faults are the normal case: a full disk, a client that stops reading, LiveKit going away and
// coming back. Each is provoked for real (SQLite's own "database or disk is full", a paused TCP
// socket, a second livekit-server that is stopped and restarted).
import { callSettingsSchema, fold, initialState } from '@caucus/shared';
import { afterAll, describe, expect, test } from 'vitest';
import { api, createCall, join } from '../../test/api';
import { launchBrowser, type TestBrowser } from '../../test/browser';
import { connectRoom, loadLivekitClient } from '../../test/media';
import { startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';
import { startLivekit, type RunningLivekit } from '../../infra/livekit';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite-store';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

describe('the store cannot write (disk full)', () => {
  test('the command is refused with an error and memory does not diverge from what was stored', async () => {
    let store!: SqliteStore;
    const server = await startTestServer({ store: (path) => (store = openSqliteStore(path)) });
    cleanups.push(() => server.close());
    const created = await createCall(server.baseUrl);
    const host = await join(server.baseUrl, created, 'host', 'Host');
    const watcher = await join(server.baseUrl, created, 'participant', 'Watcher');
    const hostWs = await TestClient.ready(server.baseUrl, created.call.id, host.sessionToken);
    const watcherWs = await TestClient.ready(server.baseUrl, created.call.id, watcher.sessionToken);
    await hostWs.ok({ type: 'chat_send', text: 'before the disk filled up' });

    // SQLite answers SQLITE_FULL once the file may not grow: the same error as a full disk.
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);
    let refused: { code: string; message: string } | null = null;
    for (let i = 0; i < 400 && !refused; i++) {
      const answer = await hostWs.command({ type: 'chat_send', text: `filler ${i} ${'x'.repeat(400)}` });
      if (answer.type === 'error') refused = answer as never;
    }
    expect(refused).toMatchObject({ code: 'unavailable' });

    const room = server.app.calls.get(created.call.id)!;
    const replayed = () => {
      const stored = store.readEvents(created.call.id, 0).map((e) => e.event);
      return fold(initialState(created.call.id, callSettingsSchema.parse({})), stored);
    };
    // What is in memory is exactly what was stored, and what clients were told.
    expect(replayed()).toEqual(room.state);
    expect(store.lastSeq(created.call.id)).toBe(room.seq);
    await watcherWs.command({ type: 'lower_hand' }); // a round trip: anything broadcast has arrived
    expect(watcherWs.seq).toBe(room.seq);
    expect(watcherWs.state!.chat).toEqual(room.state.chat);

    // Space comes back: commands work again, with no gap in the log.
    store.db.pragma('max_page_count = 1073741823');
    await hostWs.ok({ type: 'chat_send', text: 'after the disk was freed' });
    expect(replayed()).toEqual(room.state);
  });
});

describe('a client that stops reading', () => {
  test('is disconnected once its buffer passes the bound, and nobody else misses anything', { timeout: 90_000 }, async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const created = await createCall(server.baseUrl);
    const room = server.app.calls.get(created.call.id)!;
    const slowJoin = await join(server.baseUrl, created, 'participant', 'Slow Reader');
    const slow = await TestClient.ready(server.baseUrl, created.call.id, slowJoin.sessionToken);
    const observerJoin = await join(server.baseUrl, created, 'participant', 'Observer');
    const observer = await TestClient.ready(server.baseUrl, created.call.id, observerJoin.sessionToken);
    const senders = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const j = await join(server.baseUrl, created, 'participant', `Sender ${i}`);
        return TestClient.ready(server.baseUrl, created.call.id, j.sessionToken);
      }),
    );
    const connected = room.connectionCount();
    // The slow client's process stops reading its socket; the kernel buffers fill (a few MB on
    // loopback), then ours, until the bound.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    // ~1 KiB events (emoji are 4 bytes in UTF-8), each sender within its rate limit (20/s).
    const text = '📣'.repeat(240);
    const deadline = Date.now() + 40_000;
    while (room.connectionCount() === connected && Date.now() < deadline) {
      for (const s of senders) s.raw({ type: 'chat_send', text, ref: 'flood' });
      await new Promise((r) => setTimeout(r, 55));
    }
    expect(room.connectionCount()).toBe(connected - 1);

    // The observer kept up and received every message, in order, without a gap.
    await observer.until(() => observer.seq === room.seq, 20_000);
    const stored = server.app.store.readEvents(created.call.id, 0).filter((e) => e.event.type === 'chat_sent').length;
    const seen = observer.frames.filter((f) => f.type === 'event' && f.event.type === 'chat_sent').length;
    expect(seen).toBe(stored);
    expect(stored).toBeGreaterThan(1000);

    // When the slow client reads again, it finds the close: 4010 too slow, resume with lastSeq.
    (slow.socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect((await slow.waitClosed(20_000)).code).toBe(4010);
    for (const s of senders) s.close();
  });
});

describe('LiveKit goes away and comes back', () => {
  let browser: TestBrowser;
  let livekit: RunningLivekit;

  test('moderation keeps working, /readyz says why, and the reconcile re-applies permissions', async () => {
    const port = 18880;
    const keys = { apiKey: 'faultkey', apiSecret: 'caucus-fault-test-secret-0123456789' };
    // No webhooks on purpose: only the periodic reconcile can repair what LiveKit lost.
    livekit = await startLivekit({ ...keys, port });
    cleanups.push(() => livekit.stop());
    const server = await startTestServer({
      env: { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: keys.apiKey, LIVEKIT_API_SECRET: keys.apiSecret, RECONCILE_INTERVAL_MS: '500' },
    });
    cleanups.push(() => server.close());
    browser = await launchBrowser();
    cleanups.push(() => browser.close());

    const created = await createCall(server.baseUrl);
    const mod = await join(server.baseUrl, created, 'moderator', 'Mod');
    const modWs = await TestClient.ready(server.baseUrl, created.call.id, mod.sessionToken);
    const speaker = await join(server.baseUrl, created, 'participant', 'Next Speaker');
    const speakerWs = await TestClient.ready(server.baseUrl, created.call.id, speaker.sessionToken);
    const page = await (await browser.browser.newContext()).newPage();
    await loadLivekitClient(page, server.baseUrl);
    await connectRoom(page, speaker.livekit!.url, speaker.livekit!.token, false);

    // LiveKit becomes unreachable.
    await livekit.stop();
    const ready = await api(server.baseUrl, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json.checks.livekit).toMatch(/unreachable/);

    // Moderation goes on: the queue and the floor move, everyone sees it.
    await speakerWs.ok({ type: 'raise_hand' });
    await modWs.ok({ type: 'next_speaker' });
    const state = await speakerWs.until((s) => s.floor?.identity === speaker.identity);
    expect(state.queue).toHaveLength(0);

    // LiveKit comes back empty; the client rejoins with the token it holds, which predates the floor.
    livekit = await startLivekit({ ...keys, port });
    // LiveKit creates no room by itself (auto_create false): the reconcile creates it again.
    await expect
      .poll(() => connectRoom(page, speaker.livekit!.url, speaker.livekit!.token, false).then(() => true, () => false), { timeout: 10_000 })
      .toBe(true);
    // The reconcile finds LiveKit's permission (token: no publish) differs from the state (floor): fixed.
    await expect
      .poll(async () => {
        const info = await server.app.livekit.rooms.getParticipant(created.call.id, speaker.identity).catch(() => null);
        return info?.permission?.canPublish ?? null;
      }, { timeout: 10_000 })
      .toBe(true);
    expect((await api(server.baseUrl, 'GET', '/readyz')).status).toBe(200);
  });
});

// Flooding: the per-connection websocket rate limit (a burst, then steady refusal with
// `rate_limited`, then close 4029 for a client that keeps flooding), frame and body size limits on
// every route. Against the real server.
import { CLOSE_CODES, MAX_CLIENT_FRAME_CHARS } from '@caucus/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api } from '../../test/api';
import { startTestServer, type TestServer } from '../../test/server';
import type { TestClient } from '../../test/ws-client';
import { BODY_LIMIT_BYTES } from '../src/app';
import { Cast } from './support/cast';

/** routes/ws.ts: a bucket of 40 frames per connection, refilled at 20 per second; 50 refusals in a row close it. */
const BURST = 40;
const PER_SECOND = 20;
const STRIKES_TO_CLOSE = 50;

let server: TestServer;
let cast: Cast;
beforeAll(async () => {
  server = await startTestServer();
  cast = await Cast.open(server);
});
afterAll(async () => {
  cast?.close();
  await server?.close();
});

const rateLimited = (c: TestClient) => c.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('websocket rate limit (per connection)', () => {
  test('a burst is served; beyond it every frame is refused with rate_limited and nothing refused is acted on', async () => {
    const flooder = await cast.freshConnected();
    const chatBefore = cast.state.chat.length;
    const sent = BURST + 20;
    for (let i = 0; i < sent; i++) flooder.client.raw({ type: 'chat_send', text: `flood ${i}`, ref: `c${i}` });
    const answers = () => flooder.client.frames.filter((f) => f.type === 'ack' || f.type === 'error');
    await flooder.client.waitFor(() => answers().length >= sent);
    const acks = answers().filter((f) => f.type === 'ack');
    // The hello took one token; the bucket refills while the frames arrive.
    expect(acks.length).toBeGreaterThanOrEqual(BURST - 1);
    expect(acks.length).toBeLessThanOrEqual(BURST + 2);
    expect(rateLimited(flooder.client).length).toBe(sent - acks.length);
    // Refusals for rate come before parsing: no ref, and the command was not run.
    expect(rateLimited(flooder.client).every((f) => f.ref === undefined)).toBe(true);
    expect(cast.state.chat.length - chatBefore).toBe(acks.length);
    expect(flooder.client.closed).toBeNull();
  });

  test('steady: a client sending faster than the refill gets exactly the refill rate through and stays connected', async () => {
    const eager = await cast.freshConnected();
    // Drain the burst first.
    for (let i = 0; i < BURST; i++) eager.client.raw({ type: 'ping' });
    await eager.client.waitFor(() => eager.client.frames.filter((f) => f.type === 'pong' || f.code === 'rate_limited').length >= BURST);
    const start = eager.client.frames.length;
    // 8 frames every 100 ms (80 per second) for 2 seconds.
    const began = Date.now();
    let sent = 0;
    for (let tick = 0; tick < 20; tick++) {
      for (let i = 0; i < 8; i++, sent++) eager.client.raw({ type: 'ping' });
      await sleep(100);
    }
    const elapsed = (Date.now() - began) / 1000;
    const answered = () => eager.client.frames.slice(start).filter((f) => f.type === 'pong' || f.code === 'rate_limited');
    await eager.client.waitFor(() => answered().length >= sent);
    const pongs = answered().filter((f) => f.type === 'pong').length;
    // Never more than the refill allows (plus what was left in the bucket), and not far below it.
    expect(pongs).toBeLessThanOrEqual(Math.ceil(PER_SECOND * (elapsed + 0.2)) + 1);
    expect(pongs).toBeGreaterThanOrEqual(Math.floor(PER_SECOND * elapsed * 0.5));
    expect(sent - pongs).toBeGreaterThan(0);
    // Accepted frames keep breaking the run of refusals: a fast client is slowed, not cut off.
    expect(eager.client.closed).toBeNull();
  });

  test('a client that keeps flooding is closed with 4029 after 50 refusals in a row', async () => {
    const troll = await cast.freshConnected();
    for (let i = 0; i < BURST + STRIKES_TO_CLOSE + 100; i++) troll.client.raw({ type: 'raise_hand' });
    const closed = await troll.client.waitClosed();
    expect(closed).toEqual({ code: CLOSE_CODES.rate_limited, reason: 'rate_limited' });
    expect(rateLimited(troll.client).length).toBeGreaterThanOrEqual(STRIKES_TO_CLOSE - 1);
    // It can come back (with its session) after a pause: 4029 is not terminal.
    const back = await cast.connect(troll.joined.sessionToken);
    const answer = await back.command({ type: 'lower_hand' });
    expect(answer.type).toBe('ack');
  });

  test('the limit is per connection: while one socket floods, everyone else is served at once', async () => {
    const troll = await cast.freshConnected();
    const bystander = cast.participant.client;
    for (let i = 0; i < BURST + 30; i++) troll.client.raw({ type: 'ping' });
    const started = Date.now();
    const answer = await bystander.command({ type: 'chat_send', text: 'still here' });
    expect(answer.type).toBe('ack');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('sockets that never said hello are rate-limited and closed the same way', async () => {
    const anon = await cast.rawSocket();
    for (let i = 0; i < BURST + STRIKES_TO_CLOSE + 50; i++) anon.raw('not json');
    expect((await anon.waitClosed()).code).toBe(CLOSE_CODES.rate_limited);
    expect(anon.frames.filter((f) => f.code === 'bad_frame').length).toBeGreaterThanOrEqual(BURST);
  });
});

describe('frame size', () => {
  test('over the parser limit but under the socket limit: a too_large error, and the socket stays', async () => {
    const p = await cast.freshConnected();
    p.client.raw({ type: 'chat_send', text: 'x'.repeat(MAX_CLIENT_FRAME_CHARS) });
    const err = await p.client.waitFor((f) => f.type === 'error');
    expect(err.code).toBe('too_large');
    expect((await p.client.command({ type: 'raise_hand' })).type).toBe('ack');
  });
});

describe('HTTP body limit on every route that takes a body', () => {
  const big = JSON.stringify({ invite: 'x', name: 'y'.repeat(BODY_LIMIT_BYTES) });
  test.each([
    ['POST', '/api/calls', 'application/json'],
    ['POST', '/api/calls/:id/join', 'application/json'],
    ['POST', '/api/calls/:id/token', 'application/json'],
    ['POST', '/api/calls/:id/invites/participant', 'application/json'],
    ['POST', '/api/calls/:id/end', 'application/json'],
    ['POST', '/api/livekit/webhook', 'application/webhook+json'],
    ['POST', '/api/livekit/webhook', 'text/plain'],
  ])('%s %s (%s) over 64 KiB -> 413 payload_too_large, and the call is untouched', async (method, path, contentType) => {
    const seq = cast.seq;
    const res = await api(server.baseUrl, method, path.replace(':id', cast.callId), big, {
      'content-type': contentType,
      authorization: `Bearer ${cast.host.joined.sessionToken}`,
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
    expect(cast.seq).toBe(seq);
    expect(cast.state.status).toBe('open');
  });

  test('just under the limit is read (and refused for what it says, not for its size)', async () => {
    const res = await api(server.baseUrl, 'POST', `/api/calls/${cast.callId}/join`, JSON.stringify({ invite: 'x', name: 'y'.repeat(BODY_LIMIT_BYTES - 100) }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
  });
});

describe('URLs the router refuses', () => {
  test.each([
    ['bad percent-encoding', '/api/calls/%E0%A4%A/join'],
    ['a path parameter over 100 characters', `/api/calls/${'x'.repeat(300)}/join`],
  ])('%s: 400 in the API error shape', async (_name, path) => {
    const res = await api(server.baseUrl, 'POST', path, { invite: 'x', name: 'y' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'invalid_input' } });
  });
});

// The public HTTP API for calls and joins, against the real server, store and LiveKit.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createCall, inviteOf, join, joinRaw } from '../../test/api';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

/** Rows in the calls table: "bad input changes nothing" is checked against the database itself. */
const callRows = () => {
  const db = new Database(server.dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('POST /api/calls', () => {
  const auth = { authorization: `Bearer ${ORGANIZER_KEY}` };

  test('creates a call with a participant link and no shared host, moderator or speaker link', async () => {
    const res = await api(server.baseUrl, 'POST', '/api/calls', { title: 'National call', settings: { lobby: true, speakingLimitSec: 90 } }, auth);
    expect(res.status).toBe(201);
    expect(res.json.call).toMatchObject({ title: 'National call', settings: { lobby: true, speakingLimitSec: 90, queuePolicy: 'fifo' } });
    expect(Object.keys(res.json.links)).toEqual(['participant']);
    const link = new URL(res.json.links.participant);
    expect(link.origin).toBe(server.baseUrl);
    expect(link.pathname).toBe(`/c/${res.json.call.id}`);
    expect(link.searchParams.get('invite')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  test.each([
    [{}, 401, 'unauthorized'],
    [{ authorization: 'Bearer wrong-key-wrong-key' }, 401, 'unauthorized'],
  ])('refuses without the organizer key (%o)', async (headers, status, code) => {
    const before = callRows();
    const res = await api(server.baseUrl, 'POST', '/api/calls', { title: 'x' }, headers);
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(callRows()).toBe(before);
  });

  test.each([
    ['no title', { settings: {} }],
    ['empty title', { title: '   ' }],
    ['unknown setting', { title: 'x', settings: { recording: true } }],
    ['bad policy', { title: 'x', settings: { queuePolicy: 'loudest' } }],
    ['negative limit', { title: 'x', settings: { speakingLimitSec: -1 } }],
    ['not an object', [1, 2, 3]],
  ])('answers 400 with details and stores nothing: %s', async (_name, body) => {
    const before = callRows();
    const res = await api(server.baseUrl, 'POST', '/api/calls', body, auth);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
    expect(res.json.error.message).toMatch(/Invalid call/);
    expect(Array.isArray(res.json.error.details)).toBe(true);
    expect(callRows()).toBe(before);
  });

  test('broken JSON is a 400 with the same error shape', async () => {
    const res = await api(server.baseUrl, 'POST', '/api/calls', '{"title": ', { ...auth, 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
  });

  test('a body over the limit is a 413', async () => {
    const res = await api(server.baseUrl, 'POST', '/api/calls', { title: 'x', pad: 'y'.repeat(100_000) }, auth);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('payload_too_large');
  });
});

describe('GET /api/calls/:id', () => {
  test('shows public facts, never the passcode or invites', async () => {
    const created = await createCall(server.baseUrl, { passcode: 'sesame' });
    const res = await api(server.baseUrl, 'GET', `/api/calls/${created.call.id}`);
    expect(res.status).toBe(200);
    expect(res.json.call).toMatchObject({ id: created.call.id, status: 'open', needsPasscode: true });
    expect(JSON.stringify(res.json)).not.toContain('sesame');
    expect(JSON.stringify(res.json)).not.toContain(inviteOf(created.links.host));
  });

  test('404 for an unknown call', async () => {
    const res = await api(server.baseUrl, 'GET', '/api/calls/nope');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });
});

describe('POST /api/calls/:id/join', () => {
  test('a participant gets a session, an identity minted by the server, and a LiveKit token', async () => {
    const created = await createCall(server.baseUrl);
    const joined = await join(server.baseUrl, created, 'participant', '  Rosa   Parks ');
    expect(joined.role).toBe('participant');
    expect(joined.name).toBe('Rosa Parks');
    expect(joined.identity).toMatch(/^p_[A-Za-z0-9_-]+$/);
    expect(joined.lobby).toBe(false);
    expect(joined.livekit?.url).toMatch(/^ws:\/\/127\.0\.0\.1:/);
    expect(joined.sessionToken.length).toBeGreaterThanOrEqual(40);
    expect(joined.device).toBeTruthy();
  });

  test('the client cannot choose its identity', async () => {
    const created = await createCall(server.baseUrl);
    const res = await joinRaw(server.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: 'Eve', identity: 'host_1' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_input');
  });

  test('with the lobby on, a participant waits without a LiveKit token; staff skip the lobby', async () => {
    const created = await createCall(server.baseUrl, { lobby: true });
    const waiting = await join(server.baseUrl, created, 'participant', 'Waiting Person');
    expect(waiting.lobby).toBe(true);
    expect(waiting.livekit).toBeNull();
    const speaker = await join(server.baseUrl, created, 'speaker', 'Guest Speaker');
    expect(speaker.lobby).toBe(false);
    expect(speaker.livekit).not.toBeNull();
  });

  test.each([
    ['unknown invite', (c: any) => ({ invite: 'x'.repeat(43), name: 'A' }), 403, 'bad_invite'],
    ['empty name', (c: any) => ({ invite: inviteOf(c.links.participant), name: '   ' }), 400, 'invalid_input'],
    ['name too long', (c: any) => ({ invite: inviteOf(c.links.participant), name: 'a'.repeat(49) }), 400, 'invalid_input'],
    ['control characters', (c: any) => ({ invite: inviteOf(c.links.participant), name: 'bad\u0007name' }), 400, 'invalid_input'],
    ['bidi override', (c: any) => ({ invite: inviteOf(c.links.participant), name: 'evil\u202Eman' }), 400, 'invalid_input'],
    ['zero-width', (c: any) => ({ invite: inviteOf(c.links.participant), name: 'ad\u200Bmin' }), 400, 'invalid_input'],
    // Without an invite only a signed-in coalition account may join.
    ['missing invite', () => ({ name: 'A' }), 401, 'unauthorized'],
    ['wrong types', () => ({ invite: 5, name: ['A'] }), 400, 'invalid_input'],
  ])('%s -> %s %s, and nobody joins', async (_name, body, status, code) => {
    const created = await createCall(server.baseUrl);
    const res = await joinRaw(server.baseUrl, created.call.id, body(created));
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    const room = server.app.calls.get(created.call.id)!;
    expect(room.state.members.size).toBe(0);
  });

  test("another call's invite is refused", async () => {
    const a = await createCall(server.baseUrl);
    const b = await createCall(server.baseUrl);
    const res = await joinRaw(server.baseUrl, b.call.id, { invite: inviteOf(a.links.host), name: 'Mallory' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('bad_invite');
  });

  test('404 for an unknown call, 409 once the call has ended', async () => {
    expect((await joinRaw(server.baseUrl, 'no-such-call', { invite: 'x', name: 'A' })).status).toBe(404);
    const created = await createCall(server.baseUrl);
    const host = await join(server.baseUrl, created, 'host', 'Host');
    const ended = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/end`, undefined, { authorization: `Bearer ${host.sessionToken}` });
    expect(ended.status).toBe(200);
    expect(ended.json.call.status).toBe('ended');
    const res = await joinRaw(server.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: 'Late' });
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('call_ended');
  });

  test('participants need the passcode; staff links do not', async () => {
    const created = await createCall(server.baseUrl, { passcode: 'open-sesame' });
    const invite = inviteOf(created.links.participant);
    const missing = await joinRaw(server.baseUrl, created.call.id, { invite, name: 'A' });
    expect(missing.status).toBe(403);
    expect(missing.json.error.code).toBe('bad_passcode');
    const wrong = await joinRaw(server.baseUrl, created.call.id, { invite, name: 'A', passcode: 'guess' });
    expect(wrong.status).toBe(403);
    const right = await joinRaw(server.baseUrl, created.call.id, { invite, name: 'A', passcode: 'open-sesame' });
    expect(right.status).toBe(200);
    expect((await join(server.baseUrl, created, 'moderator', 'Mod')).role).toBe('moderator');
  });

  test('passcode guessing is throttled: after 5 wrong tries even the right one waits (429)', async () => {
    const created = await createCall(server.baseUrl, { passcode: 'right-one' });
    const invite = inviteOf(created.links.participant);
    for (let i = 0; i < 5; i++) {
      const res = await joinRaw(server.baseUrl, created.call.id, { invite, name: 'Guesser', passcode: `guess-${i}` });
      expect(res.status).toBe(403);
    }
    const blocked = await joinRaw(server.baseUrl, created.call.id, { invite, name: 'Guesser', passcode: 'right-one' });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('a participant cannot take a name that looks like a host, moderator or speaker name', async () => {
    const created = await createCall(server.baseUrl);
    await join(server.baseUrl, created, 'speaker', 'Maria Lopez');
    await join(server.baseUrl, created, 'host', 'Chair');
    for (const lookalike of ['Maria Lopez', 'maria lopez', 'MARIA  LOPEZ', 'María López', 'Mаria Lopez' /* Cyrillic а */, 'CHAIR', 'Chaіr' /* Ukrainian і */]) {
      const p = await join(server.baseUrl, created, 'participant', lookalike);
      expect(p.name).not.toBe(lookalike.replace(/\s+/g, ' '));
      expect(p.name).toMatch(/\(participant\)$/);
    }
    const distinct = await join(server.baseUrl, created, 'participant', 'Mario Lopez');
    expect(distinct.name).toBe('Mario Lopez');
  });

  test('a host who drops and rejoins from the same browser gets the same identity and role at once', async () => {
    const created = await createCall(server.baseUrl, { lobby: true });
    const first = await join(server.baseUrl, created, 'host', 'Host');
    const again = await join(server.baseUrl, created, 'host', 'Host', { device: first.device });
    expect(again.identity).toBe(first.identity);
    expect(again.role).toBe('host');
    expect(again.lobby).toBe(false);
    const room = server.app.calls.get(created.call.id)!;
    expect(room.state.members.get(first.identity)?.role).toBe('host');
  });
});

describe('join rate limit per IP', () => {
  test('the join route answers 429 past JOIN_RATE_LIMIT per minute', async () => {
    const limited = await startTestServer({ env: { JOIN_RATE_LIMIT: '3' } });
    try {
      const created = await createCall(limited.baseUrl);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await joinRaw(limited.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: `P${i}` })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('link rotation', () => {
  test("the old invite stops working at once, the new one works, people already in stay", async () => {
    const created = await createCall(server.baseUrl);
    const host = await join(server.baseUrl, created, 'host', 'Host');
    const early = await join(server.baseUrl, created, 'participant', 'Early Bird');
    const rotated = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/invites/participant`, undefined, {
      authorization: `Bearer ${host.sessionToken}`,
    });
    expect(rotated.status).toBe(200);
    const oldTry = await joinRaw(server.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: 'Late' });
    expect(oldTry.status).toBe(403);
    expect(oldTry.json.error.code).toBe('bad_invite');
    const newTry = await joinRaw(server.baseUrl, created.call.id, { invite: inviteOf(rotated.json.link), name: 'Late' });
    expect(newTry.status).toBe(200);
    // The early participant is still in: their session still gets LiveKit tokens.
    const refresh = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/token`, undefined, { authorization: `Bearer ${early.sessionToken}` });
    expect(refresh.status).toBe(200);
    expect(refresh.json.livekit.token).toBeTruthy();
    // Other roles' links are untouched.
    expect((await join(server.baseUrl, created, 'speaker', 'Guest')).role).toBe('speaker');
  });

  test('only the host (or the organizer key) may rotate or end', async () => {
    const created = await createCall(server.baseUrl);
    const mod = await join(server.baseUrl, created, 'moderator', 'Mod');
    const asMod = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/invites/participant`, undefined, { authorization: `Bearer ${mod.sessionToken}` });
    expect(asMod.status).toBe(403);
    const anonymous = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/invites/participant`);
    expect(anonymous.status).toBe(401);
    const organizer = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/invites/participant`, undefined, { authorization: `Bearer ${ORGANIZER_KEY}` });
    expect(organizer.status).toBe(200);
    // Staff powers come from personal invitations: there is no shared moderator link to rotate.
    const shared = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/invites/moderator`, undefined, { authorization: `Bearer ${ORGANIZER_KEY}` });
    expect(shared.status).toBe(409);
    const badRole = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/invites/admin`, undefined, { authorization: `Bearer ${ORGANIZER_KEY}` });
    expect(badRole.status).toBe(400);
    const endAsMod = await api(server.baseUrl, 'POST', `/api/calls/${created.call.id}/end`, undefined, { authorization: `Bearer ${mod.sessionToken}` });
    expect(endAsMod.status).toBe(403);
  });
});

describe('restart', () => {
  test('calls, invites and sessions survive a restart of the server', async () => {
    const first = await startTestServer();
    const created = await createCall(first.baseUrl, { passcode: 'kept-after-restart' });
    const host = await join(first.baseUrl, created, 'host', 'Host');
    await first.close({ wipe: false });

    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      const info = await api(second.baseUrl, 'GET', `/api/calls/${created.call.id}`);
      expect(info.json.call).toMatchObject({ title: 'Coalition call', needsPasscode: true });
      const p = await joinRaw(second.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: 'After', passcode: 'kept-after-restart' });
      expect(p.status).toBe(200);
      const refresh = await api(second.baseUrl, 'POST', `/api/calls/${created.call.id}/token`, undefined, { authorization: `Bearer ${host.sessionToken}` });
      expect(refresh.status).toBe(200);
      const room = second.app.calls.get(created.call.id)!;
      expect(room.state.members.get(host.identity)?.role).toBe('host');
    } finally {
      await second.close();
    }
  });
});

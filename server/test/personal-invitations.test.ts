// Personal invitations against the real server, SQLite and LiveKit: one person, one browser bound
// at the first successful join (never by opening the link), re-sent links retire the old one,
// revoking ends the person's sessions and takes them out of the call; organizers host by signing
// in (with the CSRF token); and calls made before accounts keep their shared links (migration).
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashSecret } from '../src/calls/secrets';
import { api, createCall, inviteOf, joinRaw } from '../../test/api';
import { addMember, setUpOwner, type SignedIn } from '../../test/accounts';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';

let server: TestServer;
let owner: SignedIn;
const key = { authorization: `Bearer ${ORGANIZER_KEY}` };

beforeAll(async () => {
  server = await startTestServer();
  owner = await setUpOwner(server.app, server.baseUrl);
});
afterAll(async () => server?.close());

const deviceOf = (res: { headers: Headers }) => /caucus_device=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? null;

async function invitation(callId: string, role: 'host' | 'moderator' | 'speaker', name: string) {
  const res = await api(server.baseUrl, 'POST', `/api/calls/${callId}/invitations`, { role, name }, key);
  expect(res.status).toBe(201);
  return res.json as { id: string; role: string; name: string; link: string };
}

describe('one person, one browser', () => {
  test('opening the link binds nothing; the first browser to join owns it; another gets invitation_used', async () => {
    const call = await createCall(server.baseUrl);
    const inv = await invitation(call.call.id, 'speaker', 'Dr. Sam Speaker');
    // A mail scanner or link preview fetches the page and the call's facts: nothing is bound.
    expect((await api(server.baseUrl, 'GET', new URL(inv.link).pathname + new URL(inv.link).search)).status).toBeLessThan(500);
    expect((await api(server.baseUrl, 'GET', `/api/calls/${call.call.id}`)).status).toBe(200);

    const first = await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(inv.link), name: 'Sam' });
    expect(first.status).toBe(200);
    expect(first.json.role).toBe('speaker');
    const device = deviceOf(first)!;
    const other = await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(inv.link), name: 'Not Sam' });
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('invitation_used');
    // The bound browser comes back as the same person.
    const again = await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(inv.link), name: 'Sam' }, { device });
    expect(again.status).toBe(200);
    expect(again.json.identity).toBe(first.json.identity);
  });

  test('a join that fails (a wrong call) binds nothing', async () => {
    const call = await createCall(server.baseUrl);
    const otherCall = await createCall(server.baseUrl);
    const inv = await invitation(call.call.id, 'moderator', 'Mo');
    expect((await joinRaw(server.baseUrl, otherCall.call.id, { invite: inviteOf(inv.link), name: 'Mo' })).json.error.code).toBe('bad_invite');
    expect((await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(inv.link), name: '\u202Ebad' })).status).toBe(400);
    expect((await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(inv.link), name: 'Mo' })).status).toBe(200);
  });

  test('re-sending gives the same person a new link; the old one stops working', async () => {
    const call = await createCall(server.baseUrl);
    const inv = await invitation(call.call.id, 'moderator', 'Mo');
    const resent = await api(server.baseUrl, 'POST', `/api/calls/${call.call.id}/invitations/${inv.id}/resend`, undefined, key);
    expect(resent.status).toBe(200);
    expect(resent.json.link).not.toBe(inv.link);
    expect((await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(inv.link), name: 'Mo' })).json.error.code).toBe('bad_invite');
    expect((await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(resent.json.link), name: 'Mo' })).json.role).toBe('moderator');
  });

  test('revoking ends their sessions and takes them out of the call at once', async () => {
    const call = await createCall(server.baseUrl);
    const inv = await invitation(call.call.id, 'moderator', 'Mo');
    const joined = await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(inv.link), name: 'Mo' });
    const client = await TestClient.ready(server.baseUrl, call.call.id, joined.json.sessionToken);
    expect((await api(server.baseUrl, 'DELETE', `/api/calls/${call.call.id}/invitations/${inv.id}`, undefined, key)).status).toBe(204);
    const closed = await client.waitClosed();
    expect(closed.code).toBe(4003);
    const room = server.app.calls.get(call.call.id)!;
    expect(room.state.members.get(joined.json.identity)?.status).toBe('removed');
    const refresh = await api(server.baseUrl, 'POST', `/api/calls/${call.call.id}/token`, undefined, { authorization: `Bearer ${joined.json.sessionToken}` });
    expect(refresh.status).toBe(401);
    const back = await joinRaw(server.baseUrl, call.call.id, { invite: inviteOf(inv.link), name: 'Mo' }, { device: deviceOf(joined) });
    expect(back.json.error.code).toBe('bad_invite');
    const events = server.app.store.readEvents(call.call.id, 0).map((e) => e.event);
    expect(events.find((e) => e.type === 'member_removed')).toMatchObject({ by: 'system', reason: 'invitation revoked' });
    expect((await api(server.baseUrl, 'DELETE', `/api/calls/${call.call.id}/invitations/${inv.id}`, undefined, key)).status).toBe(409);
  });
});

describe('accounts in calls', () => {
  test('an organizer hosts by opening the call signed in; without the CSRF token nothing happens', async () => {
    const call = await createCall(server.baseUrl);
    const noCsrf = await owner.request('POST', `/api/calls/${call.call.id}/join`, { name: 'Olivia' }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(server.app.calls.get(call.call.id)!.seq).toBe(0);
    const res = await owner.request('POST', `/api/calls/${call.call.id}/join`, { name: 'Olivia' });
    expect(res.status).toBe(200);
    expect(res.json.role).toBe('host');
  });

  test('a moderator account joins only calls it is assigned to, and is taken out when unassigned', async () => {
    const mod = await addMember(owner, 'moderator', 'Mona Moderator', 'mona@example.org');
    const call = await createCall(server.baseUrl);
    expect((await mod.request('POST', `/api/calls/${call.call.id}/join`, { name: 'Mona' })).status).toBe(403);
    const assigned = await owner.request('POST', `/api/calls/${call.call.id}/invitations`, { role: 'moderator', name: 'Mona', accountId: mod.account.id });
    expect(assigned.status).toBe(201);
    expect(assigned.json.link).toBe(`${server.baseUrl}/c/${call.call.id}`);
    const joined = await mod.joinCall(call.call.id, 'Mona');
    expect(joined.json.role).toBe('moderator');
    expect((await mod.request('GET', `/api/console/calls/${call.call.id}`)).status).toBe(200);
    // Removing the member from the coalition takes them out of the call too.
    expect((await owner.request('DELETE', `/api/coalition/members/${mod.account.id}`)).status).toBe(204);
    expect(server.app.calls.get(call.call.id)!.state.members.get(joined.json.identity)?.status).toBe('removed');
  });

  test('the console lists calls as upcoming, live and past, with who hosts and moderates', async () => {
    const call = await createCall(server.baseUrl, {}, 'Listed call');
    await invitation(call.call.id, 'moderator', 'Val Volunteer');
    const before = await owner.request('GET', '/api/console/calls');
    const upcoming = before.json.upcoming.find((c: { id: string }) => c.id === call.call.id);
    expect(upcoming.phase).toBe('upcoming');
    expect(upcoming.moderators).toContain('Val Volunteer');
    await owner.joinCall(call.call.id, 'Olivia');
    expect((await owner.request('GET', '/api/console/calls')).json.live.map((c: { id: string }) => c.id)).toContain(call.call.id);
    expect((await owner.request('POST', `/api/calls/${call.call.id}/close`)).status).toBe(200);
    expect((await owner.request('GET', '/api/console/calls')).json.past.map((c: { id: string }) => c.id)).toContain(call.call.id);
    const audit = await owner.request('GET', `/api/console/calls/${call.call.id}/audit?format=csv`);
    expect(audit.headers.get('content-type')).toContain('text/csv');
    expect(audit.json).toContain('call_ended');
  });

  test('settings change before anyone joins, not after', async () => {
    const call = await createCall(server.baseUrl);
    const edit = await owner.request('PATCH', `/api/calls/${call.call.id}`, { title: 'Renamed', settings: { lobby: true, speakingLimitSec: 30 } });
    expect(edit.status).toBe(200);
    expect(server.app.calls.get(call.call.id)!.state.settings).toMatchObject({ lobby: true, speakingLimitSec: 30 });
    expect((await api(server.baseUrl, 'GET', `/api/calls/${call.call.id}`)).json.call.title).toBe('Renamed');
    await owner.joinCall(call.call.id, 'Olivia');
    expect((await owner.request('PATCH', `/api/calls/${call.call.id}`, { settings: { lobby: false } })).status).toBe(409);
  });
});

describe('the migration', () => {
  test('a call made before accounts keeps its shared host link until it ends', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'caucus-legacy-'));
    const db = new Database(joinPath(dataDir, 'caucus.db'));
    for (const f of ['001_calls_invites_sessions.sql', '002_event_log.sql', '003_public_schedule.sql']) {
      db.exec(readFileSync(joinPath('server/src/store/migrations', f), 'utf8'));
    }
    db.pragma('user_version = 3');
    db.prepare("INSERT INTO calls (id, title, settings, created_at) VALUES ('legacy1', 'Old call', '{}', ?)").run(Date.now());
    for (const role of ['host', 'moderator', 'speaker', 'participant']) {
      db.prepare('INSERT INTO invites (token_hash, call_id, role, created_at) VALUES (?, ?, ?, ?)').run(hashSecret(`legacy-${role}-secret`), 'legacy1', role, Date.now());
    }
    db.close();
    const old = await startTestServer({ dataDir });
    try {
      const host = await joinRaw(old.baseUrl, 'legacy1', { invite: 'legacy-host-secret', name: 'Old Host' });
      expect(host.json.role).toBe('host');
      // Shared: a second browser with the same host link is still let in, as before.
      expect((await joinRaw(old.baseUrl, 'legacy1', { invite: 'legacy-host-secret', name: 'Co-host' })).json.role).toBe('host');
      expect((await api(old.baseUrl, 'POST', '/api/calls/legacy1/invites/moderator', undefined, key)).status).toBe(200);
      expect((await api(old.baseUrl, 'POST', '/api/calls/legacy1/close', undefined, key)).status).toBe(200);
      expect((await joinRaw(old.baseUrl, 'legacy1', { invite: 'legacy-host-secret', name: 'Late' })).json.error.code).toBe('call_ended');
    } finally {
      await old.close();
    }
  });
});

// Accounts and sessions against the real server and SQLite: the setup link, password sign-in
// without enumeration, rate limits, the __Host- session cookie, CSRF, idle and absolute expiry,
// the account page, API tokens, coalition invitations, role changes and removal.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSetupLink } from '../src/accounts/setup';
import { SESSION_IDLE_MS } from '../src/accounts/principal';
import type { SqliteStore } from '../src/store/sqlite-store';
import { api } from '../../test/api';
import { addMember, claim, PASSWORD, setUpOwner, SignedIn, signInWithPassword } from '../../test/accounts';
import { startTestServer, type TestServer } from '../../test/server';

let server: TestServer;
let owner: SignedIn;
const db = () => (server.app.store as SqliteStore).db;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('the setup link', () => {
  test('an empty coalition has a one-time setup link that creates the owner, signed in with a __Host- cookie', async () => {
    expect((await api(server.baseUrl, 'GET', '/api/auth/state')).json).toEqual({ setupNeeded: true, account: null, csrfToken: null });
    const first = createSetupLink(server.app)!;
    const link = createSetupLink(server.app)!;
    expect(new URL(link).pathname).toBe('/setup');
    // A newer link replaces an unused older one.
    const stale = await api(server.baseUrl, 'POST', '/api/auth/claim', { token: new URL(first).searchParams.get('token'), name: 'X', email: 'x@example.org' });
    expect(stale.json.error.code).toBe('bad_invite');

    const token = new URL(link).searchParams.get('token')!;
    const res = await api(server.baseUrl, 'POST', '/api/auth/claim', { token, name: 'Olivia Owner', email: 'Owner@Example.org', password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.json.account).toMatchObject({ role: 'owner', email: 'owner@example.org' });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-caucus_session='))!;
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/Domain=/i);

    const again = await api(server.baseUrl, 'POST', '/api/auth/claim', { token, name: 'Mallory', email: 'm@example.org', password: PASSWORD });
    expect(again.status).toBe(403);
    expect(again.json.error.code).toBe('invitation_used');
    expect(createSetupLink(server.app)).toBeNull();
    owner = await signInWithPassword(server.baseUrl, 'owner@example.org');
    expect((await owner.request('GET', '/api/auth/state')).json).toMatchObject({ setupNeeded: false, account: { role: 'owner' } });
  });

  test('an expired setup link is refused', async () => {
    const other = await startTestServer();
    try {
      const link = createSetupLink(other.app)!;
      (other.app.store as SqliteStore).db.prepare('UPDATE account_invitations SET expires_at = 0').run();
      const res = await api(other.baseUrl, 'POST', '/api/auth/claim', { token: new URL(link).searchParams.get('token'), name: 'Late', email: 'late@example.org' });
      expect(res.status).toBe(410);
      expect(res.json.error.code).toBe('link_expired');
    } finally {
      await other.close();
    }
  });
});

describe('signing in with a password', () => {
  test('an unknown email and a wrong password get the same answer in about the same time', async () => {
    const time = async (email: string) => {
      const t0 = performance.now();
      const res = await api(server.baseUrl, 'POST', '/api/auth/password', { email, password: 'wrong password here' });
      return { status: res.status, body: res.json, ms: performance.now() - t0 };
    };
    const unknown = await time('nobody@example.org');
    const wrong = await time('owner@example.org');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body.error.code).toBe('sign_in_failed');
    // Both ran argon2id (the unknown email against a decoy hash): neither is near-instant.
    expect(unknown.ms).toBeGreaterThan(5);
  });

  test('five wrong passwords lock that email for a while, known or not; another email is not affected', async () => {
    const fail = (email: string) => api(server.baseUrl, 'POST', '/api/auth/password', { email, password: 'nope nope' });
    for (let i = 0; i < 5; i++) expect((await fail('locked@example.org')).status).toBe(401);
    // The owner already has one failure from the test above: three more stay under the limit.
    for (let i = 0; i < 3; i++) expect((await fail('owner@example.org')).status).toBe(401);
    const locked = await api(server.baseUrl, 'POST', '/api/auth/password', { email: 'locked@example.org', password: 'nope' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signInWithPassword(server.baseUrl, 'owner@example.org')).account.role).toBe('owner');
  });

  test('every credential route is rate limited per IP', async () => {
    const strict = await startTestServer({ env: { AUTH_RATE_LIMIT: '3' } });
    try {
      for (const path of ['/api/auth/password', '/api/auth/claim', '/api/auth/passkey/options', '/api/auth/passkey']) {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await api(strict.baseUrl, 'POST', path, { email: 'a@b.c', password: 'x' })).status);
        expect(statuses.slice(0, 3)).not.toContain(429);
        expect(statuses[3]).toBe(429);
      }
    } finally {
      await strict.close();
    }
  });

  test('sign-in from a foreign origin is refused (no login CSRF)', async () => {
    const res = await api(server.baseUrl, 'POST', '/api/auth/password', { email: 'owner@example.org', password: PASSWORD }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('csrf');
  });
});

describe('the session', () => {
  test('a state change without the CSRF token, or from another origin, is refused and changes nothing', async () => {
    const before = (await owner.request('GET', '/api/account')).json.tokens.length;
    const noToken = await owner.request('POST', '/api/account/tokens', { name: 'ci' }, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.json.error.code).toBe('csrf');
    const foreign = await owner.request('POST', '/api/account/tokens', { name: 'ci' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const wrong = await owner.request('POST', '/api/account/tokens', { name: 'ci' }, { headers: { 'x-csrf-token': 'guess' } });
    expect(wrong.status).toBe(403);
    expect((await owner.request('GET', '/api/account')).json.tokens).toHaveLength(before);
  });

  test('idle and absolute expiry end a session', async () => {
    const idle = await signInWithPassword(server.baseUrl, 'owner@example.org');
    const absolute = await signInWithPassword(server.baseUrl, 'owner@example.org');
    const ids = (await idle.request('GET', '/api/account')).json.sessions as { id: string; current: boolean }[];
    const idleId = ids.find((s) => s.current)!.id;
    const absoluteId = ((await absolute.request('GET', '/api/account')).json.sessions as { id: string; current: boolean }[]).find((s) => s.current)!.id;
    db().prepare('UPDATE account_sessions SET last_seen_at = ? WHERE id = ?').run(Date.now() - SESSION_IDLE_MS - 1, idleId);
    db().prepare('UPDATE account_sessions SET expires_at = ? WHERE id = ?').run(Date.now() - 1, absoluteId);
    expect((await idle.request('GET', '/api/account')).status).toBe(401);
    expect((await absolute.request('GET', '/api/account')).status).toBe(401);
    expect((await idle.request('GET', '/api/auth/state')).json.account).toBeNull();
  });

  test('the account page lists sessions; revoking one ends it; sign out everywhere ends them all', async () => {
    const a = await signInWithPassword(server.baseUrl, 'owner@example.org');
    const b = await signInWithPassword(server.baseUrl, 'owner@example.org');
    const listed = (await a.request('GET', '/api/account')).json.sessions as { id: string; current: boolean }[];
    const bId = ((await b.request('GET', '/api/account')).json.sessions as { id: string; current: boolean }[]).find((s) => s.current)!.id;
    expect(listed.map((s) => s.id)).toContain(bId);
    expect((await a.request('DELETE', `/api/account/sessions/${bId}`)).status).toBe(204);
    expect((await b.request('GET', '/api/account')).status).toBe(401);
    expect((await a.request('GET', '/api/account')).status).toBe(200);

    const c = await signInWithPassword(server.baseUrl, 'owner@example.org');
    expect((await c.request('POST', '/api/account/sign-out-everywhere')).json.ended).toBeGreaterThanOrEqual(2);
    for (const s of [a, c, owner]) expect((await s.request('GET', '/api/account')).status).toBe(401);
    owner = await signInWithPassword(server.baseUrl, 'owner@example.org');
  });

  test('changing the password needs the current one; the new one signs in; other browsers are signed out', async () => {
    const elsewhere = await signInWithPassword(server.baseUrl, 'owner@example.org');
    expect((await owner.request('PUT', '/api/account/password', { current: 'not it at all', password: 'another long passphrase' })).status).toBe(403);
    expect((await owner.request('PUT', '/api/account/password', { password: 'short' })).status).toBe(400);
    expect((await owner.request('PUT', '/api/account/password', { current: PASSWORD, password: 'another long passphrase' })).status).toBe(204);
    expect((await elsewhere.request('GET', '/api/account')).status).toBe(401);
    expect((await owner.request('GET', '/api/account')).status).toBe(200);
    await signInWithPassword(server.baseUrl, 'owner@example.org', 'another long passphrase');
    expect((await owner.request('PUT', '/api/account/password', { current: 'another long passphrase', password: PASSWORD })).status).toBe(204);
  });
});

describe('API tokens', () => {
  test('shown once, stored hashed, act with the account role; revoked, they stop at once', async () => {
    const created = await owner.request('POST', '/api/account/tokens', { name: 'CI' });
    expect(created.status).toBe(201);
    const token = created.json.token as string;
    expect(token).toMatch(/^caucus_pat_/);
    expect(JSON.stringify((await owner.request('GET', '/api/account')).json)).not.toContain(token);
    expect(db().prepare('SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?').pluck().get(token)).toBe(0);

    const call = await api(server.baseUrl, 'POST', '/api/calls', { title: 'By token' }, { authorization: `Bearer ${token}` });
    expect(call.status).toBe(201);
    expect(Object.keys(call.json.links)).toEqual(['participant']);
    const inv = await api(server.baseUrl, 'POST', `/api/calls/${call.json.call.id}/invitations`, { role: 'speaker', name: 'Guest' }, { authorization: `Bearer ${token}` });
    expect(inv.status).toBe(201);
    expect(inv.json).toMatchObject({ role: 'speaker', name: 'Guest' });
    expect(inv.json.link).toContain(`/c/${call.json.call.id}?invite=`);

    expect((await owner.request('DELETE', `/api/account/tokens/${created.json.id}`)).status).toBe(204);
    expect((await api(server.baseUrl, 'POST', '/api/calls', { title: 'Again' }, { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('the coalition', () => {
  test('owners invite organizers and moderators with single-use links; only owners manage members', async () => {
    const organizer = await addMember(owner, 'organizer', 'Oscar Organizer', 'oscar@example.org');
    expect(organizer.account.role).toBe('organizer');
    const invited = await owner.request('POST', '/api/coalition/invitations', { role: 'moderator', name: 'Mo' });
    await claim(server.baseUrl, invited.json.link, 'Mo', 'mo@example.org');
    const reuse = await api(server.baseUrl, 'POST', '/api/auth/claim', { token: new URL(invited.json.link).searchParams.get('token'), name: 'Eve', email: 'eve@example.org' });
    expect(reuse.json.error.code).toBe('invitation_used');
    expect((await organizer.request('POST', '/api/coalition/invitations', { role: 'organizer', name: 'Sneaky' })).status).toBe(403);
    expect((await organizer.request('GET', '/api/coalition')).json.members.map((m: { email: string }) => m.email)).toContain('mo@example.org');
  });

  test('a role change applies to the next request; removal ends sessions and tokens at once', async () => {
    const org = await addMember(owner, 'organizer', 'Temp Organizer', 'temp@example.org');
    const token = (await org.request('POST', '/api/account/tokens', { name: 'script' })).json.token as string;
    expect((await api(server.baseUrl, 'POST', '/api/calls', { title: 'x' }, { authorization: `Bearer ${token}` })).status).toBe(201);

    expect((await owner.request('PUT', `/api/coalition/members/${org.account.id}`, { role: 'moderator' })).status).toBe(200);
    expect((await api(server.baseUrl, 'POST', '/api/calls', { title: 'x' }, { authorization: `Bearer ${token}` })).status).toBe(403);

    expect((await owner.request('DELETE', `/api/coalition/members/${org.account.id}`)).status).toBe(204);
    expect((await org.request('GET', '/api/account')).status).toBe(401);
    expect((await api(server.baseUrl, 'POST', '/api/calls', { title: 'x' }, { authorization: `Bearer ${token}` })).status).toBe(401);
    const res = await api(server.baseUrl, 'POST', '/api/auth/password', { email: 'temp@example.org', password: PASSWORD });
    expect(res.status).toBe(401);
  });

  test('the last owner cannot step down or remove themselves', async () => {
    expect((await owner.request('PUT', `/api/coalition/members/${owner.account.id}`, { role: 'organizer' })).status).toBe(409);
    expect((await owner.request('DELETE', `/api/coalition/members/${owner.account.id}`)).status).toBe(409);
  });
});

describe('a restart', () => {
  test('signed-in sessions, API tokens and the coalition survive a restart of the server', async () => {
    const first = await startTestServer();
    const boss = await setUpOwner(first.app, first.baseUrl, 'boss@example.org');
    const token = (await boss.request('POST', '/api/account/tokens', { name: 'cron' })).json.token as string;
    await first.close({ wipe: false });
    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      const again = new SignedIn(second.baseUrl, boss.cookie, boss.csrf, boss.account);
      expect((await again.request('GET', '/api/account')).json.account.email).toBe('boss@example.org');
      expect((await api(second.baseUrl, 'POST', '/api/calls', { title: 'After restart' }, { authorization: `Bearer ${token}` })).status).toBe(201);
      expect(createSetupLink(second.app)).toBeNull();
    } finally {
      await second.close();
    }
  });
});

// Passcodes: at least 6 characters, stored only as an argon2id hash (the accounts' hashing), never
// sent back, and passcodes an older version stored in clear are hashed at the next start.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setUpOwner } from '../../test/accounts';
import { api, createCall, inviteOf, joinRaw } from '../../test/api';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const organizer = { authorization: `Bearer ${ORGANIZER_KEY}` };
const storedSettings = (dbPath: string, callId: string) => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return JSON.parse((db.prepare('SELECT settings FROM calls WHERE id = ?').get(callId) as { settings: string }).settings);
  } finally {
    db.close();
  }
};

describe('passcodes', () => {
  test('shorter than 6 characters is refused, on creation and on edit', async () => {
    const res = await api(server.baseUrl, 'POST', '/api/calls', { title: 'Short', settings: { passcode: 'abc12' } }, organizer);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json.error)).toContain('at least 6 characters');
    const created = await createCall(server.baseUrl);
    const edit = await api(server.baseUrl, 'PATCH', `/api/calls/${created.call.id}`, { settings: { passcode: 'x' } }, organizer);
    expect(edit.status).toBe(400);
  });

  test('stored as an argon2id hash, never sent back; the right one lets in, a wrong one does not', async () => {
    const created = await createCall(server.baseUrl, { passcode: 'solidarity' });
    expect(created.call.settings).toMatchObject({ passcode: null, passcodeSet: true });
    const stored = storedSettings(server.dbPath, created.call.id).passcode as string;
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain('solidarity');
    const owner = await setUpOwner(server.app, server.baseUrl);
    const detail = await owner.request('GET', `/api/console/calls/${created.call.id}`);
    expect(detail.json.call.settings).toMatchObject({ passcode: null, passcodeSet: true });
    expect(JSON.stringify(detail.json)).not.toContain('$argon2');

    const invite = inviteOf(created.links.participant);
    expect((await joinRaw(server.baseUrl, created.call.id, { invite, name: 'Wrong', passcode: 'solidarit' })).status).toBe(403);
    expect((await joinRaw(server.baseUrl, created.call.id, { invite, name: 'Right', passcode: 'solidarity' })).status).toBe(200);
  });

  test('an edit that leaves the passcode out keeps it; a new one replaces it; null removes it', async () => {
    const created = await createCall(server.baseUrl, { passcode: 'first-passcode' });
    const id = created.call.id;
    const invite = inviteOf(created.links.participant);
    const patch = (settings: Record<string, unknown>) => api(server.baseUrl, 'PATCH', `/api/calls/${id}`, { settings }, organizer);
    expect((await patch({ lobby: false })).status).toBe(200);
    expect((await joinRaw(server.baseUrl, id, { invite, name: 'A', passcode: 'first-passcode' })).status).toBe(200);
    // Someone joined: settings change in the call now. A fresh call for the rest.
    const other = await createCall(server.baseUrl, { passcode: 'first-passcode' });
    const patchOther = (settings: Record<string, unknown>) => api(server.baseUrl, 'PATCH', `/api/calls/${other.call.id}`, { settings }, organizer);
    expect((await patchOther({ passcode: 'second-passcode' })).status).toBe(200);
    expect(storedSettings(server.dbPath, other.call.id).passcode).toMatch(/^\$argon2id\$/);
    const otherInvite = inviteOf(other.links.participant);
    expect((await joinRaw(server.baseUrl, other.call.id, { invite: otherInvite, name: 'Old', passcode: 'first-passcode' })).status).toBe(403);
    expect((await patchOther({ passcode: null })).status).toBe(200);
    expect((await api(server.baseUrl, 'GET', `/api/calls/${other.call.id}`)).json.call.needsPasscode).toBe(false);
  });

  test('a passcode an older version stored in clear (of any length) is hashed at the next start, and still works', async () => {
    const first = await startTestServer();
    const created = await createCall(first.baseUrl);
    await first.close({ wipe: false });
    const db = new Database(first.dbPath);
    const settings = { ...storedSettings(first.dbPath, created.call.id), passcode: 'old' };
    db.prepare('UPDATE calls SET settings = ? WHERE id = ?').run(JSON.stringify(settings), created.call.id);
    db.close();

    const second = await startTestServer({ dataDir: first.dataDir });
    try {
      expect(storedSettings(second.dbPath, created.call.id).passcode).toMatch(/^\$argon2id\$/);
      const invite = inviteOf(created.links.participant);
      expect((await joinRaw(second.baseUrl, created.call.id, { invite, name: 'Back', passcode: 'old' })).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

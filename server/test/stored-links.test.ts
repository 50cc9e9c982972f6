// A public call's participant link is on its public page, yet the database does not hold it: the
// row keeps a nonce and the server derives the invite from it with a key of its own.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, inviteOf, joinRaw } from '../../test/api';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const organizer = { authorization: `Bearer ${ORGANIZER_KEY}` };
const row = (callId: string) => {
  const db = new Database(server.dbPath, { readonly: true });
  try {
    return db.prepare('SELECT public_invite, participant_invite FROM calls WHERE id = ?').get(callId) as { public_invite: string | null; participant_invite: string | null };
  } finally {
    db.close();
  }
};
const pageInvite = async (callId: string) => {
  const html = await (await fetch(`${server.baseUrl}/calls/${callId}`)).text();
  const m = /\/c\/[^"?]+\?invite=([A-Za-z0-9_-]+)/.exec(html);
  return m?.[1] ?? null;
};

describe('a public call', () => {
  test('its page shows a working participant link that the database does not hold; rotation replaces it', async () => {
    const schedule = { public: true, startsAt: new Date(Date.now() + 86_400_000).toISOString(), timeZone: 'UTC', durationMin: 60, description: 'Open to all', speakers: [] };
    const res = await api(server.baseUrl, 'POST', '/api/calls', { title: 'Town hall', schedule }, organizer);
    expect(res.status).toBe(201);
    const id = res.json.call.id as string;
    const invite = inviteOf(res.json.links.participant);

    const stored = row(id);
    for (const value of [stored.public_invite, stored.participant_invite]) {
      expect(value).toMatch(/^n:/);
      expect(value).not.toContain(invite);
    }
    // The whole database file: the invite is nowhere in it.
    const db = new Database(server.dbPath, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM calls').all()) + JSON.stringify(db.prepare('SELECT * FROM invites').all());
    db.close();
    expect(dump).not.toContain(invite);

    expect(await pageInvite(id)).toBe(invite);
    expect((await joinRaw(server.baseUrl, id, { invite, name: 'From the page' })).status).toBe(200);

    const rotated = await api(server.baseUrl, 'POST', `/api/calls/${id}/invites/participant`, undefined, organizer);
    const fresh = inviteOf(rotated.json.link);
    expect(fresh).not.toBe(invite);
    expect(await pageInvite(id)).toBe(fresh);
    expect((await joinRaw(server.baseUrl, id, { invite, name: 'Old link' })).json.error.code).toBe('bad_invite');
    expect((await joinRaw(server.baseUrl, id, { invite: fresh, name: 'New link' })).status).toBe(200);
  });
});

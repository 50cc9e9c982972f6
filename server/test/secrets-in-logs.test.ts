// Logs end up in files, collectors and support tickets: no credential may reach them. The real
// server as its own process at LOG_LEVEL=debug, used the way people use it, then its whole output
// is searched for every secret it handed out or was sent.
import { expect, test } from 'vitest';
import { api, createCall, inviteOf, join } from '../../test/api';
import { ORGANIZER_KEY } from '../../test/server';
import { spawnServer } from '../../test/server-process';
import { TestClient } from '../../test/ws-client';

test('invites, session tokens, LiveKit tokens, device cookies and the organizer key never reach the log', async () => {
  const srv = await spawnServer({ env: { LOG_LEVEL: 'debug' } });
  try {
    const created = await createCall(srv.baseUrl, { passcode: 'open-sesame-42' });
    const invites = Object.values(created.links).map(inviteOf);
    // Opening the links (the web app's page), as every invited person does.
    for (const link of Object.values(created.links)) await fetch(link);
    const host = await join(srv.baseUrl, created, 'host', 'Host');
    const guest = await join(srv.baseUrl, created, 'participant', 'Guest', { passcode: 'open-sesame-42' });
    await api(srv.baseUrl, 'POST', `/api/calls/${created.call.id}/token`, undefined, { authorization: `Bearer ${guest.sessionToken}` });
    const client = await TestClient.ready(srv.baseUrl, created.call.id, host.sessionToken);
    await client.ok({ type: 'ban', participant: guest.identity, reason: 'test', ip: true });
    client.close();
    // Wrong credentials are logged as refusals, without the credential.
    await api(srv.baseUrl, 'POST', '/api/calls', { title: 'x' }, { authorization: 'Bearer a-wrong-organizer-key-guess' });
    await api(srv.baseUrl, 'POST', '/api/livekit/webhook', '{}', { 'content-type': 'application/webhook+json', authorization: guest.livekit!.token });
    await new Promise((r) => setTimeout(r, 300));

    const log = srv.output();
    expect(log).toContain('incoming request');
    const secrets = {
      ...Object.fromEntries(invites.map((v, i) => [`invite ${i}`, v])),
      'host session': host.sessionToken,
      'guest session': guest.sessionToken,
      'host LiveKit token': host.livekit!.token,
      'guest LiveKit token': guest.livekit!.token,
      'device cookie': guest.device!,
      'organizer key': ORGANIZER_KEY,
      'a guessed organizer key': 'a-wrong-organizer-key-guess',
      passcode: 'open-sesame-42',
    };
    for (const [name, secret] of Object.entries(secrets)) expect(log.includes(secret), `${name} is in the log`).toBe(false);
  } finally {
    await srv.kill('SIGTERM');
  }
});

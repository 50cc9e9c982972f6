// Logs end up in files, collectors and support tickets: no credential may reach them. The real
// server as its own process at LOG_LEVEL=debug, used the way people use it, then its whole output
// is searched for every secret it handed out or was sent.
import { expect, test } from 'vitest';
import { claim, PASSWORD } from '../../test/accounts';
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
    // A client cannot choose the id its request is logged under (forged or colliding log lines).
    await api(srv.baseUrl, 'GET', '/healthz', undefined, { 'x-request-id': 'forged-request-id-77' });
    await new Promise((r) => setTimeout(r, 300));

    const log = srv.output();
    expect(log).toContain('incoming request');
    expect(log).not.toContain('forged-request-id-77');
    expect(log).toMatch(/"reqId":"[0-9a-f]{8}-[0-9a-f]{4}-/);
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

test('passwords, session cookies, CSRF tokens, API tokens and invitation links never reach the log; the setup link only on stdout, once', async () => {
  const srv = await spawnServer({ env: { LOG_LEVEL: 'debug' } });
  try {
    await expect.poll(() => srv.output()).toContain('Set up your coalition');
    const setup = /Set up your coalition[^\n]*\n\s*(\S+)/.exec(srv.output())?.[1];
    expect(setup).toMatch(/\/setup\?token=/);
    const setupToken = new URL(setup!).searchParams.get('token')!;
    const owner = await claim(srv.baseUrl, setup!, 'Olivia Owner', 'olivia@example.org');
    const apiToken = (await owner.request('POST', '/api/account/tokens', { name: 'ci' })).json.token as string;
    const member = await owner.request('POST', '/api/coalition/invitations', { role: 'organizer', name: 'Oscar' });
    const memberToken = new URL(member.json.link).searchParams.get('token')!;
    await fetch(member.json.link);
    const oscar = await claim(srv.baseUrl, member.json.link, 'Oscar', 'oscar@example.org');
    await api(srv.baseUrl, 'POST', '/api/auth/password', { email: 'olivia@example.org', password: 'a wrong password guess' });
    const call = await api(srv.baseUrl, 'POST', '/api/calls', { title: 'Logged call' }, { authorization: `Bearer ${apiToken}` });
    const inv = await api(srv.baseUrl, 'POST', `/api/calls/${call.json.call.id}/invitations`, { role: 'speaker', name: 'Sam' }, { authorization: `Bearer ${apiToken}` });
    await fetch(inv.json.link);
    await new Promise((r) => setTimeout(r, 300));

    const log = srv.output();
    expect(log.split(setupToken).length - 1, 'the setup token is printed once, on stdout').toBe(1);
    const secrets = {
      password: PASSWORD,
      'a guessed password': 'a wrong password guess',
      'session cookie': owner.cookie.split('=')[1]!,
      'CSRF token': owner.csrf,
      "a member's session cookie": oscar.cookie.split('=')[1]!,
      'API token': apiToken,
      'member invitation': memberToken,
      'personal invitation': inviteOf(inv.json.link),
    };
    for (const [name, secret] of Object.entries(secrets)) expect(log.includes(secret), `${name} is in the log`).toBe(false);
  } finally {
    await srv.kill('SIGTERM');
  }
});

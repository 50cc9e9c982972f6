// Bans that hold across the coalition, tried as a troll would: the same browser, a new browser on
// the same network, a second call it is already sitting in, a moderator's narrow ban widened later,
// lifting and expiry. Real server, real SQLite, real LiveKit; the troll's other networks are other
// loopback addresses (127.0.0.2, 127.0.0.3).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, createCall, inviteOf, join, type CreatedCall, type RoleName } from '../../test/api';
import { joinFrom } from '../../test/loopback';
import { ORGANIZER_KEY, startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface In {
  identity: string;
  device: string | null;
  sessionToken: string;
  client: TestClient;
}

/** Joins over HTTP and says hello (from 127.0.0.1 unless `from`), with this browser's cookie if any. */
async function enter(created: CreatedCall, role: RoleName, name: string, opts: { device?: string | null; from?: string } = {}): Promise<In> {
  if (role !== 'participant' || !opts.from) {
    const joined = await join(server.baseUrl, created, role, name, opts.device ? { device: opts.device } : {});
    const client = await TestClient.ready(server.baseUrl, created.call.id, joined.sessionToken);
    return { identity: joined.identity, device: joined.device, sessionToken: joined.sessionToken, client };
  }
  const res = await joinFrom(opts.from, server.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name }, { device: opts.device ?? null });
  if (res.status !== 200) throw new Error(`join from ${opts.from}: ${res.status} ${JSON.stringify(res.json)}`);
  const client = await TestClient.connect(server.baseUrl, created.call.id, res.json.sessionToken, { localAddress: opts.from });
  await client.waitFor((f) => f.type === 'snapshot');
  return { identity: res.json.identity, device: res.device, sessionToken: res.json.sessionToken, client };
}

const participantJoin = (created: CreatedCall, opts: { device?: string | null; from?: string } = {}) =>
  joinFrom(opts.from ?? '127.0.0.1', server.baseUrl, created.call.id, { invite: inviteOf(created.links.participant), name: 'Somebody' }, { device: opts.device ?? null });

const organizer = { authorization: `Bearer ${ORGANIZER_KEY}` };
const liveBanOf = (callId: string, identity: string) => server.app.bans.store.liveOf(callId, identity);

describe('a ban in one call, at the next call of the coalition', () => {
  test("a host's ban (coalition by default) refuses the same browser in the next call; a per-call ban does not", async () => {
    const [a, b, c] = [await createCall(server.baseUrl), await createCall(server.baseUrl), await createCall(server.baseUrl)];
    const host = await enter(a, 'host', 'Host');
    const troll = await enter(a, 'participant', 'Troll');
    const other = await enter(a, 'participant', 'Other');

    await host.client.ok({ type: 'ban', participant: troll.identity, reason: 'slurs in the chat' });
    expect((await troll.client.waitClosed()).code).toBe(4004);
    const ban = liveBanOf(a.call.id, troll.identity)!;
    expect(ban).toMatchObject({ scope: 'coalition', reason: 'slurs in the chat', byName: 'Host', name: 'Troll', network: false, ipHash: null });
    expect(ban.device).not.toBeNull();

    // The coalition's next call: the same browser is refused before anything is stored for it.
    const again = await participantJoin(b, { device: troll.device });
    expect(again.status).toBe(403);
    expect(again.json.error).toMatchObject({ code: 'banned', message: "You are banned from this coalition's calls" });
    // The network was not ticked: a new browser on the same address gets in.
    expect((await participantJoin(b)).status).toBe(200);

    // A ban the host narrows to this call holds here only.
    await host.client.ok({ type: 'ban', participant: other.identity, reason: 'off topic', scope: 'call' });
    expect(liveBanOf(a.call.id, other.identity)!.scope).toBe('call');
    expect((await participantJoin(a, { device: other.device })).status).toBe(403);
    expect((await participantJoin(c, { device: other.device })).status).toBe(200);
  });

  test('with the network ticked, a new browser on the same network is refused in the next call; another network is not', async () => {
    const [a, b] = [await createCall(server.baseUrl), await createCall(server.baseUrl)];
    const host = await enter(a, 'host', 'Host');
    const troll = await enter(a, 'participant', 'Troll', { from: '127.0.0.2' });
    await host.client.ok({ type: 'ban', participant: troll.identity, reason: 'raid', ip: true });
    expect(liveBanOf(a.call.id, troll.identity)).toMatchObject({ network: true });

    const freshBrowser = await participantJoin(b, { from: '127.0.0.2' });
    expect(freshBrowser.status).toBe(403);
    expect(freshBrowser.json.error.code).toBe('banned');
    expect((await participantJoin(b, { from: '127.0.0.3' })).status).toBe(200);
    // Staff may share a network with a troll: a host from that address still gets in.
    const hostB = await joinFrom('127.0.0.2', server.baseUrl, b.call.id, { invite: inviteOf(b.links.host), name: 'Host B' });
    expect(hostB.status).toBe(200);
  });

  test("a moderator's ban holds its call only, until an organizer widens it; lifting restores entry everywhere", async () => {
    const [a, b] = [await createCall(server.baseUrl), await createCall(server.baseUrl)];
    const host = await enter(a, 'host', 'Host');
    const mod = await enter(a, 'moderator', 'Mod');
    const troll = await enter(a, 'participant', 'Troll');

    const wide = await mod.client.command({ type: 'ban', participant: troll.identity, reason: 'spam', scope: 'coalition' });
    expect(wide).toMatchObject({ type: 'error', code: 'forbidden' });
    await mod.client.ok({ type: 'ban', participant: troll.identity, reason: 'spam' });
    const ban = liveBanOf(a.call.id, troll.identity)!;
    expect(ban).toMatchObject({ scope: 'call', byName: 'Mod' });
    expect((await participantJoin(b, { device: troll.device })).status).toBe(200);

    // The console's ban list shows it: who, when, by whom, why, where, how far, until when.
    const list = await api(server.baseUrl, 'GET', `/api/console/bans?callId=${a.call.id}`, undefined, organizer);
    expect(list.status).toBe(200);
    expect(list.json.bans).toEqual([
      expect.objectContaining({
        id: ban.id,
        call: { id: a.call.id, title: 'Coalition call' },
        name: 'Troll',
        by: 'Mod',
        reason: 'spam',
        scope: 'call',
        expiresAt: null,
        status: 'active',
        holds: { browser: true, network: false, account: false, invitation: false },
      }),
    ]);
    expect(JSON.stringify(list.json)).not.toContain(ban.device!);

    const widened = await api(server.baseUrl, 'POST', `/api/console/bans/${ban.id}/widen`, undefined, organizer);
    expect(widened.json.ban).toMatchObject({ scope: 'coalition', widened: { by: 'Organizer key' } });
    expect((await api(server.baseUrl, 'POST', `/api/console/bans/${ban.id}/widen`, undefined, organizer)).status).toBe(409);
    expect((await participantJoin(b, { device: troll.device })).status).toBe(403);

    // Lifted from the list: the call lifts it too (by system), and both calls let the browser in.
    const lifted = await api(server.baseUrl, 'POST', `/api/console/bans/${ban.id}/lift`, undefined, organizer);
    expect(lifted.json.ban).toMatchObject({ status: 'lifted', lifted: { by: 'Organizer key' } });
    expect((await api(server.baseUrl, 'POST', `/api/console/bans/${ban.id}/lift`, undefined, organizer)).status).toBe(404);
    await host.client.until((s) => !s.bans.has(troll.identity));
    const unbanned = host.client.frames.find((f) => f.type === 'event' && f.event.type === 'member_unbanned');
    expect(unbanned!.event.by).toBe('system');
    expect((await participantJoin(b, { device: troll.device })).status).toBe(200);
    expect((await participantJoin(a, { device: troll.device })).status).toBe(200);
    expect(liveBanOf(a.call.id, troll.identity)).toBeNull();
  });

  test('a coalition ban expels the troll from another call it is sitting in, and its hello there is refused', async () => {
    const [a, b] = [await createCall(server.baseUrl), await createCall(server.baseUrl)];
    const hostA = await enter(a, 'host', 'Host A');
    const hostB = await enter(b, 'host', 'Host B');
    const trollA = await enter(a, 'participant', 'Troll');
    const trollB = await enter(b, 'participant', 'Troll', { device: trollA.device });

    await hostA.client.ok({ type: 'ban', participant: trollA.identity, reason: 'threats' });
    expect((await trollB.client.waitClosed()).code).toBe(4003);
    await hostB.client.until((s) => s.members.get(trollB.identity)?.status === 'removed');
    // Its saved session for call B is refused at the hello, saying why (no loop back to the join).
    const retry = await TestClient.connect(server.baseUrl, b.call.id, trollB.sessionToken);
    expect((await retry.waitFor((f) => f.type === 'error')).code).toBe('banned');
    expect((await retry.waitClosed()).code).toBe(4004);
  });

  test('the evidence is copied into the ban and outlives the chat', async () => {
    const a = await createCall(server.baseUrl);
    const host = await enter(a, 'host', 'Host');
    const troll = await enter(a, 'participant', 'Troll');
    const witness = await enter(a, 'participant', 'Witness');
    await troll.client.ok({ type: 'chat_send', text: 'you will regret this' });
    await witness.client.ok({ type: 'report', participant: troll.identity, reason: 'a threat in the chat' });
    const state = await host.client.until((s) => s.chat.length === 1 && s.reports.length === 1);
    const line = state.chat[0]!;
    await host.client.ok({ type: 'chat_delete', messageId: line.id });
    // Deleted from the chat: no longer attachable.
    const gone = await host.client.command({ type: 'ban', participant: troll.identity, reason: 'threat', messages: [line.id] });
    expect(gone).toMatchObject({ type: 'error', code: 'not_found' });
    await host.client.ok({ type: 'ban', participant: troll.identity, reason: 'threat', reports: [state.reports[0]!.id] });
    expect(liveBanOf(a.call.id, troll.identity)!.evidence).toEqual({
      reports: [expect.objectContaining({ reason: 'a threat in the chat', by: witness.identity, participant: troll.identity })],
      chat: [],
    });
  });

  test('a ban whose time is up is lifted in its call and at the doors', async () => {
    const [a, b] = [await createCall(server.baseUrl), await createCall(server.baseUrl)];
    const host = await enter(a, 'host', 'Host');
    const troll = await enter(a, 'participant', 'Troll');
    await host.client.ok({ type: 'ban', participant: troll.identity, reason: 'cool off', durationMin: 60 });
    const ban = liveBanOf(a.call.id, troll.identity)!;
    expect(ban.expiresAt).toBeGreaterThan(Date.now() + 59 * 60_000);
    expect((await participantJoin(b, { device: troll.device })).status).toBe(403);

    // An hour later (the clock moved for this ban only): the sweep lifts it in its call.
    (server.app.store as unknown as { db: import('better-sqlite3').Database }).db
      .prepare('UPDATE bans SET expires_at = ? WHERE id = ?')
      .run(Date.now() - 1, ban.id);
    expect((await participantJoin(b, { device: troll.device })).status).toBe(200);
    expect(server.app.bans.expire()).toBe(1);
    await host.client.until((s) => !s.bans.has(troll.identity));
    expect(server.app.bans.store.get(ban.id)!.liftedBy).toBe('expired');
    expect((await participantJoin(a, { device: troll.device })).status).toBe(200);
  });
});

describe('banAcrossCoalition (a list of people in one transaction)', () => {
  test('bans every listed person of a call across the coalition, widens a per-call ban, expels them elsewhere', async () => {
    const [a, b, c] = [await createCall(server.baseUrl), await createCall(server.baseUrl), await createCall(server.baseUrl)];
    const host = await enter(a, 'host', 'Host');
    const mod = await enter(a, 'moderator', 'Mod');
    const raiders = [await enter(a, 'participant', 'R1'), await enter(a, 'participant', 'R2'), await enter(a, 'participant', 'R3')];
    const bystander = await enter(a, 'participant', 'Bystander');
    await mod.client.ok({ type: 'ban', participant: raiders[0]!.identity, reason: 'first' });
    const inB = await enter(b, 'participant', 'R2', { device: raiders[1]!.device });

    const bans = server.app.bans.banAcrossCoalition(a.call.id, [...raiders.map((r) => r.identity), 'p_unknown'], {
      reason: 'raid',
      by: host.identity,
      network: false,
    });
    expect(bans.map((x) => x.identity).sort()).toEqual(raiders.map((r) => r.identity).sort());
    expect(bans.every((x) => x.scope === 'coalition')).toBe(true);
    expect(bans.find((x) => x.identity === raiders[0]!.identity)).toMatchObject({ reason: 'first', widenedBy: 'Host' });
    expect((await inB.client.waitClosed()).code).toBe(4003);
    // Out of their own call too (the two the call had not banned itself), and kept out at the hello.
    for (const r of raiders.slice(1)) expect((await r.client.waitClosed()).code).toBe(4003);
    const back = await TestClient.connect(server.baseUrl, a.call.id, raiders[2]!.sessionToken);
    expect((await back.waitClosed()).code).toBe(4004);
    for (const r of raiders) expect((await participantJoin(c, { device: r.device })).status).toBe(403);
    expect((await participantJoin(c, { device: bystander.device })).status).toBe(200);
  });
});

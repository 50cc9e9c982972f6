// Client addresses a troll cannot choose. The server runs with TRUST_PROXY naming one loopback
// address as its proxy (127.0.0.2); clients on other loopback addresses are not the proxy. A
// forged X-Forwarded-For from them is ignored (IP bans and limits hold), the proxy's is believed;
// IPv6 addresses count by /64; sockets per network and reconnects per person are capped.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCall, inviteOf, join } from '../../test/api';
import { joinFrom } from '../../test/loopback';
import { startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';
import { RECONNECTS_PER_IDENTITY } from '../src/http/connection-limits';

const PROXY = '127.0.0.2';
const NOT_PROXY = '127.0.0.3';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY: PROXY, WS_CONNECTIONS_PER_ADDRESS: '3' } });
});
afterAll(async () => {
  await server?.close();
});

const participant = (created: Awaited<ReturnType<typeof createCall>>, name: string) => ({ invite: inviteOf(created.links.participant), name });
const xff = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describe('X-Forwarded-For', () => {
  test('a forged X-Forwarded-For from an address that is not the proxy is ignored: the IP ban holds', async () => {
    const created = await createCall(server.baseUrl);
    const host = await join(server.baseUrl, created, 'host', 'Host');
    const hostClient = await TestClient.ready(server.baseUrl, created.call.id, host.sessionToken);

    // The troll comes straight from 127.0.0.3, claiming to be someone else.
    const troll = await joinFrom(NOT_PROXY, server.baseUrl, created.call.id, participant(created, 'Troll'), xff('198.51.100.7'));
    expect(troll.status).toBe(200);
    const trollSocket = await TestClient.connect(server.baseUrl, created.call.id, troll.json.sessionToken, { localAddress: NOT_PROXY });
    await trollSocket.waitFor((f) => f.type === 'snapshot');
    await hostClient.ok({ type: 'ban', participant: troll.json.identity, reason: 'raid', ip: true, scope: 'call' });

    // A new browser from the same address with a different made-up address each time: refused.
    for (const forged of ['203.0.113.9', '198.51.100.8, 203.0.113.10', '2001:db8::1']) {
      const again = await joinFrom(NOT_PROXY, server.baseUrl, created.call.id, participant(created, 'Not The Troll'), xff(forged));
      expect(again.status, forged).toBe(403);
      expect(again.json.error.code).toBe('banned');
    }
    // Someone else, through the proxy, is let in: the proxy's X-Forwarded-For is believed.
    expect((await joinFrom(PROXY, server.baseUrl, created.call.id, participant(created, 'Neighbour'), xff('198.51.100.20'))).status).toBe(200);
    hostClient.close();
  });

  test("the proxy's X-Forwarded-For is the client's address: a network ban through the proxy holds that client, not the proxy's others", async () => {
    const created = await createCall(server.baseUrl);
    const host = await join(server.baseUrl, created, 'host', 'Host');
    const hostClient = await TestClient.ready(server.baseUrl, created.call.id, host.sessionToken);
    const troll = await joinFrom(PROXY, server.baseUrl, created.call.id, participant(created, 'Troll'), xff('198.51.100.66'));
    await hostClient.ok({ type: 'ban', participant: troll.json.identity, reason: 'raid', ip: true, scope: 'call' });

    const sameNetwork = await joinFrom(PROXY, server.baseUrl, created.call.id, participant(created, 'Again'), xff('198.51.100.66'));
    expect(sameNetwork.status).toBe(403);
    expect((await joinFrom(PROXY, server.baseUrl, created.call.id, participant(created, 'Other'), xff('198.51.100.67'))).status).toBe(200);
    hostClient.close();
  });

  test('IPv6 counts by /64: a troll walking its range is one network for an IP ban', async () => {
    const created = await createCall(server.baseUrl);
    const host = await join(server.baseUrl, created, 'host', 'Host');
    const hostClient = await TestClient.ready(server.baseUrl, created.call.id, host.sessionToken);
    const troll = await joinFrom(PROXY, server.baseUrl, created.call.id, participant(created, 'Troll'), xff('2001:db8:77:1::1'));
    await hostClient.ok({ type: 'ban', participant: troll.json.identity, reason: 'raid', ip: true, scope: 'call' });
    for (const address of ['2001:db8:77:1::2', '2001:db8:77:1:ffff:abcd:1234:5678']) {
      expect((await joinFrom(PROXY, server.baseUrl, created.call.id, participant(created, 'Walker'), xff(address))).status, address).toBe(403);
    }
    expect((await joinFrom(PROXY, server.baseUrl, created.call.id, participant(created, 'Next door'), xff('2001:db8:77:2::1'))).status).toBe(200);
    hostClient.close();
  });
});

describe('per-address limits', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ env: { TRUST_PROXY: PROXY, JOIN_RATE_LIMIT: '3' } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  test('the join rate limit holds a forged X-Forwarded-For and groups IPv6 by /64', async () => {
    const created = await createCall(limited.baseUrl);
    const tries = async (from: string, addresses: string[]) => {
      const statuses: number[] = [];
      for (const a of addresses) statuses.push((await joinFrom(from, limited.baseUrl, created.call.id, participant(created, 'Flood'), xff(a))).status);
      return statuses;
    };
    expect(await tries(NOT_PROXY, ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'])).toEqual([200, 200, 200, 429]);
    expect(await tries(PROXY, ['2001:db8:9:9::1', '2001:db8:9:9::2', '2001:db8:9:9:1::3', '2001:db8:9:9:2::4'])).toEqual([200, 200, 200, 429]);
    expect(await tries(PROXY, ['2001:db8:9:a::1'])).toEqual([200]);
  });
});

describe('websockets', () => {
  test('open sockets per network are capped (before the hello), and a closed one frees its place', async () => {
    const created = await createCall(server.baseUrl);
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await TestClient.connect(server.baseUrl, created.call.id, null, { localAddress: '127.0.0.4' }));
    await expect(TestClient.connect(server.baseUrl, created.call.id, null, { localAddress: '127.0.0.4' })).rejects.toThrow(/upgrade refused: 429/);
    // Another network is not affected.
    (await TestClient.connect(server.baseUrl, created.call.id, null, { localAddress: '127.0.0.5' })).close();
    open[0]!.close();
    await open[0]!.waitClosed();
    await expect.poll(async () => {
      try {
        (await TestClient.connect(server.baseUrl, created.call.id, null, { localAddress: '127.0.0.4' })).close();
        return 'open';
      } catch (e) {
        return (e as Error).message;
      }
    }).toBe('open');
    for (const s of open) s.close();
  });

  test('reconnects per person are capped: past the limit the hello is refused with rate_limited (4029)', async () => {
    const created = await createCall(server.baseUrl);
    const person = await join(server.baseUrl, created, 'participant', 'Churner');
    for (let i = 0; i < RECONNECTS_PER_IDENTITY.max; i++) {
      const c = await TestClient.ready(server.baseUrl, created.call.id, person.sessionToken);
      c.close();
      await c.waitClosed();
    }
    const over = await TestClient.connect(server.baseUrl, created.call.id, person.sessionToken);
    expect((await over.waitFor((f) => f.type === 'error')).code).toBe('rate_limited');
    expect((await over.waitClosed()).code).toBe(4029);
    // Someone else is not held back.
    const other = await join(server.baseUrl, created, 'participant', 'Calm');
    (await TestClient.ready(server.baseUrl, created.call.id, other.sessionToken)).close();
  });
});

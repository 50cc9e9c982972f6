// The moderation channel over real websockets: handshake, typed errors, one queue for everyone,
// what each role may see, resume with lastSeq, the audit log, and the limits on frames.
import { CLOSE_CODES, PROTOCOL_VERSION } from '@caucus/shared';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCall, join, type CreatedCall, type Joined } from '../../test/api';
import { startTestServer, type TestServer } from '../../test/server';
import { TestClient } from '../../test/ws-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

async function callWith(...roles: ('host' | 'moderator' | 'speaker' | 'participant')[]) {
  const created = await createCall(server.baseUrl);
  const people: { joined: Joined; client: TestClient }[] = [];
  for (const [i, role] of roles.entries()) {
    const joined = await join(server.baseUrl, created, role, `${role} ${i}`);
    people.push({ joined, client: await TestClient.ready(server.baseUrl, created.call.id, joined.sessionToken) });
  }
  return { created, people };
}

describe('handshake', () => {
  test('hello gets a snapshot of the state this person may see', async () => {
    const { people } = await callWith('host', 'participant');
    const [host, participant] = people;
    expect(host!.client.you).toMatchObject({ identity: host!.joined.identity, role: 'host', status: 'present' });
    expect(participant!.client.state!.members.get(participant!.joined.identity)?.name).toBe('participant 1');
    // Fingerprints never leave the server, not even to the host.
    expect(JSON.stringify(host!.client.frames)).not.toMatch(/"device":"[^"]|"ipHash":"[^"]/);
  });

  test('a wrong session token is refused before any state is sent (4001)', async () => {
    const created = await createCall(server.baseUrl);
    const client = await TestClient.connect(server.baseUrl, created.call.id, 'not-a-session');
    const closed = await client.waitClosed();
    expect(closed.code).toBe(CLOSE_CODES.unauthorized);
    expect(client.frames.some((f) => f.type === 'snapshot')).toBe(false);
  });

  test("another call's session is refused", async () => {
    const a = await callWith('participant');
    const b = await createCall(server.baseUrl);
    const client = await TestClient.connect(server.baseUrl, b.call.id, a.people[0]!.joined.sessionToken);
    expect((await client.waitClosed()).code).toBe(CLOSE_CODES.unauthorized);
  });

  test('a protocol version mismatch closes with 4000', async () => {
    const created = await createCall(server.baseUrl);
    const joined = await join(server.baseUrl, created, 'participant', 'Old Client');
    const client = await TestClient.connect(server.baseUrl, created.call.id, joined.sessionToken, { protocol: PROTOCOL_VERSION + 99 });
    expect((await client.waitClosed()).code).toBe(CLOSE_CODES.protocol_mismatch);
  });

  test('commands before hello are refused', async () => {
    const created = await createCall(server.baseUrl);
    const client = await TestClient.connect(server.baseUrl, created.call.id, null);
    client.raw({ type: 'raise_hand' });
    const err = await client.waitFor((f) => f.type === 'error');
    expect(err.code).toBe('unauthorized');
  });

  test('a foreign Origin cannot open the socket (cross-site websocket hijacking)', async () => {
    const created = await createCall(server.baseUrl);
    await expect(TestClient.connect(server.baseUrl, created.call.id, null, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
  });
});

describe('bad frames get typed errors and change nothing', () => {
  test.each([
    ['not JSON', '{"type": raise', 'bad_frame'],
    ['not an object', '[1,2]', 'bad_frame'],
    ['no type', '{"lane":"speak"}', 'bad_frame'],
    ['unknown type', '{"type":"become_host"}', 'unknown_type'],
    ['system command from the wire', '{"type":"join","identity":"p_x","name":"x","role":"host","device":null,"ipHash":null}', 'unknown_type'],
    ['bad field', '{"type":"raise_hand","lane":"shout"}', 'invalid'],
    ['wrong type of field', '{"type":"grant_floor","participant":42}', 'invalid'],
  ])('%s -> %s', async (_name, raw, code) => {
    const { people } = await callWith('host');
    const host = people[0]!.client;
    const seq = host.seq;
    host.raw(raw);
    const err = await host.waitFor((f) => f.type === 'error');
    expect(err.code).toBe(code);
    host.raw({ type: 'ping' });
    await host.waitFor((f) => f.type === 'pong');
    expect(host.seq).toBe(seq);
  });

  test('a frame over 16 KiB closes the socket with 1009', async () => {
    const { people } = await callWith('participant');
    const client = people[0]!.client;
    client.raw({ type: 'chat_send', text: 'x'.repeat(20_000) });
    expect((await client.waitClosed()).code).toBe(1009);
  });

  test('a refused command answers with its ref and the reason', async () => {
    const { people } = await callWith('participant', 'participant');
    const answer = await people[0]!.client.command({ type: 'ban', participant: people[1]!.joined.identity, reason: 'spite' });
    expect(answer).toMatchObject({ type: 'error', code: 'forbidden' });
  });
});

describe('one queue, identical everywhere', () => {
  test('hands raised in lanes appear in the same order on every client', async () => {
    const { people } = await callWith('host', 'participant', 'participant', 'participant');
    const [host, a, b, c] = people;
    await a!.client.ok({ type: 'raise_hand' });
    await b!.client.ok({ type: 'raise_hand', lane: 'direct_response' });
    await c!.client.ok({ type: 'raise_hand', lane: 'point_of_order' });
    const expected = [c, b, a].map((p) => p!.joined.identity);
    for (const p of people) {
      const state = await p.client.until((s) => s.queue.length === 3);
      expect(state.queue.map((e) => e.identity)).toEqual(expected);
    }
    await host!.client.ok({ type: 'move_in_queue', participant: a!.joined.identity, position: 0 });
    for (const p of people) {
      const state = await p.client.until((s) => s.queue[0]?.identity === a!.joined.identity);
      expect(state.queue.map((e) => e.identity)).toEqual([a, c, b].map((x) => x!.joined.identity));
    }
  });

  test('next_speaker gives the floor to the head of the queue, with the same deadline everywhere', async () => {
    const { people } = await callWith('moderator', 'participant', 'participant');
    const [mod, a, b] = people;
    await a!.client.ok({ type: 'raise_hand' });
    await b!.client.ok({ type: 'raise_hand' });
    await mod!.client.ok({ type: 'next_speaker' });
    const states = await Promise.all(people.map((p) => p.client.until((s) => s.floor !== null)));
    for (const s of states) {
      expect(s.floor!.identity).toBe(a!.joined.identity);
      expect(s.floor!.deadline).toBe(states[0]!.floor!.deadline);
      expect(s.queue.map((e) => e.identity)).toEqual([b!.joined.identity]);
    }
  });
});

describe('leaving', () => {
  test('a goodbye (1000 "leave") leaves at once: hand lowered, no longer present', async () => {
    const { people } = await callWith('host', 'participant');
    const [host, p] = people;
    await p!.client.ok({ type: 'raise_hand' });
    await host!.client.until((s) => s.queue.length === 1);
    p!.client.socket.close(1000, 'leave');
    const state = await host!.client.until((s) => s.members.get(p!.joined.identity)?.status === 'left');
    expect(state.queue).toHaveLength(0);
  });

  test('end_call over the websocket is acknowledged before everyone is disconnected', async () => {
    const { people } = await callWith('host', 'participant');
    const [host, p] = people;
    const closed = p!.client.waitClosed();
    expect((await host!.client.command({ type: 'end_call' })).type).toBe('ack');
    expect((await closed).code).toBe(CLOSE_CODES.call_ended);
    expect((await host!.client.waitClosed()).code).toBe(CLOSE_CODES.call_ended);
  });
});

describe('visibility', () => {
  test('reports reach moderators, not other participants', async () => {
    const { people } = await callWith('moderator', 'participant', 'participant');
    const [mod, reporter, bystander] = people;
    await reporter!.client.ok({ type: 'report', participant: bystander!.joined.identity, reason: 'spamming the chat' });
    const modState = await mod!.client.until((s) => s.reports.length === 1);
    expect(modState.reports[0]).toMatchObject({ participant: bystander!.joined.identity, reason: 'spamming the chat' });
    await bystander!.client.command({ type: 'lower_hand' }); // a round trip, so the report would have arrived
    expect(bystander!.client.state!.reports).toHaveLength(0);
    expect(JSON.stringify(bystander!.client.frames)).not.toContain('spamming the chat');
  });
});

describe('resume', () => {
  test('a client resuming with lastSeq gets exactly the events it missed', async () => {
    const { created, people } = await callWith('host', 'participant', 'participant');
    const [host, a, b] = people;
    await a!.client.ok({ type: 'chat_send', text: 'before the drop' });
    await b!.client.until((s) => s.chat.length === 1);
    const lastSeq = b!.client.seq;
    const stateBefore = b!.client.state!;
    b!.client.close();
    await b!.client.waitClosed();

    await a!.client.ok({ type: 'raise_hand' });
    await a!.client.ok({ type: 'chat_send', text: 'while you were away' });
    await host!.client.ok({ type: 'set_lock', locked: true });
    const missedSeqs = host!.client.frames.filter((f) => f.type === 'event' && f.seq > lastSeq).map((f) => f.seq);
    expect(missedSeqs.length).toBeGreaterThanOrEqual(3);

    const resumed = await TestClient.connect(server.baseUrl, created.call.id, b!.joined.sessionToken, { lastSeq });
    resumed.state = stateBefore;
    resumed.seq = lastSeq;
    await resumed.until((s) => s.settings.locked);
    const got = resumed.frames.filter((f) => f.type === 'event').map((f) => f.seq);
    // No snapshot, no duplicates, nothing missing.
    expect(resumed.frames.some((f) => f.type === 'snapshot')).toBe(false);
    expect(got).toEqual(missedSeqs.filter((s) => s > lastSeq));
    expect(resumed.state!.chat.map((m) => m.text)).toEqual(['before the drop', 'while you were away']);
    expect(resumed.state!.queue.map((e) => e.identity)).toEqual([a!.joined.identity]);
    // The resume is confirmed after the replayed events, with the call's last seq.
    const confirmed = await resumed.waitFor((f) => f.type === 'resumed');
    expect(confirmed.seq).toBe(Math.max(...missedSeqs));
    expect(resumed.frames.findIndex((f) => f.type === 'resumed')).toBeGreaterThan(resumed.frames.findLastIndex((f) => f.type === 'event'));
  });

  test('a client too far ahead (or from another epoch) gets a fresh snapshot', async () => {
    const { created, people } = await callWith('participant');
    const resumed = await TestClient.connect(server.baseUrl, created.call.id, people[0]!.joined.sessionToken, { lastSeq: 1_000_000 });
    const snap = await resumed.waitFor((f) => f.type === 'snapshot');
    expect(snap.seq).toBe(people[0]!.client.seq);
  });
});

describe('durability', () => {
  test('every accepted event is in the event log (the audit log) with who did it', async () => {
    const { created, people } = await callWith('host', 'participant');
    const [host, p] = people;
    await p!.client.ok({ type: 'raise_hand' });
    await host!.client.ok({ type: 'silence', participant: p!.joined.identity });
    const db = new Database(server.dbPath, { readonly: true });
    const rows = db.prepare('SELECT seq, type, body FROM events WHERE call_id = ? ORDER BY seq').all(created.call.id) as {
      seq: number;
      type: string;
      body: string;
    }[];
    db.close();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const silenced = rows.find((r) => r.type === 'member_silenced');
    expect(JSON.parse(silenced!.body)).toMatchObject({ by: host!.joined.identity, participant: p!.joined.identity });
    expect(rows.at(-1)!.seq).toBe(host!.client.seq);
  });
});

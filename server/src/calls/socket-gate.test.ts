// The door checks beyond the call's own admission (routes/ws.ts wires them to the coalition's ban
// list and the per-person hello cap): a refusal there says why and attaches nothing.
import { CLOSE_CODES } from '@caucus/shared';
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { memoryRoom } from '../testing/memory-room';
import { MemoryClient } from '../testing/socket-pair';

describe('the hello gate', () => {
  test.each([
    ['banned', CLOSE_CODES.banned],
    ['rate_limited', CLOSE_CODES.rate_limited],
  ] as const)('%s: an error frame with that code, the socket closed with %i, nobody attached', (why, code) => {
    const { room, clock, join } = memoryRoom();
    const person = join('participant');
    const client = new MemoryClient({
      clock,
      log: pino({ level: 'silent' }),
      authenticate: (token) =>
        token === person.sessionToken
          ? { ok: true, person: { identity: person.identity, name: 'P', role: 'participant', device: null, ipHash: null } }
          : { ok: false, message: 'unknown session' },
      room: () => room,
      gate: () => why,
    }).hello(person.sessionToken);
    expect(client.frames).toEqual([expect.objectContaining({ type: 'error', code: why })]);
    expect(client.closed?.code).toBe(code);
    expect(room.connectionCount()).toBe(0);
  });

  test('a gate that lets the person on changes nothing: snapshot as usual', () => {
    const { room, clock, join } = memoryRoom();
    const person = join('participant');
    const client = new MemoryClient({
      clock,
      log: pino({ level: 'silent' }),
      authenticate: () => ({ ok: true, person: { identity: person.identity, name: 'P', role: 'participant', device: null, ipHash: null } }),
      room: () => room,
      gate: () => null,
    }).hello(person.sessionToken);
    // Protocol 5: the LiveKit credentials come first, then the snapshot.
    expect(client.frames.slice(0, 2)).toMatchObject([{ type: 'admitted' }, { type: 'snapshot' }]);
    expect(room.connectionCount()).toBe(1);
  });
});

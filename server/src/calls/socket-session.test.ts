// The socket session's lifecycle in memory: nothing before a valid hello, typed errors for bad
// frames, the token bucket, and what a refused hello gets.
import { CLOSE_CODES, PROTOCOL_VERSION } from '@caucus/shared';
import { describe, expect, test } from 'vitest';
import pino from 'pino';
import { memoryRoom } from '../testing/memory-room';
import { MemoryClient } from '../testing/socket-pair';
import { HELLO_TIMEOUT_MS, RATE, RATE_STRIKES_TO_CLOSE } from './socket-session';

describe('before hello', () => {
  test('commands are refused and nothing about the call is sent', () => {
    const { socket } = memoryRoom();
    const s = socket();
    s.send({ type: 'raise_hand', ref: 'a' });
    expect(s.frames).toEqual([{ type: 'error', code: 'unauthorized', message: 'Say hello first', ref: 'a' }]);
    expect(s.session.state).toBe('awaiting_hello');
  });

  test('no hello within HELLO_TIMEOUT_MS closes the socket as unauthorized', () => {
    const { socket, clock } = memoryRoom();
    const s = socket();
    clock.advance(HELLO_TIMEOUT_MS);
    expect(s.closed).toEqual({ code: CLOSE_CODES.unauthorized, reason: 'unauthorized' });
    expect(s.session.state).toBe('closed');
  });

  test('a wrong session token, or another protocol version, is refused with a typed error and a close', () => {
    const { socket, join } = memoryRoom();
    const bad = socket().hello('not-a-session');
    expect(bad.frames).toEqual([expect.objectContaining({ type: 'error', code: 'unauthorized' })]);
    expect(bad.closed?.code).toBe(CLOSE_CODES.unauthorized);
    const old = socket().hello(join('participant').sessionToken, undefined, PROTOCOL_VERSION + 1);
    expect(old.frames).toEqual([expect.objectContaining({ type: 'error', code: 'protocol_mismatch' })]);
    expect(old.closed?.code).toBe(CLOSE_CODES.protocol_mismatch);
  });

  test('a banned person cannot attach a socket', () => {
    const { join, connect, socket } = memoryRoom();
    const host = connect(join('host'));
    const troll = join('participant');
    connect(troll);
    host.command({ type: 'ban', participant: troll.identity, reason: 'raid' });
    const again = socket().hello(troll.sessionToken);
    expect(again.frames).toEqual([expect.objectContaining({ type: 'error', code: 'banned' })]);
    expect(again.closed?.code).toBe(CLOSE_CODES.banned);
  });
});

describe('admitting', () => {
  test('commands sent right after the hello, before the LiveKit token is minted, run once the person is attached', async () => {
    const { join, room, clock, connect } = memoryRoom();
    const host = connect(join('host'));
    const person = join('participant');
    let release: (v: { url: string; token: string }) => void = () => undefined;
    // The token takes a moment (a real mint is async): the session waits in `admitting`.
    const slowRoom = Object.assign(Object.create(room), { tokenFor: () => new Promise((r) => (release = r)) });
    const authenticate = () => ({ ok: true as const, person: { identity: person.identity, name: 'P', role: 'participant' as const, device: null, ipHash: null } });
    const s = new MemoryClient({ clock, log: pino({ level: 'silent' }), authenticate, room: () => slowRoom });
    s.hello(person.sessionToken);
    expect(s.session.state).toBe('admitting');
    const ref = s.command({ type: 'raise_hand' });
    s.send({ type: 'ping' });
    expect(s.frames).toEqual([{ type: 'pong' }]);
    release({ url: 'ws://livekit.invalid', token: 'token' });
    await Promise.resolve();
    expect(s.session.state).toBe('connected');
    expect(s.frames.slice(1).map((f) => f.type)).toEqual(['admitted', 'snapshot', 'event', 'ack']);
    expect(s.frames.at(-1)).toMatchObject({ type: 'ack', ref });
    expect(host.ofType('event').some((f) => f.event.type === 'hand_raised' && f.event.participant === person.identity)).toBe(true);
  });
});

describe('connected', () => {
  test('a second hello, broken JSON and binary frames get typed errors; the session stays connected', () => {
    const { join, connect } = memoryRoom();
    const person = join('participant');
    const s = connect(person);
    const saw = s.mark();
    s.hello(person.sessionToken).send('{"type": raise').send(null).send('{"type":"become_host"}');
    expect(saw().map((f) => f.type === 'error' && f.code)).toEqual(['invalid', 'bad_frame', 'bad_frame', 'unknown_type']);
    expect(s.session.state).toBe('connected');
  });

  test('ping gets pong', () => {
    const { join, connect } = memoryRoom();
    const s = connect(join('participant'));
    s.send({ type: 'ping' });
    expect(s.frames.at(-1)).toEqual({ type: 'pong' });
  });

  test('a burst above the bucket is refused frame by frame, then the socket is closed (4029)', () => {
    const { join, connect, room } = memoryRoom();
    const s = connect(join('participant'));
    const seq = room.seq;
    for (let i = 0; i < RATE.burst - 1; i++) s.send({ type: 'ping' });
    const saw = s.mark();
    s.send({ type: 'chat_send', text: 'one too many' });
    expect(saw()).toEqual([expect.objectContaining({ type: 'error', code: 'rate_limited' })]);
    expect(room.seq).toBe(seq);
    for (let i = 0; i < RATE_STRIKES_TO_CLOSE - 1; i++) s.send({ type: 'ping' });
    expect(s.closed).toEqual({ code: CLOSE_CODES.rate_limited, reason: 'rate_limited' });
  });

  test('the bucket refills with time', () => {
    const { join, connect, clock } = memoryRoom();
    const s = connect(join('participant'));
    for (let i = 0; i < RATE.burst * 2; i++) s.send({ type: 'ping' });
    clock.advance(1000);
    const saw = s.mark();
    s.send({ type: 'ping' });
    expect(saw()).toEqual([{ type: 'pong' }]);
  });

  test('a bug while handling a frame costs that frame (an internal error), not the socket', () => {
    const { join, room, clock } = memoryRoom();
    const person = join('participant');
    // The room as it is, but its command handling throws (a stand-in for a bug).
    const broken = Object.assign(Object.create(room), { handleCommand: () => { throw new Error('bug'); } });
    const s = new MemoryClient({ clock, log: pino({ level: 'silent' }), authenticate: () => ({ ok: true, person: { ...person, name: 'P', role: 'participant', device: null, ipHash: null } }), room: () => broken });
    s.hello(person.sessionToken);
    s.command({ type: 'raise_hand' });
    expect(s.frames.at(-1)).toMatchObject({ type: 'error', code: 'internal' });
    s.send({ type: 'ping' });
    expect(s.frames.at(-1)).toEqual({ type: 'pong' });
    expect(s.session.state).toBe('connected');
  });

  test('after the socket closes, the session reads nothing more', () => {
    const { join, connect } = memoryRoom();
    const s = connect(join('participant'));
    s.disconnect();
    expect(s.session.state).toBe('closed');
    s.session.handleMessage(JSON.stringify({ type: 'ping' }));
    expect(s.frames.at(-1)?.type).not.toBe('pong');
  });
});

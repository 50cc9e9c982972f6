import { CLOSE_CODES, PROTOCOL_VERSION } from '@caucus/shared';
import { describe, expect, test } from 'vitest';
import { backoffDelay, CaucusSocket, CommandError, isTerminalClose, type SocketStatus } from './socket';

class FakeWs {
  static last: FakeWs | null = null;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeWs.last = this;
  }
  send(s: string) {
    this.sent.push(s);
  }
  close() {}
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code: number, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

function harness(lastSeq?: number) {
  const statuses: SocketStatus[] = [];
  const frames: unknown[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const socket = new CaucusSocket({
    url: 'ws://x/api/calls/c/ws',
    sessionToken: 'tok',
    lastSeq: () => lastSeq,
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    WebSocketImpl: FakeWs as unknown as typeof WebSocket,
    setTimeout: (fn, ms) => timers.push({ fn, ms }) - 1,
    clearTimeout: () => {},
    random: () => 0.5,
  });
  return { socket, statuses, frames, timers };
}

describe('CaucusSocket', () => {
  test('says hello with the protocol version and lastSeq to resume', () => {
    const { socket } = harness(17);
    socket.connect();
    FakeWs.last!.open();
    expect(JSON.parse(FakeWs.last!.sent[0]!)).toEqual({ type: 'hello', protocol: PROTOCOL_VERSION, sessionToken: 'tok', lastSeq: 17 });
  });

  test('a resume that missed nothing is confirmed by `resumed`, which resets the backoff', () => {
    const { socket, statuses, frames, timers } = harness(17);
    socket.connect();
    FakeWs.last!.open();
    FakeWs.last!.drop(1006);
    timers.at(-1)!.fn();
    FakeWs.last!.open();
    // The hello alone: nothing else is needed to learn that it was accepted.
    expect(FakeWs.last!.sent.map((s) => JSON.parse(s).type)).toEqual(['hello']);
    FakeWs.last!.receive({ type: 'resumed', seq: 17 });
    expect(frames.at(-1)).toEqual({ type: 'resumed', seq: 17 });
    FakeWs.last!.drop(1006);
    // Back to the first step of the backoff: without the frame this would be the third attempt's.
    expect(statuses.at(-1)).toMatchObject({ state: 'waiting', attempt: 0 });
  });

  test('commands resolve on their ack and reject with the error of the same ref', async () => {
    const { socket } = harness();
    socket.connect();
    FakeWs.last!.open();
    const ok = socket.send({ type: 'lower_hand' });
    const refused = socket.send({ type: 'raise_hand', lane: 'speak' });
    const [first, second] = FakeWs.last!.sent.slice(-2).map((s) => JSON.parse(s));
    FakeWs.last!.receive({ type: 'error', ref: second.ref, code: 'silenced', message: 'you are silenced' });
    FakeWs.last!.receive({ type: 'ack', ref: first.ref, seq: 9 });
    await expect(ok).resolves.toBe(9);
    await expect(refused).rejects.toMatchObject({ code: 'silenced', message: 'you are silenced' });
    await expect(refused).rejects.toBeInstanceOf(CommandError);
  });

  test('a command while disconnected is refused at once, not queued silently', async () => {
    const { socket } = harness();
    await expect(socket.send({ type: 'lower_hand' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  test('drops reconnect with backoff; terminal close codes stop for good', async () => {
    const { socket, statuses, timers } = harness();
    socket.connect();
    FakeWs.last!.open();
    const pending = socket.send({ type: 'lower_hand' });
    FakeWs.last!.drop(1006);
    expect(statuses.at(-1)).toMatchObject({ state: 'waiting' });
    const dropped = expect(pending).rejects.toMatchObject({ code: 'unavailable' });
    timers.at(-1)!.fn();
    expect(statuses.at(-1)).toEqual({ state: 'connecting', attempt: 2 });
    FakeWs.last!.open();
    FakeWs.last!.drop(CLOSE_CODES.banned, 'banned');
    expect(statuses.at(-1)).toEqual({ state: 'closed', code: 4004, reason: 'banned' });
    const before = timers.length;
    socket.reconnectNow();
    expect(timers.length).toBe(before);
    await dropped;
  });

  test('which close codes are terminal', () => {
    for (const code of [4000, 4001, 4003, 4004, 4005, 4006, 4007, 4008, 4009]) expect(isTerminalClose(code)).toBe(true);
    for (const code of [1000, 1006, 1009, 1012, 4010, 4029]) expect(isTerminalClose(code)).toBe(false);
  });

  test('backoff grows and is capped', () => {
    expect(backoffDelay(1, () => 0)).toBe(250);
    expect(backoffDelay(1, () => 1)).toBe(500);
    expect(backoffDelay(4, () => 1)).toBe(4000);
    expect(backoffDelay(30, () => 1)).toBe(10_000);
  });

  test('a frame that does not parse is reported, not thrown', () => {
    const bad: string[] = [];
    const socket = new CaucusSocket({
      url: 'ws://x', sessionToken: 't', lastSeq: () => undefined, onFrame: () => {}, onStatus: () => {},
      onBadFrame: (m) => bad.push(m), WebSocketImpl: FakeWs as unknown as typeof WebSocket, setTimeout: () => 0, clearTimeout: () => {},
    });
    socket.connect();
    FakeWs.last!.open();
    FakeWs.last!.onmessage?.({ data: '{"type":"event","seq":"x"}' });
    expect(bad).toHaveLength(1);
  });
});

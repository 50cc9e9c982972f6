// The shell in memory: a real room (real store in memory), in-memory sockets and a fake clock, so
// resume, redaction, the presence throttle, slow readers and grace timers run in milliseconds.
import { CLOSE_CODES } from '@caucus/shared';
import { describe, expect, test } from 'vitest';
import { memoryRoom } from '../testing/memory-room';
import { LEAVE_SETTLE_MS, PRESENCE_EVERY_MS, RECONNECT_GRACE_MS } from './call-room';
import { MAX_BUFFERED_BYTES } from './connection';

describe('resume', () => {
  test('a client that reconnects with lastSeq gets exactly the events it missed, resumed, then the head count', () => {
    const { join, connect, room } = memoryRoom();
    const host = join('host');
    const alice = join('speaker');
    const hostSocket = connect(host);
    const aliceSocket = connect(alice);
    const seen = aliceSocket.last('snapshot')!.seq;
    aliceSocket.disconnect();
    hostSocket.command({ type: 'set_lock', locked: true });
    hostSocket.command({ type: 'chat_send', text: 'while you were away' });
    const back = connect(alice, seen);
    expect(back.ofType('snapshot')).toEqual([]);
    const events = back.ofType('event');
    expect(events.map((e) => e.event.type)).toEqual(['lock_changed', 'chat_sent']);
    expect(events.every((e) => e.seq > seen)).toBe(true);
    expect(back.frames.slice(-2)).toEqual([
      { type: 'resumed', seq: room.seq },
      { type: 'presence', present: 2 },
    ]);
  });

  test('a resume that missed nothing is still told it was accepted', () => {
    const { join, connect, room } = memoryRoom();
    const p = join('participant');
    const first = connect(p);
    const seq = first.last('snapshot')!.seq;
    first.disconnect();
    expect(connect(p, seq).frames).toEqual([
      { type: 'admitted', livekit: expect.any(Object) },
      { type: 'resumed', seq: room.seq },
      { type: 'presence', present: 1 },
    ]);
  });

  test('a client ahead of the server (a lost log) gets a snapshot instead of events', () => {
    const { join, connect, room } = memoryRoom();
    const host = join('host');
    const socket = connect(host, room.seq + 10);
    expect(socket.frames.slice(0, 2)).toMatchObject([{ type: 'admitted' }, { type: 'snapshot', seq: room.seq }]);
  });

  test('a participant past the memory window gets a snapshot; staff are served from the store', () => {
    const { join, connect, room } = memoryRoom();
    const host = join('host');
    const participant = join('participant');
    connect(host);
    connect(participant).disconnect();
    // 3,200 events (straight to the room: a socket would hit its rate limit): the in-memory
    // window (2,000, trimmed at 3,000) no longer reaches seq 1.
    for (let i = 0; i < 1600; i++) {
      room.execute({ type: 'set_lock', locked: true }, host.identity);
      room.execute({ type: 'set_lock', locked: false }, host.identity);
    }
    expect(room.seq).toBeGreaterThan(3000);
    expect(connect(participant, 1).frames[1]).toMatchObject({ type: 'snapshot' });
    const staff = connect(join('moderator'), room.seq - 1500);
    expect(staff.ofType('snapshot')).toEqual([]);
    expect(staff.ofType('event').length).toBeGreaterThanOrEqual(1500);
  });
});

describe('redaction', () => {
  test('a silent participant arriving is news to staff and to nobody else, and no fingerprint leaves', () => {
    const { join, connect } = memoryRoom();
    const host = connect(join('host'));
    const speaker = connect(join('speaker'));
    const hostSaw = host.mark();
    const speakerSaw = speaker.mark();
    const quiet = join('participant');
    const snapshot = connect(quiet).last('snapshot')!;
    expect(hostSaw().some((f) => f.type === 'event' && f.event.type === 'member_joined' && f.event.participant === quiet.identity)).toBe(true);
    expect(speakerSaw()).toEqual([]);
    expect(Object.keys(snapshot.state!.members)).toContain(quiet.identity);
    expect(JSON.stringify([host.frames, speaker.frames])).not.toMatch(/"(device|ipHash)":"/);
  });

  test('a participant who raises a hand goes on the record: the audience then gets their record', () => {
    const { join, connect } = memoryRoom();
    const speaker = connect(join('speaker'));
    const quiet = join('participant');
    const quietSocket = connect(quiet);
    const speakerSaw = speaker.mark();
    quietSocket.command({ type: 'raise_hand' });
    const events = speakerSaw().filter((f) => f.type === 'event');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'event', event: { type: 'hand_raised', participant: quiet.identity, member: { identity: quiet.identity } } });
  });

  test('waiters in the lobby get nothing of the call until admitted', () => {
    const { join, connect } = memoryRoom({ lobby: true });
    const host = connect(join('host'));
    const waiter = join('participant');
    const waiting = connect(waiter);
    expect(waiting.frames).toEqual([{ type: 'snapshot', seq: expect.any(Number), state: null, you: { identity: waiter.identity, role: 'participant', status: 'lobby' } }]);
    host.command({ type: 'chat_send', text: 'not for the lobby' });
    expect(waiting.frames).toHaveLength(1);
  });
});

describe('the head count', () => {
  test('goes out at most every PRESENCE_EVERY_MS, once, with the latest count, and not when unchanged', () => {
    const { join, connect, clock } = memoryRoom();
    const host = connect(join('host'));
    const saw = host.mark();
    for (let i = 0; i < 50; i++) connect(join('participant'));
    clock.advance(PRESENCE_EVERY_MS - 1);
    expect(saw().filter((f) => f.type === 'presence')).toEqual([]);
    clock.advance(1);
    expect(saw().filter((f) => f.type === 'presence')).toEqual([{ type: 'presence', present: 51 }]);
    const after = host.mark();
    const p = join('participant');
    connect(p).disconnect(true);
    clock.advance(PRESENCE_EVERY_MS * 3);
    expect(after().filter((f) => f.type === 'presence')).toEqual([]);
  });
});

describe('slow readers', () => {
  test('a snapshot is not queued behind a socket that stopped reading: it is cut off (too_slow)', () => {
    const { join, socket, room } = memoryRoom();
    const slow = socket();
    slow.socket.unread = MAX_BUFFERED_BYTES + 1;
    slow.hello(join('participant').sessionToken);
    expect(slow.ofType('snapshot')).toEqual([]);
    expect(slow.closed).toEqual({ code: CLOSE_CODES.too_slow, reason: 'too_slow' });
    expect(room.connectionCount()).toBe(0);
  });

  test('a socket that stopped reading is cut off with too_slow and counts as gone after the grace period', () => {
    const { join, connect, clock, room } = memoryRoom();
    const host = connect(join('host'));
    const slow = join('speaker');
    const slowSocket = connect(slow);
    slowSocket.socket.unread = MAX_BUFFERED_BYTES + 1;
    host.command({ type: 'chat_send', text: 'anyone there?' });
    expect(slowSocket.closed).toEqual({ code: CLOSE_CODES.too_slow, reason: 'too_slow' });
    expect(room.connectionCount()).toBe(1);
    expect(room.state.members.get(slow.identity)?.status).toBe('present');
    clock.advance(RECONNECT_GRACE_MS);
    expect(room.state.members.get(slow.identity)?.status).toBe('left');
  });
});

describe('grace timers', () => {
  test('someone who joins over HTTP and never says hello is not in the call: membership starts at the hello', () => {
    const { join, connect, room } = memoryRoom({ maxParticipants: 1 });
    const sleepers = [join('participant'), join('participant'), join('participant')];
    expect(room.state.members.size).toBe(0);
    // Sessions that never connected took no place: the first to say hello gets the only one.
    expect(connect(sleepers[2]!).last('snapshot')?.you.status).toBe('present');
    const late = connect(sleepers[0]!);
    expect(late.frames).toEqual([expect.objectContaining({ type: 'error', code: 'full' })]);
    expect(late.closed).toEqual({ code: CLOSE_CODES.full, reason: 'full' });
  });

  test('an admitted hello gets `admitted` (the LiveKit credentials) before its snapshot; a waiter gets only the snapshot', () => {
    const { join, connect } = memoryRoom({ lobby: true });
    const host = connect(join('host'));
    expect(host.frames.slice(0, 2).map((f) => f.type)).toEqual(['admitted', 'snapshot']);
    const waiter = connect(join('participant'));
    expect(waiter.frames.map((f) => f.type)).toEqual(['snapshot']);
  });

  test('a refused hello says why: locked', () => {
    const { join, connect } = memoryRoom({ lobby: false });
    connect(join('host')).command({ type: 'set_lock', locked: true });
    const late = connect(join('participant'));
    expect(late.frames).toEqual([expect.objectContaining({ type: 'error', code: 'locked' })]);
    expect(late.closed).toEqual({ code: CLOSE_CODES.locked, reason: 'locked' });
  });

  test('a dropped socket that comes back within RECONNECT_GRACE_MS keeps the person present', () => {
    const { join, connect, clock, room } = memoryRoom();
    const p = join('participant');
    connect(p).disconnect();
    clock.advance(RECONNECT_GRACE_MS - 1);
    connect(p);
    clock.advance(RECONNECT_GRACE_MS * 2);
    expect(room.state.members.get(p.identity)?.status).toBe('present');
  });

  test('a goodbye (1000 leave) leaves after LEAVE_SETTLE_MS; someone who left and comes back is re-joined', () => {
    const { join, connect, room, clock } = memoryRoom();
    const p = join('participant');
    connect(p).disconnect(true);
    clock.advance(LEAVE_SETTLE_MS);
    expect(room.state.members.get(p.identity)?.status).toBe('left');
    const again = connect(p);
    expect(again.last('snapshot')?.you.status).toBe('present');
  });

  test('leave and come straight back, over and over: no event at all', () => {
    const { join, connect, room, clock } = memoryRoom();
    const host = connect(join('host'));
    const p = join('participant');
    connect(p);
    const seq = room.seq;
    const seen = host.frames.length;
    for (let i = 0; i < 20; i++) {
      connect(p).disconnect(true);
      clock.advance(LEAVE_SETTLE_MS - 1);
    }
    connect(p);
    clock.advance(LEAVE_SETTLE_MS * 2);
    expect(room.seq).toBe(seq);
    expect(host.frames.slice(seen).filter((f) => f.type === 'event')).toEqual([]);
  });

  test('a second socket for the same person replaces the first (4009)', () => {
    const { join, connect, room } = memoryRoom();
    const p = join('participant');
    const first = connect(p);
    connect(p);
    expect(first.closed).toEqual({ code: CLOSE_CODES.replaced, reason: 'replaced' });
    expect(room.connectionCount()).toBe(1);
    expect(room.state.members.get(p.identity)?.status).toBe('present');
  });
});

describe('floor deadlines', () => {
  test("the floor timer warns, then ends the turn, on the room's clock", () => {
    const { join, connect, clock, room } = memoryRoom({ speakingLimitSec: 60 });
    const host = connect(join('host'));
    const speaker = join('participant');
    const speakerSocket = connect(speaker);
    speakerSocket.command({ type: 'raise_hand' });
    host.command({ type: 'grant_floor', participant: speaker.identity });
    expect(room.state.floor?.identity).toBe(speaker.identity);
    clock.advance(45_000);
    expect(speakerSocket.last('event')?.event.type).toBe('floor_warned');
    expect(room.state.floor?.identity).toBe(speaker.identity);
    clock.advance(15_000);
    expect(room.state.floor).toBeNull();
    expect(host.ofType('event').some((f) => f.event.type === 'floor_ended')).toBe(true);
  });
});

describe('replies and closes', () => {
  test('the host who ends the call gets the ack before every socket closes with call_ended', () => {
    const { join, connect, room } = memoryRoom();
    const host = connect(join('host'));
    const other = connect(join('speaker'));
    const ref = host.command({ type: 'end_call' });
    const tail = host.frames.slice(-2);
    expect(tail[1]).toEqual({ type: 'ack', ref, seq: room.seq });
    expect(host.closed).toEqual({ code: CLOSE_CODES.call_ended, reason: 'call_ended' });
    expect(other.closed).toEqual({ code: CLOSE_CODES.call_ended, reason: 'call_ended' });
    expect(room.connectionCount()).toBe(0);
  });

  test('a removed person hears the event, then their socket closes with removed; the sender gets its ack', () => {
    const { join, connect } = memoryRoom();
    const host = connect(join('host'));
    const troll = join('participant');
    const trollSocket = connect(troll);
    const ref = host.command({ type: 'remove', participant: troll.identity });
    expect(host.last('ack')?.ref).toBe(ref);
    expect(trollSocket.last('event')?.event).toMatchObject({ type: 'member_removed', participant: troll.identity });
    expect(trollSocket.closed).toEqual({ code: CLOSE_CODES.removed, reason: 'removed' });
  });

  test('a refused command answers with its ref and changes nothing', () => {
    const { join, connect, room } = memoryRoom();
    const participant = connect(join('participant'));
    const seq = room.seq;
    const ref = participant.command({ type: 'end_call' });
    expect(participant.last('error')).toMatchObject({ type: 'error', code: 'forbidden', ref });
    expect(room.seq).toBe(seq);
    expect(room.state.status).toBe('open');
  });
});

describe('fan-out timing', () => {
  test('one sample per command from a socket that produced a broadcast; none for refusals or system commands', () => {
    const { join, connect, timings } = memoryRoom();
    const host = connect(join('host'));
    join('participant');
    host.command({ type: 'set_lock', locked: true });
    host.command({ type: 'set_lock', locked: true });
    host.command({ type: 'chat_send', text: 'hello' });
    const samples = timings.drain();
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples.every((ms) => ms >= 0 && ms < 1000)).toBe(true);
    expect(timings.drain()).toEqual([]);
  });
});

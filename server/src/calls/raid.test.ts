// The raid shield through the shell, in memory: the moved people's sockets switch to the lobby
// and hear nothing more of the call; the review list is for staff only; arrivals trip the alert.
import { describe, expect, test } from 'vitest';
import { memoryRoom } from '../testing/memory-room';
import { SPIKE_RULE } from './join-spike';

describe('the raid shield in the shell', () => {
  test('moved sockets get a lobby snapshot, then nothing of the call; the others keep going', () => {
    const { join, connect, clock } = memoryRoom();
    const hostSocket = connect(join('host'));
    const before = connect(join('participant', 'Ana'));
    clock.advance(10 * 60_000);
    const raider = join('participant', 'Troll1');
    const raiderSocket = connect(raider);
    raiderSocket.command({ type: 'chat_send', text: 'raid' });
    hostSocket.command({ type: 'raise_shield', window: '2m' });
    expect(raiderSocket.last('snapshot')).toMatchObject({ state: null, you: { status: 'lobby' } });
    const heard = raiderSocket.frames.length;
    before.command({ type: 'chat_send', text: 'back to business' });
    expect(before.ofType('error')).toEqual([]);
    expect(raiderSocket.frames.slice(heard)).toEqual([]);
    raiderSocket.command({ type: 'raise_hand' });
    expect(raiderSocket.last('error')).toMatchObject({ code: 'in_lobby' });
    expect(hostSocket.ofType('event').map((e) => e.event.type)).toContain('moved_to_lobby');
  });

  test('the review list: staff get it with networks, a participant is refused', () => {
    const { join, connect, clock } = memoryRoom();
    const hostSocket = connect(join('host'));
    const ana = connect(join('participant', 'Ana'));
    clock.advance(10 * 60_000);
    connect(join('participant', 'Troll1'));
    hostSocket.command({ type: 'raise_shield', window: '2m' });
    hostSocket.send({ type: 'review' });
    expect(hostSocket.last('review')!.entries).toMatchObject([{ name: 'Troll1', held: true }]);
    ana.send({ type: 'review' });
    expect(ana.last('error')).toMatchObject({ code: 'forbidden' });
    expect(ana.ofType('review')).toEqual([]);
  });

  test('many arrivals from new browsers alert the moderators; with auto-shield the shield goes up', () => {
    const { join, connect, clock, room } = memoryRoom();
    const hostSocket = connect(join('host'));
    hostSocket.command({ type: 'set_auto_shield', enabled: true });
    const early = join('participant', 'Early');
    connect(early);
    clock.advance(60_000);
    for (let i = 0; i < SPIKE_RULE.minArrivals; i++) {
      connect(join('participant', `Troll${i}`));
      clock.advance(100);
    }
    expect(hostSocket.ofType('event').map((e) => e.event.type)).toContain('join_spike');
    expect(room.state.shield).not.toBeNull();
    expect(room.state.members.get(early.identity)?.status).toBe('present');
    expect(room.state.lobby.size).toBeGreaterThanOrEqual(SPIKE_RULE.minArrivals - 1);
  });
});

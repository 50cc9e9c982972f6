import { initialState, Members, type CallState, type Member } from '@caucus/shared';
import { expect, test } from 'vitest';
import { sortedPresent } from './ParticipantList';

function callWith(n: number): CallState {
  const s = initialState('c', { lobby: false, maxParticipants: 0, speakingLimitSec: 60, queuePolicy: 'fifo', format: 'stage' });
  const members: Record<string, Member> = {};
  const add = (identity: string, name: string, role: Member['role'], status: Member['status'] = 'present') => {
    members[identity] = { identity, name, role, status, joinedAt: 0, silenced: false, chatMuted: false, cameraOff: false, hadFloor: false, spokenMs: 0, floorCount: 0, device: null, ipHash: null };
  };
  for (let i = 0; i < n; i++) add(`p_${i}`, `Person ${String(i).padStart(5, '0')}`, 'participant');
  add('s_1', 'Zed Speaker', 'speaker');
  add('h_1', 'Ana Host', 'host');
  add('p_gone', 'Aaron Gone', 'participant', 'left');
  return { ...s, members: Members.fromRecord(members) };
}

test('present people, staff and speakers first, then by name; filtered; fast for thousands', () => {
  const call = callWith(5000);
  const t0 = performance.now();
  const all = sortedPresent(call, '');
  const took = performance.now() - t0;
  expect(all).toHaveLength(5002);
  expect(all.slice(0, 3).map((m) => m.name)).toEqual(['Ana Host', 'Zed Speaker', 'Person 00000']);
  expect(all.some((m) => m.identity === 'p_gone')).toBe(false);
  expect(sortedPresent(call, 'person 0499').map((m) => m.identity)).toHaveLength(10);
  expect(took).toBeLessThan(500);
});

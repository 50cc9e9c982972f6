import { DEFAULT_CALL_SETTINGS, initialState, Members, type Member } from '@caucus/shared';
import { expect, test } from 'vitest';
import { identitySuffix, shownNames } from './names';

const member = (identity: string, name: string, status: Member['status'] = 'present'): Member => ({
  identity, name, role: 'participant', status, joinedAt: 0, silenced: false, chatMuted: false, cameraOff: false,
  hadFloor: false, spokenMs: 0, floorCount: 0, device: null, ipHash: null,
});
const call = (...members: Member[]) => ({ ...initialState('c', DEFAULT_CALL_SETTINGS), members: Members.of(members) });

test('a suffix from the identity, the same for every viewer', () => {
  expect(identitySuffix('p_k3x9QQ')).toBe('#k3x9');
});

test('only people who share a name (look-alikes included) get the suffix', () => {
  const names = shownNames(call(member('p_aaaa1', 'Alex Doe'), member('p_bbbb2', 'alex  doe'), member('p_cccc3', 'Sam')));
  expect(names.get('p_aaaa1')).toBe('Alex Doe (#aaaa)');
  expect(names.get('p_bbbb2')).toBe('alex  doe (#bbbb)');
  expect(names.get('p_cccc3')).toBe('Sam');
});

test('someone who left does not make a present namesake ambiguous', () => {
  const names = shownNames(call(member('p_aaaa1', 'Alex'), member('p_bbbb2', 'Alex', 'left')));
  expect(names.get('p_aaaa1')).toBe('Alex');
});

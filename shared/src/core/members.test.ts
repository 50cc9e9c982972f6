import { describe, expect, it } from 'vitest';
import type { Member } from '../protocol/state';
import { Members, newMember } from './members';

const person = (identity: string, role: Member['role'] = 'participant', status: Member['status'] = 'present'): Member => ({
  ...newMember({ identity, name: identity, role, joinedAt: 0, device: null, ipHash: null }),
  status,
});

describe('Members', () => {
  it('keeps the present count per role as records change, whatever the change', () => {
    let m = Members.of([person('h_a', 'host'), person('p_b'), person('p_c'), person('p_d', 'participant', 'left')]);
    expect([m.presentCount(), m.presentCount(['participant']), m.presentCount(['host'])]).toEqual([3, 2, 1]);
    m = m.update('p_b', (x) => ({ ...x, status: 'left' })); // leaves
    m = m.update('p_d', (x) => ({ ...x, status: 'present' })); // comes back
    m = m.update('p_c', (x) => ({ ...x, role: 'speaker' })); // promoted while present
    m = m.set(person('p_e', 'participant', 'banned')); // new, not present
    m = m.update('h_a', (x) => ({ ...x, status: 'removed' }));
    expect([m.presentCount(), m.presentCount(['participant']), m.presentCount(['speaker']), m.presentCount(['host'])]).toEqual([2, 1, 1, 0]);
    const recount = [...m.values()].filter((x) => x.status === 'present').length;
    expect(m.presentCount()).toBe(recount);
  });

  it('shares: the same record is no change, an unknown identity is no change, the old map is untouched', () => {
    const b = person('p_b');
    const m = Members.of([b]);
    expect(m.set(b)).toBe(m);
    expect(m.update('p_nobody', (x) => ({ ...x, name: 'X' }))).toBe(m);
    const renamed = m.update('p_b', (x) => ({ ...x, name: 'Bea' }));
    expect(renamed.get('p_b')!.name).toBe('Bea');
    expect(m.get('p_b')!.name).toBe('p_b');
  });

  it('keeps arrival order, and the wire form is a plain record that reads back the same', () => {
    let m = Members.of([person('p_z'), person('p_a'), person('m_m', 'moderator')]);
    m = m.update('p_z', (x) => ({ ...x, name: 'Zed' })); // an update keeps its place
    expect([...m.identities()]).toEqual(['p_z', 'p_a', 'm_m']);
    const record = m.toRecord();
    expect(Object.keys(record)).toEqual(['p_z', 'p_a', 'm_m']);
    expect(JSON.parse(JSON.stringify(m))).toEqual(record);
    const back = Members.fromRecord(record);
    expect(back.toRecord()).toEqual(record);
    expect(back.presentCount(['moderator'])).toBe(1);
  });
});

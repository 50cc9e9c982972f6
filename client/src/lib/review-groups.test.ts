import type { ReviewEntry } from '@caucus/shared';
import { describe, expect, it } from 'vitest';
import { groupReview, namePattern } from './review-groups';

const entry = (name: string, arrivedAt: number, network: string | null): ReviewEntry => ({ identity: `p_${name.replace(/\W/g, '')}`, name, arrivedAt, network, held: true });

describe('the review list groups', () => {
  const T = 1_700_000_000_000;
  const entries = [entry('Troll101', T + 1000, 'aaa111'), entry('TrolI102', T + 2000, 'aaa111'), entry('Ana', T + 15_000, 'bbb222'), entry('troll 7', T + 3000, null)];

  it('folds digits and look-alike letters into one name pattern', () => {
    expect(namePattern('Troll101')).toBe(namePattern('TrolI102'));
    expect(namePattern('Troll101')).not.toBe(namePattern('Ana'));
  });

  it('groups by arrival slot, network and name, largest group first', () => {
    expect(groupReview(entries, 'arrival').map((g) => g.entries.length)).toEqual([3, 1]);
    expect(groupReview(entries, 'network').map((g) => [g.key, g.entries.length])).toEqual([['aaa111', 2], ['bbb222', 1], ['-', 1]].sort((a, b) => (b[1] as number) - (a[1] as number) || 0));
    expect(groupReview(entries, 'name')[0]!.entries.map((e) => e.name)).toEqual(['Troll101', 'TrolI102', 'troll 7']);
  });
});

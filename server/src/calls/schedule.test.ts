import { describe, expect, test } from 'vitest';
import { initialRoomOf, NO_SCHEDULE } from './schedule';

describe('initialRoomOf: the doors of an announced call', () => {
  const T = 1_785_000_000_000;
  test.each([
    ['not scheduled', null, true],
    ['announced for later', T + 60_000, false],
    ['announced for a time already past', T - 60_000, true],
  ] as const)('%s -> doors open: %s', (_n, startsAt, open) => {
    expect(initialRoomOf({ createdAt: T, schedule: { ...NO_SCHEDULE, startsAt } })).toEqual({ doorsOpen: open });
  });

  test('depends on the record only, never on the clock (a restart replays from the same state)', () => {
    const call = { createdAt: T, schedule: { ...NO_SCHEDULE, startsAt: T + 60_000 } };
    expect(initialRoomOf(call)).toEqual(initialRoomOf(structuredClone(call)));
  });
});

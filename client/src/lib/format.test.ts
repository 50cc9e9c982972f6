import type { Floor } from '@caucus/shared';
import { describe, expect, test } from 'vitest';
import { floorCountdown } from './countdown';
import { clockCountdown, formatCountdown, formatDuration, ordinal, spokenCountdown, startsIn } from './format';

describe('countdown', () => {
  test.each([
    [0, '0:00'],
    [-5000, '0:00'],
    [1, '0:01'],
    [999, '0:01'],
    [1000, '0:01'],
    [15_000, '0:15'],
    [60_000, '1:00'],
    [119_500, '2:00'],
    [3_600_000, '60:00'],
  ])('%i ms left shows %s', (ms, shown) => expect(formatCountdown(ms)).toBe(shown));

  test('spoken form', () => {
    expect(spokenCountdown(65_000)).toBe('1 minute 5 seconds left');
    expect(spokenCountdown(1000)).toBe('1 second left');
    expect(spokenCountdown(120_000)).toBe('2 minutes left');
    expect(spokenCountdown(0)).toBe('0 seconds left');
  });

  const floor = (deadline: number | null): Floor => ({ identity: 'p_a', grantedAt: 1000, deadline, warned: false });
  test('warning style in the last 15 seconds, from the deadline every client shares', () => {
    expect(floorCountdown(null, 0)).toBeNull();
    expect(floorCountdown(floor(null), 0)).toBeNull();
    expect(floorCountdown(floor(100_000), 84_999)).toEqual({ msLeft: 15_001, warning: false, expired: false });
    expect(floorCountdown(floor(100_000), 85_000)).toEqual({ msLeft: 15_000, warning: true, expired: false });
    expect(floorCountdown(floor(100_000), 200_000)).toEqual({ msLeft: 0, warning: true, expired: true });
  });
});

test('durations and ordinals', () => {
  expect(formatDuration(42_000)).toBe('0:42');
  expect(formatDuration(3_723_000)).toBe('1:02:03');
  expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
});

test('the pre-call room says when the call starts', () => {
  expect(startsIn(12 * 60_000)).toBe('Starts in 12 minutes');
  expect(startsIn(11 * 60_000 + 1)).toBe('Starts in 12 minutes');
  expect(startsIn(60_000)).toBe('Starts in 1 minute');
  expect(startsIn(125 * 60_000)).toBe('Starts in 2 hours 5 minutes');
  expect(startsIn(3 * 60 * 60_000)).toBe('Starts in 3 hours');
  expect(startsIn(3 * 24 * 60 * 60_000)).toBe('Starts in 3 days');
  expect(startsIn(0)).toBe('Starting now');
  expect(startsIn(-60_000)).toBe('Starting now');
  expect(clockCountdown(11 * 60_000 + 42_000)).toBe('11:42');
  expect(clockCountdown(11 * 60_000 + 41_001)).toBe('11:42');
  expect(clockCountdown(3_909_000)).toBe('1:05:09');
  expect(clockCountdown(-1)).toBe('0:00');
});

import { afterEach, expect, test, vi } from 'vitest';
import { FloorTimer } from './floor-timer';

afterEach(() => {
  vi.useRealTimers();
});

test('a timer that fires before the clock reaches the deadline waits out the rest instead of being lost', () => {
  vi.useFakeTimers({ now: 0 });
  let lag = 0;
  const fired: unknown[] = [];
  const timer = new FloorTimer((c) => fired.push(c), () => Date.now() - lag);
  timer.arm({ grantedAt: 0, deadline: 3000, warned: true });
  // Node ran the timer while Date.now() still read 2 ms short of the deadline.
  lag = 2;
  vi.advanceTimersByTime(3000);
  expect(fired).toEqual([]);
  lag = 0;
  vi.advanceTimersByTime(2);
  expect(fired).toEqual([{ type: 'expire_floor', grantedAt: 0 }]);
});

test('warns 15 s before the end, then expires; clear cancels both', () => {
  vi.useFakeTimers({ now: 0 });
  const fired: string[] = [];
  const timer = new FloorTimer((c) => fired.push(c.type));
  timer.arm({ grantedAt: 0, deadline: 60_000, warned: false });
  vi.advanceTimersByTime(45_000);
  expect(fired).toEqual(['warn_floor']);
  vi.advanceTimersByTime(15_000);
  expect(fired).toEqual(['warn_floor', 'expire_floor']);
  timer.arm({ grantedAt: 70_000, deadline: 130_000, warned: false });
  timer.clear();
  vi.advanceTimersByTime(100_000);
  expect(fired).toEqual(['warn_floor', 'expire_floor']);
});

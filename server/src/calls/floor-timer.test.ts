import { expect, test } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import type { Clock } from './clock';
import { FloorTimer } from './floor-timer';

test('a timer that fires before the clock reaches the deadline waits out the rest instead of being lost', () => {
  const clock = new FakeClock(0);
  let lag = 0;
  // Node ran the timer while Date.now() still read 2 ms short of the deadline.
  const lagging: Clock = { now: () => clock.now() - lag, after: (ms, run) => clock.after(ms, run) };
  const fired: unknown[] = [];
  const timer = new FloorTimer((c) => fired.push(c), lagging);
  timer.arm({ grantedAt: 0, deadline: 3000, warned: true });
  lag = 2;
  clock.advance(3000);
  expect(fired).toEqual([]);
  lag = 0;
  clock.advance(2);
  expect(fired).toEqual([{ type: 'expire_floor', grantedAt: 0 }]);
});

test('warns 15 s before the end, then expires; clear cancels both', () => {
  const clock = new FakeClock(0);
  const fired: string[] = [];
  const timer = new FloorTimer((c) => fired.push(c.type), clock);
  timer.arm({ grantedAt: 0, deadline: 60_000, warned: false });
  clock.advance(45_000);
  expect(fired).toEqual(['warn_floor']);
  clock.advance(15_000);
  expect(fired).toEqual(['warn_floor', 'expire_floor']);
  timer.arm({ grantedAt: 70_000, deadline: 130_000, warned: false });
  timer.clear();
  clock.advance(100_000);
  expect(fired).toEqual(['warn_floor', 'expire_floor']);
  expect(clock.armed).toBe(0);
});

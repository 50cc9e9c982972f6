import { expect, test } from 'vitest';
import { FailureThrottle } from './throttle';

test('refuses after max failures in the window and allows again once they age out', () => {
  let now = 1_000;
  const t = new FailureThrottle(3, 10_000, () => now);
  for (let i = 0; i < 3; i++) {
    expect(t.retryAfter('ip-a')).toBe(0);
    t.fail('ip-a');
    now += 1_000;
  }
  expect(t.retryAfter('ip-a')).toBe(7_000);
  expect(t.retryAfter('ip-b')).toBe(0);
  now += 7_000;
  expect(t.retryAfter('ip-a')).toBe(0);
});

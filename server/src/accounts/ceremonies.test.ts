import { expect, test } from 'vitest';
import { CEREMONY_TTL_MS, Ceremonies } from './ceremonies';

test('a WebAuthn challenge is used once, by its own kind of ceremony, within five minutes', () => {
  let now = 0;
  const c = new Ceremonies(() => now);
  const a = c.start({ challenge: 'x', kind: 'register', accountId: 'acc' });
  expect(c.take(a, 'authenticate')).toBeNull();
  const b = c.start({ challenge: 'y', kind: 'register', accountId: 'acc' });
  expect(c.take(b, 'register')?.challenge).toBe('y');
  expect(c.take(b, 'register')).toBeNull();
  const d = c.start({ challenge: 'z', kind: 'authenticate', accountId: null });
  now += CEREMONY_TTL_MS;
  expect(c.take(d, 'authenticate')).toBeNull();
});

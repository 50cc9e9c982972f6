import { expect, test } from 'vitest';
import { checkPassword, hashPassword } from './passwords';

test('passwords are hashed with argon2id at the OWASP parameters and verified; no hash never verifies', async () => {
  const stored = await hashPassword('correct horse battery staple');
  expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await checkPassword(stored, 'correct horse battery staple')).toBe(true);
  expect(await checkPassword(stored, 'correct horse battery stapler')).toBe(false);
  expect(await checkPassword(null, 'anything at all')).toBe(false);
  expect(await checkPassword('not a hash', 'anything at all')).toBe(false);
});

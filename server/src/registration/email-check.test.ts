import { describe, expect, test } from 'vitest';
import { isThrowaway, registrationEmail } from './email-check';

describe('registration emails', () => {
  test('throwaway domains and their subdomains are refused, ordinary ones pass', () => {
    expect(isThrowaway('x@mailinator.com')).toBe(true);
    expect(isThrowaway('x@foo.mailinator.com')).toBe(true);
    expect(isThrowaway('x@MAILINATOR.COM')).toBe(true);
    expect(isThrowaway('ana@example.org')).toBe(false);
    expect(registrationEmail.safeParse('x@mailinator.com').success).toBe(false);
  });

  test('syntax is checked and addresses are lower-cased', () => {
    for (const bad of ['', 'no-at-sign', 'a@b', '<script>@x.org', 'a b@example.org', `${'a'.repeat(250)}@example.org`]) {
      expect(registrationEmail.safeParse(bad).success, bad).toBe(false);
    }
    expect(registrationEmail.parse('Ana@Example.ORG')).toBe('ana@example.org');
  });
});

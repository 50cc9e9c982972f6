import { expect, test } from 'vitest';
import { redactUrl } from './log-redaction';

test('invite links lose their invite before they reach the log; other URLs are kept as they are', () => {
  expect(redactUrl('/c/abc?invite=SECRET')).toBe('/c/abc?invite=%5Bredacted%5D');
  expect(redactUrl('/c/abc?x=1&invite=SECRET&invite=AGAIN')).not.toMatch(/SECRET|AGAIN/);
  expect(redactUrl('/api/calls/abc/audit?format=csv')).toBe('/api/calls/abc/audit?format=csv');
  expect(redactUrl('/healthz')).toBe('/healthz');
  // A registrant's page (its token is in the path) and the console's export by email.
  expect(redactUrl('/registrations/SECRETTOKEN1234567/cancel')).toBe('/registrations/[redacted]/cancel');
  expect(redactUrl('/api/console/privacy/person?email=ana%40example.org')).not.toContain('ana');
});

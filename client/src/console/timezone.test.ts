import { expect, test } from 'vitest';
import { isoToWallTime, offsetMinutes, wallTimeToIso } from './timezone';

test('wall time in a named zone becomes the right instant, across daylight saving, and back', () => {
  expect(wallTimeToIso('2026-08-06T19:00', 'America/New_York')).toBe('2026-08-06T23:00:00.000Z');
  expect(wallTimeToIso('2026-01-06T19:00', 'America/New_York')).toBe('2026-01-07T00:00:00.000Z');
  expect(wallTimeToIso('2026-03-29T12:00', 'Europe/Berlin')).toBe('2026-03-29T10:00:00.000Z');
  expect(wallTimeToIso('2026-06-01T09:30', 'UTC')).toBe('2026-06-01T09:30:00.000Z');
  expect(offsetMinutes('Asia/Kolkata', Date.parse('2026-06-01T00:00:00Z'))).toBe(330);
  expect(isoToWallTime('2026-08-06T23:00:00.000Z', 'America/New_York')).toBe('2026-08-06T19:00');
});

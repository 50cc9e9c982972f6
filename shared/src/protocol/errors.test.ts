import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, ERROR_CODES, STANDARD_CLOSE_CODES, TERMINAL_CLOSE_CODES } from './errors';

describe('close codes', () => {
  it('are unique application codes (4000-4999)', () => {
    const codes = Object.values(CLOSE_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c >= 4000 && c <= 4999).toBe(true);
  });

  it('tell the client when not to reconnect', () => {
    expect(TERMINAL_CLOSE_CODES).toEqual(expect.arrayContaining([4003, 4004, 4005, 4008, 4009]));
    for (const retry of [CLOSE_CODES.too_slow, CLOSE_CODES.rate_limited, STANDARD_CLOSE_CODES.service_restart]) {
      expect(TERMINAL_CLOSE_CODES).not.toContain(retry);
    }
  });

  it('every close reason that is also an error has the same name', () => {
    for (const reason of ['protocol_mismatch', 'unauthorized', 'banned', 'call_ended', 'rate_limited'] as const) {
      expect(ERROR_CODES).toContain(reason);
      expect(CLOSE_CODES[reason]).toBeGreaterThanOrEqual(4000);
    }
  });
});

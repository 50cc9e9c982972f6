import { describe, expect, it } from 'vitest';
import { HelloThrottle, OpenCount, RECONNECTS_PER_IDENTITY } from './connection-limits';

describe('OpenCount', () => {
  it('caps open sockets per key and frees a place when one closes', () => {
    const open = new OpenCount(2);
    expect([open.take('a'), open.take('a'), open.take('a')]).toEqual([true, true, false]);
    expect(open.take('b')).toBe(true);
    expect(open.full('a')).toBe(true);
    open.release('a');
    expect(open.full('a')).toBe(false);
    expect(open.take('a')).toBe(true);
  });
});

describe('HelloThrottle', () => {
  it('refuses a person past the cap within the window, not others, and forgets after the window', () => {
    let now = 1_000_000;
    const hellos = new HelloThrottle(() => now);
    for (let i = 0; i < RECONNECTS_PER_IDENTITY.max; i++) expect(hellos.allow('c', 'p_x')).toBe(true);
    expect(hellos.allow('c', 'p_x')).toBe(false);
    expect(hellos.allow('c', 'p_y')).toBe(true);
    expect(hellos.allow('other', 'p_x')).toBe(true);
    now += RECONNECTS_PER_IDENTITY.windowMs + 1;
    expect(hellos.allow('c', 'p_x')).toBe(true);
  });
});

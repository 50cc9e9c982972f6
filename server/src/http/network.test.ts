import { describe, expect, it } from 'vitest';
import { hashNetwork, networkOf } from './network';

describe('networkOf: the key of per-address limits and network bans', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not an address', 'not an address'],
  ])('%s -> %s', (address, network) => expect(networkOf(address)).toBe(network));

  it('groups every address of an IPv6 /64 (a script walking its range is one network), not the next /64', () => {
    const walk = Array.from({ length: 50 }, (_, i) => `2001:db8:aa:bb:${i.toString(16)}:1:2:${(i * 7).toString(16)}`);
    expect(new Set(walk.map(networkOf))).toEqual(new Set(['2001:db8:aa:bb::/64']));
    expect(networkOf('2001:db8:aa:bc::1')).not.toBe(networkOf('2001:db8:aa:bb::1'));
    expect(hashNetwork('2001:db8:aa:bb::1', 'k')).toBe(hashNetwork('2001:db8:aa:bb:ffff::9', 'k'));
    expect(hashNetwork('203.0.113.7', 'k')).not.toBe(hashNetwork('203.0.113.8', 'k'));
  });
});

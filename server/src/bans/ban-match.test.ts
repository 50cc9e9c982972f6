import { describe, expect, it } from 'vitest';
import { banHold, type BanEntry, type Visitor } from './ban-match';

const NOW = 1_800_000_000_000;
const ban = (over: Partial<BanEntry> = {}): BanEntry => ({
  id: 'b1',
  callId: 'call_a',
  identity: 'p_troll',
  name: 'Troll',
  role: 'participant',
  scope: 'coalition',
  reason: 'raid',
  byIdentity: 'h_host',
  byName: 'Host',
  createdAt: NOW - 1000,
  expiresAt: null,
  device: 'dev-troll',
  network: false,
  ipHash: null,
  accountId: null,
  invitationId: null,
  evidence: { reports: [], chat: [] },
  widenedAt: null,
  widenedBy: null,
  liftedAt: null,
  liftedBy: null,
  ...over,
});
const visitor = (over: Partial<Visitor> = {}): Visitor => ({
  callId: 'call_b',
  identity: null,
  role: 'participant',
  device: 'dev-other',
  ipHashes: ['net-other'],
  accountId: null,
  invitationId: null,
  ...over,
});

describe('banHold', () => {
  it('a coalition ban holds the same browser in the next call; a call ban does not', () => {
    expect(banHold(ban(), visitor({ device: 'dev-troll' }), NOW)).toBe('device');
    expect(banHold(ban({ scope: 'call' }), visitor({ device: 'dev-troll' }), NOW)).toBeNull();
    expect(banHold(ban({ scope: 'call' }), visitor({ callId: 'call_a', device: 'dev-troll' }), NOW)).toBe('device');
  });

  it('holds the network only when it was ticked', () => {
    expect(banHold(ban({ ipHash: 'net-troll' }), visitor({ ipHashes: ['net-troll'] }), NOW)).toBeNull();
    expect(banHold(ban({ network: true, ipHash: 'net-troll' }), visitor({ ipHashes: [null, 'net-troll'] }), NOW)).toBe('network');
  });

  it('browser and network hold participants only; identity, account and invitation hold every role', () => {
    const staff = visitor({ role: 'moderator', device: 'dev-troll', ipHashes: ['net-troll'] });
    expect(banHold(ban({ network: true, ipHash: 'net-troll' }), staff, NOW)).toBeNull();
    expect(banHold(ban({ accountId: 'acc1' }), visitor({ role: 'host', accountId: 'acc1' }), NOW)).toBe('account');
    expect(banHold(ban({ invitationId: 'inv1' }), visitor({ role: 'speaker', invitationId: 'inv1' }), NOW)).toBe('invitation');
    expect(banHold(ban(), visitor({ callId: 'call_a', identity: 'p_troll', role: 'host', device: null }), NOW)).toBe('identity');
    // An identity is only meaningful in its own call.
    expect(banHold(ban(), visitor({ identity: 'p_troll', device: null }), NOW)).toBeNull();
  });

  it('a lifted or expired ban holds nothing', () => {
    const v = visitor({ device: 'dev-troll' });
    expect(banHold(ban({ liftedAt: NOW - 1 }), v, NOW)).toBeNull();
    expect(banHold(ban({ expiresAt: NOW }), v, NOW)).toBeNull();
    expect(banHold(ban({ expiresAt: NOW + 1 }), v, NOW)).toBe('device');
  });

  it('a null fingerprint matches nothing', () => {
    expect(banHold(ban({ device: null }), visitor({ device: null }), NOW)).toBeNull();
    expect(banHold(ban({ network: true, ipHash: null }), visitor({ ipHashes: [null] }), NOW)).toBeNull();
  });
});

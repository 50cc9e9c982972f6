import { describe, expect, it } from 'vitest';
import { inviteFromStored, linkKey, newParticipantLink } from './participant-links';

describe('participant links', () => {
  const key = linkKey('a-server-secret-of-at-least-32-characters');

  it('the row keeps a nonce, never the invite; the invite is derived back from it', () => {
    const link = newParticipantLink(key, 'call_1');
    expect(link.stored).toMatch(/^n:[A-Za-z0-9_-]{22}$/);
    expect(link.stored).not.toContain(link.invite);
    expect(link.invite).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(inviteFromStored(key, 'call_1', link.stored)).toBe(link.invite);
  });

  it('depends on the key, the call and the nonce: another secret, call or rotation gives another invite', () => {
    const link = newParticipantLink(key, 'call_1');
    expect(inviteFromStored(linkKey('another-secret-of-at-least-32-characters'), 'call_1', link.stored)).not.toBe(link.invite);
    expect(inviteFromStored(key, 'call_2', link.stored)).not.toBe(link.invite);
    expect(newParticipantLink(key, 'call_1').invite).not.toBe(link.invite);
  });

  it('rows from before hold the invite itself, read as it is', () => {
    expect(inviteFromStored(key, 'call_1', 'AbC-legacy_invite')).toBe('AbC-legacy_invite');
    expect(inviteFromStored(key, 'call_1', null)).toBeNull();
  });
});

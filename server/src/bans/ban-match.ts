// Does a ban on the coalition's list keep this person out of this call? Pure, so the rule is
// tested on its own (ban-match.test.ts) and read the same way at the HTTP join and at the hello.
import type { BanEvidence, BanScope, Role } from '@caucus/shared';

export interface BanEntry {
  id: string;
  callId: string;
  identity: string;
  name: string;
  role: Role;
  scope: BanScope;
  reason: string;
  byIdentity: string;
  byName: string;
  createdAt: number;
  expiresAt: number | null;
  /** Hash of the device cookie (the browser). */
  device: string | null;
  /** The network was ticked: `ipHash` holds it (keyed hash of the address, IPv6 by /64). */
  network: boolean;
  ipHash: string | null;
  /** The coalition account the person joined with, if any. */
  accountId: string | null;
  /** The personal invitation the person joined with, if any. */
  invitationId: string | null;
  evidence: BanEvidence;
  widenedAt: number | null;
  widenedBy: string | null;
  liftedAt: number | null;
  liftedBy: string | null;
}

/** Someone at a door: the HTTP join (identity may be unknown yet) or a websocket hello. */
export interface Visitor {
  callId: string;
  identity: string | null;
  /** The role their credential gives. */
  role: Role;
  device: string | null;
  /** The networks they come from (the join's, and the socket's at a hello). */
  ipHashes: readonly (string | null)[];
  accountId: string | null;
  invitationId: string | null;
}

export type BanHold = 'identity' | 'account' | 'invitation' | 'device' | 'network';

/**
 * Which hold of this ban catches the visitor, or null. A lifted or expired ban holds nothing; a
 * `call` ban holds only in its call. The identity, the account and the personal invitation are
 * one person and hold for any role. The browser and the network hold participants only: staff
 * may share a computer or an office network with someone banned, and come by invitation anyway.
 */
export function banHold(ban: BanEntry, visitor: Visitor, now: number): BanHold | null {
  if (ban.liftedAt !== null) return null;
  if (ban.expiresAt !== null && ban.expiresAt <= now) return null;
  if (ban.scope === 'call' && ban.callId !== visitor.callId) return null;
  if (visitor.identity !== null && ban.callId === visitor.callId && ban.identity === visitor.identity) return 'identity';
  if (ban.accountId !== null && ban.accountId === visitor.accountId) return 'account';
  if (ban.invitationId !== null && ban.invitationId === visitor.invitationId) return 'invitation';
  if (visitor.role !== 'participant') return null;
  if (ban.device !== null && ban.device === visitor.device) return 'device';
  if (ban.network && ban.ipHash !== null && visitor.ipHashes.includes(ban.ipHash)) return 'network';
  return null;
}

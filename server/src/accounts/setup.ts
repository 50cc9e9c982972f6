// The coalition's first step: on an empty database, a one-time link (path /setup, single use,
// 24 hours) that creates the owner. A fresh call replaces any unused earlier link.
import type { FastifyInstance } from 'fastify';
import { hashSecret } from '../calls/secrets';
import { newId, newLinkToken } from './tokens';

export const SETUP_LINK_TTL_MS = 24 * 60 * 60_000;
/** Invitations into the coalition (organizers, moderators) last a week. */
export const MEMBER_INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

/** The setup link, or null once the coalition has an owner. */
export function createSetupLink(app: FastifyInstance): string | null {
  if (app.accounts.countAccounts() > 0) return null;
  const token = newLinkToken();
  const now = Date.now();
  app.accounts.transaction(() => {
    app.accounts.revokeSetupLinks(now);
    app.accounts.createInvitation({
      id: newId(),
      tokenHash: hashSecret(token),
      kind: 'setup',
      role: 'owner',
      name: '',
      createdBy: null,
      createdAt: now,
      expiresAt: now + SETUP_LINK_TTL_MS,
    });
  });
  return `${app.config.publicUrl}/setup?token=${encodeURIComponent(token)}`;
}

export const memberInvitationLink = (publicUrl: string, token: string) => `${publicUrl}/welcome?token=${encodeURIComponent(token)}`;

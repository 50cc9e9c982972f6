// Power in a call comes from a person. A guest moderator or speaker holds a personal invitation:
// one named person, one browser, bound at their first successful join (never by opening the link:
// mail scanners and link previews fetch links). Coalition accounts need no link: owners and
// organizers host any coalition call they open signed in; a moderator account moderates the calls
// it is assigned to. Revoking takes the person out at once: sessions ended, removed from the call
// and from LiveKit (the enforcer strips their rights first, then removes them).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '@caucus/shared';
import { hashSecret } from '../calls/secrets';
import { HttpError } from '../http/errors';
import type { CallInvitation, CallInvitationRole } from './account-store';
import { checkCsrf, cookieSession, RUNS_CALLS } from './principal';
import { newId, newLinkToken } from './tokens';
import { registrationFor } from '../registration/join-access';
import type { Registration } from '../registration/registration-store';
import { settle } from '../calls/maybe-async';

/** The `device` of an account's assignment: accounts are bound to the person, not to a browser. */
const ACCOUNT_DEVICE = 'account';

export interface JoinCredential {
  role: Role;
  /** The personal invitation (or account assignment) this join goes through, to bind on success. */
  personal: CallInvitation | null;
  /** The registration whose personal link this join goes through, to bind on success. */
  registration: Registration | null;
  /** Set when the join is by a signed-in account. */
  accountId: string | null;
}

export const personalLink = (publicUrl: string, callId: string, token: string | null) =>
  `${publicUrl}/c/${encodeURIComponent(callId)}${token ? `?invite=${encodeURIComponent(token)}` : ''}`;

/**
 * What a join request's credential grants, before the person is let in. `invite` absent: the
 * signed-in account (cookie, with its CSRF token) of an owner, organizer or assigned moderator.
 */
export function joinCredential(app: FastifyInstance, req: FastifyRequest, callId: string, invite: string | undefined): JoinCredential {
  if (invite !== undefined) {
    const personal = app.accounts.findCallInvitation(hashSecret(invite));
    if (personal && personal.callId === callId) {
      if (personal.revokedAt !== null) throw new HttpError(403, 'bad_invite', 'This invitation has been revoked');
      return { role: personal.role, personal, registration: null, accountId: null };
    }
    const registration = registrationFor(app, callId, invite);
    if (registration) return { role: 'participant', personal: null, registration, accountId: null };
    const shared = app.store.findInvite(hashSecret(invite));
    if (!shared || shared.callId !== callId) throw new HttpError(403, 'bad_invite', 'This invite link is not valid for this call');
    if (shared.revokedAt !== null) throw new HttpError(403, 'bad_invite', 'This invite link has been replaced; ask the host for the new one');
    // Calls made since accounts exist have no shared staff links; none can be presented, but the
    // check stands in case one was stored by an older version after the migration.
    if (shared.role !== 'participant' && app.accounts.ownership(callId)?.sharedLinks === false) {
      throw new HttpError(403, 'bad_invite', 'This call admits hosts, moderators and speakers by personal invitation only');
    }
    if (shared.role === 'participant' && app.registration.regs.settings(callId).access === 'members') {
      throw new HttpError(403, 'members_only', 'This call is for registered members: join with the personal link from your registration mail');
    }
    return { role: shared.role, personal: null, registration: null, accountId: null };
  }
  const found = cookieSession(app, req);
  if (!found) throw new HttpError(401, 'unauthorized', 'Open your invitation link, or sign in');
  checkCsrf(app, req, found.session);
  const { account } = found;
  let assignment = app.accounts.assignmentOf(callId, account.id);
  if (!assignment && RUNS_CALLS.includes(account.role)) {
    // The first time an organizer opens the call: a record of their hosting, so that removing
    // their account takes them out of the call too.
    assignment = createPersonal(app, callId, { role: 'host', name: account.name, accountId: account.id }, account.id).invitation;
  }
  if (!assignment) throw new HttpError(403, 'forbidden', 'You are not assigned to this call');
  return { role: assignment.role, personal: assignment, registration: null, accountId: account.id };
}

/** A link bound to one browser at its first successful join (personal invitations, registrations). */
export interface BrowserBound {
  device: string | null;
  identity: string | null;
}

/**
 * Claims a link for this browser (or confirms it is this browser's). Returns the identity to use,
 * or throws `invitation_used` when another browser has it. `bind` is a compare-and-set: of two
 * browsers racing with one link, one wins; `reread` tells the loser whether the winner was itself.
 */
export function claimBinding(
  link: BrowserBound,
  bindAs: string,
  identity: string,
  bind: (identity: string) => boolean,
  reread: () => BrowserBound | null,
): { identity: string; claimed: boolean } {
  if (link.device !== null) {
    if (link.device !== bindAs) throw new HttpError(403, 'invitation_used', 'This invitation is already in use in another browser');
    return { identity: link.identity!, claimed: false };
  }
  if (bind(identity)) return { identity, claimed: true };
  const now = reread();
  if (now?.device === bindAs && now.identity) return { identity: now.identity, claimed: false };
  throw new HttpError(403, 'invitation_used', 'This invitation is already in use in another browser');
}

/** Claims a personal invitation for this browser (accounts are bound to the person, not a browser). */
export function claimPersonal(app: FastifyInstance, personal: CallInvitation, device: string, identity: string): { identity: string; claimed: boolean } {
  const bindAs = personal.accountId !== null ? ACCOUNT_DEVICE : device;
  return claimBinding(
    personal,
    bindAs,
    identity,
    (id) => app.accounts.bindCallInvitation(personal.id, bindAs, id),
    () => app.accounts.getCallInvitation(personal.id),
  );
}

/** The join failed after the claim: the link is free again (binding happens at a successful join only). */
export function releasePersonal(app: FastifyInstance, personal: CallInvitation, device: string): void {
  app.accounts.unbindCallInvitation(personal.id, personal.accountId !== null ? ACCOUNT_DEVICE : device);
}

export function createPersonal(
  app: FastifyInstance,
  callId: string,
  input: { role: CallInvitationRole; name: string; accountId?: string | undefined },
  createdBy: string | null,
): { invitation: CallInvitation; link: string } {
  const token = newLinkToken();
  const now = Date.now();
  const invitation: CallInvitation = {
    id: newId(),
    callId,
    role: input.role,
    name: input.name,
    tokenHash: hashSecret(token),
    accountId: input.accountId ?? null,
    device: null,
    identity: null,
    createdBy,
    createdAt: now,
    sentAt: now,
    revokedAt: null,
  };
  app.accounts.createCallInvitation(invitation);
  // An account joins signed in: its link is the call's page, without a token.
  return { invitation, link: personalLink(app.config.publicUrl, callId, invitation.accountId ? null : token) };
}

/** A new link for the same person; the old one stops working at once. The browser stays bound. */
export function resendPersonal(app: FastifyInstance, invitation: CallInvitation): string {
  const token = newLinkToken();
  if (!app.accounts.resendCallInvitation(invitation.id, hashSecret(token), Date.now())) {
    throw new HttpError(409, 'conflict', 'This invitation has been revoked');
  }
  return personalLink(app.config.publicUrl, invitation.callId, invitation.accountId ? null : token);
}

/**
 * Revokes one invitation: the link stops working, the person's call sessions end, and if they are
 * in the call they are expelled (removed in the state, their socket closed, stripped of every
 * LiveKit right and removed from the room).
 */
export function revokePersonal(app: FastifyInstance, invitation: CallInvitation, reason: string): void {
  if (!app.accounts.revokeCallInvitation(invitation.id, invitation.callId, Date.now())) return;
  if (invitation.identity === null) return;
  app.accounts.deleteCallSessions(invitation.callId, invitation.identity);
  const room = app.calls.get(invitation.callId);
  if (room && room.state.status !== 'ended') {
    settle(room.execute({ type: 'expel', identity: invitation.identity, reason }, 'system'), (result) => {
      if (!result.ok) app.log.warn({ callId: invitation.callId, error: result.error }, 'expel refused');
    });
  }
}

/** Every live call access of an account (its role changed, or it was removed from the coalition). */
export function revokeAccountAccess(app: FastifyInstance, accountId: string, reason: string): number {
  const assignments = app.accounts.liveAssignmentsOf(accountId);
  for (const assignment of assignments) revokePersonal(app, assignment, reason);
  return assignments.length;
}

/** What the console shows of an invitation (never its token). */
export function publicInvitation(i: CallInvitation) {
  return {
    id: i.id,
    role: i.role,
    name: i.name,
    accountId: i.accountId,
    status: i.revokedAt !== null ? ('revoked' as const) : i.device !== null ? ('joined' as const) : ('pending' as const),
    createdAt: new Date(i.createdAt).toISOString(),
    sentAt: new Date(i.sentAt).toISOString(),
  };
}

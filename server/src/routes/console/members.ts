// The coalition: its members and the invitations into it. Owners invite organizers and moderators
// (single-use links that expire in a week), change roles and remove people; removal ends their
// sessions, API tokens and call access at once. Organizers see the list (to assign moderators).
import type { FastifyPluginAsync } from 'fastify';
import { hashSecret } from '../../calls/secrets';
import { HttpError } from '../../http/errors';
import { parseOrThrow } from '../../http/validate';
import { revokeAccountAccess } from '../../accounts/call-access';
import { requireAccount } from '../../accounts/principal';
import { MEMBER_INVITATION_TTL_MS, memberInvitationLink } from '../../accounts/setup';
import { newId, newLinkToken } from '../../accounts/tokens';
import { publicAccount } from './auth';
import { idParams, memberInvitationBody, roleBody } from './schemas';

const members: FastifyPluginAsync = async (app) => {
  const ownerCount = () => app.accounts.listAccounts().filter((a) => a.role === 'owner').length;

  app.get('/api/coalition', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const me = requireAccount(app, req, ['owner', 'organizer']);
    const now = Date.now();
    return {
      members: app.accounts.listAccounts().map((a) => ({ ...publicAccount(a), createdAt: new Date(a.createdAt).toISOString() })),
      invitations:
        me.account.role === 'owner'
          ? app.accounts.pendingInvitations(now).map((i) => ({ id: i.id, role: i.role, name: i.name, expiresAt: new Date(i.expiresAt).toISOString() }))
          : [],
    };
  });

  app.post('/api/coalition/invitations', async (req, reply) => {
    const me = requireAccount(app, req, ['owner']);
    const body = parseOrThrow(memberInvitationBody, req.body, 'invitation');
    const token = newLinkToken();
    const now = Date.now();
    const id = newId();
    app.accounts.createInvitation({
      id,
      tokenHash: hashSecret(token),
      kind: 'member',
      role: body.role,
      name: body.name,
      createdBy: me.account.id,
      createdAt: now,
      expiresAt: now + MEMBER_INVITATION_TTL_MS,
    });
    return reply.status(201).send({
      id,
      role: body.role,
      name: body.name,
      link: memberInvitationLink(app.config.publicUrl, token),
      expiresAt: new Date(now + MEMBER_INVITATION_TTL_MS).toISOString(),
    });
  });

  app.delete('/api/coalition/invitations/:id', async (req, reply) => {
    requireAccount(app, req, ['owner']);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    if (!app.accounts.revokeMemberInvitation(id, Date.now())) throw new HttpError(404, 'not_found', 'No such pending invitation');
    return reply.status(204).send();
  });

  app.put('/api/coalition/members/:id', async (req) => {
    requireAccount(app, req, ['owner']);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const { role } = parseOrThrow(roleBody, req.body, 'role');
    const target = app.accounts.getAccount(id);
    if (!target) throw new HttpError(404, 'not_found', 'No such member');
    if (target.role === 'owner' && role !== 'owner' && ownerCount() === 1) {
      throw new HttpError(409, 'conflict', 'The coalition needs an owner: make someone else owner first');
    }
    app.accounts.setRole(id, role);
    // An organizer made moderator no longer hosts by right: the calls they host lose them now.
    if (target.role !== 'moderator' && role === 'moderator') revokeAccountAccess(app, id, 'role changed');
    req.log.info({ accountId: id, from: target.role, to: role }, 'member role changed');
    return { member: publicAccount({ ...target, role }) };
  });

  app.delete('/api/coalition/members/:id', async (req, reply) => {
    const me = requireAccount(app, req, ['owner']);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const target = app.accounts.getAccount(id);
    if (!target) throw new HttpError(404, 'not_found', 'No such member');
    if (target.id === me.account.id) throw new HttpError(409, 'conflict', 'You cannot remove yourself; make someone else owner and ask them');
    revokeAccountAccess(app, id, 'removed from the coalition');
    // Sessions, passkeys and API tokens go with the account (ON DELETE CASCADE).
    app.accounts.deleteAccount(id);
    req.log.info({ accountId: id }, 'member removed');
    return reply.status(204).send();
  });
};

export default members;

// The console's view of the coalition's calls (upcoming, live, past), editing a call before it
// starts, ending or cancelling it from outside, personal invitations, and the audit log of any call.
import { callSettingsSchema, passcodeSchema, presentCount } from '@caucus/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createPersonal, publicInvitation, resendPersonal, revokePersonal } from '../../accounts/call-access';
import { actorOf, requireAccount, RUNS_CALLS } from '../../accounts/principal';
import { HttpError } from '../../http/errors';
import { parseOrThrow } from '../../http/validate';
import type { CallRecord } from '../../store/store';
import { AUDIT_RATE_LIMIT, auditQuery, sendAudit } from '../audit';
import { inviteLink, publicCall } from '../calls';
import { inviteFromStored, linkKey } from '../../calls/participant-links';
import { settingsForOrganizers, withHashedPasscode } from '../../calls/passcodes';
import { requireOrganizer } from './call-auth';
import { callInvitationBody, callInvitationParams, idParams } from './schemas';

const editBody = z.strictObject({
  title: z.string().trim().min(1).max(120).optional(),
  // The passcode left out keeps the one the call has (the console never sees it, only whether one is set).
  settings: callSettingsSchema.extend({ passcode: passcodeSchema.optional() }).optional(),
});

const calls: FastifyPluginAsync = async (app) => {
  const links = linkKey(app.config.livekit.apiSecret);
  const requireCall = (id: string): CallRecord => {
    const call = app.store.getCall(id);
    if (!call) throw new HttpError(404, 'not_found', 'No such call');
    return call;
  };

  /** What the console lists: the call, where it stands, who hosts and moderates it. */
  const summary = (call: CallRecord) => {
    const room = call.endedAt === null ? app.calls.get(call.id) : null;
    const present = room ? presentCount(room.state) : 0;
    const invitations = app.accounts.callInvitationsOf(call.id).filter((i) => i.revokedAt === null);
    const staffInRoom = room ? room.listedMembers().filter((m) => m.status === 'present' && (m.role === 'host' || m.role === 'moderator')) : [];
    const names = (role: 'host' | 'moderator') => [
      ...new Set([...invitations.filter((i) => i.role === role).map((i) => i.name), ...staffInRoom.filter((m) => m.role === role).map((m) => m.name)]),
    ];
    return {
      ...publicCall(call),
      phase: call.endedAt !== null ? ('past' as const) : present > 0 ? ('live' as const) : ('upcoming' as const),
      present,
      hosts: names('host'),
      moderators: names('moderator'),
    };
  };

  app.get('/api/console/calls', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const me = requireAccount(app, req);
    const ids = RUNS_CALLS.includes(me.account.role) ? app.accounts.callIds(500) : app.accounts.callIdsAssignedTo(me.account.id);
    const all = ids.map((id) => app.store.getCall(id)).filter((c): c is CallRecord => c !== null).map(summary);
    const byStart = (a: (typeof all)[number], b: (typeof all)[number]) => (a.schedule.startsAt ?? a.createdAt.toString()).localeCompare(b.schedule.startsAt ?? b.createdAt.toString());
    return {
      live: all.filter((c) => c.phase === 'live'),
      upcoming: all.filter((c) => c.phase === 'upcoming').sort(byStart),
      past: all.filter((c) => c.phase === 'past'),
    };
  });

  app.get('/api/console/calls/:id', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const me = requireAccount(app, req);
    const call = requireCall(id);
    const organizer = RUNS_CALLS.includes(me.account.role);
    if (!organizer && !app.accounts.assignmentOf(id, me.account.id)) throw new HttpError(403, 'forbidden', 'You are not assigned to this call');
    const ownership = app.accounts.ownership(id);
    const participantInvite = inviteFromStored(links, id, call.publicInvite ?? ownership?.participantInvite ?? null);
    return {
      call: { ...summary(call), settings: organizer ? settingsForOrganizers(call.settings) : undefined },
      sharedLinks: ownership?.sharedLinks ?? true,
      links: { participant: organizer && participantInvite ? inviteLink(app.config.publicUrl, id, participantInvite) : null },
      invitations: organizer ? app.accounts.callInvitationsOf(id).map(publicInvitation) : [],
      editable: call.endedAt === null && (app.calls.get(id)?.seq ?? 0) === 0,
    };
  });

  // Title at any time; settings only before anyone has come in (after that the host changes them
  // in the call, where everyone sees the change).
  app.patch('/api/calls/:id', async (req) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    requireOrganizer(app, req);
    const call = requireCall(id);
    const body = parseOrThrow(editBody, req.body, 'call');
    if (call.endedAt !== null) throw new HttpError(409, 'call_ended', 'This call has ended');
    if (body.settings !== undefined) {
      if (app.calls.get(id)!.seq !== 0) throw new HttpError(409, 'conflict', 'People have joined: change settings in the call');
      const { passcode, ...rest } = body.settings;
      const kept = passcode === undefined ? { ...rest, passcode: call.settings.passcode } : await withHashedPasscode({ ...rest, passcode });
      app.accounts.setSettings(id, kept);
      // Nothing has happened in the room yet: it is rebuilt from the call with its new settings.
      app.calls.reloadUntouched(id);
    }
    if (body.title !== undefined) app.accounts.setTitle(id, body.title);
    return { call: publicCall(requireCall(id)) };
  });

  // End a live call or cancel an upcoming one, from the console: everyone is sent off, LiveKit's
  // room is deleted, the links stop working.
  app.post('/api/calls/:id/close', async (req) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    requireOrganizer(app, req);
    const call = requireCall(id);
    if (call.endedAt !== null) throw new HttpError(409, 'call_ended', 'This call has already ended');
    const result = await app.calls.get(id)!.execute({ type: 'close_call' }, 'system');
    if (!result.ok) throw new HttpError(409, 'call_ended', result.error.message);
    return { call: publicCall(requireCall(id)) };
  });

  app.post('/api/calls/:id/invitations', async (req, reply) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const by = requireOrganizer(app, req);
    const call = requireCall(id);
    const body = parseOrThrow(callInvitationBody, req.body, 'invitation');
    if (call.endedAt !== null) throw new HttpError(409, 'call_ended', 'This call has ended');
    if (body.accountId !== undefined) {
      const account = app.accounts.getAccount(body.accountId);
      if (!account) throw new HttpError(404, 'not_found', 'No such coalition member');
      if (app.accounts.assignmentOf(id, account.id)) throw new HttpError(409, 'conflict', 'This member is already assigned to the call');
    }
    const { invitation, link } = createPersonal(app, id, body, actorOf(by));
    req.log.info({ callId: id, invitationId: invitation.id, role: invitation.role }, 'personal invitation created');
    return reply.status(201).send({ id: invitation.id, role: invitation.role, name: invitation.name, link });
  });

  app.get('/api/calls/:id/invitations', async (req) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    requireOrganizer(app, req);
    requireCall(id);
    return { invitations: app.accounts.callInvitationsOf(id).map(publicInvitation) };
  });

  app.post('/api/calls/:id/invitations/:invitationId/resend', async (req) => {
    const { id, invitationId } = parseOrThrow(callInvitationParams, req.params, 'path');
    requireOrganizer(app, req);
    requireCall(id);
    const invitation = app.accounts.getCallInvitation(invitationId);
    if (!invitation || invitation.callId !== id) throw new HttpError(404, 'not_found', 'No such invitation');
    const link = resendPersonal(app, invitation);
    return { id: invitation.id, role: invitation.role, name: invitation.name, link };
  });

  app.delete('/api/calls/:id/invitations/:invitationId', async (req, reply) => {
    const { id, invitationId } = parseOrThrow(callInvitationParams, req.params, 'path');
    requireOrganizer(app, req);
    requireCall(id);
    const invitation = app.accounts.getCallInvitation(invitationId);
    if (!invitation || invitation.callId !== id) throw new HttpError(404, 'not_found', 'No such invitation');
    if (invitation.revokedAt !== null) throw new HttpError(409, 'conflict', 'This invitation is already revoked');
    revokePersonal(app, invitation, 'invitation revoked');
    req.log.info({ callId: id, invitationId }, 'personal invitation revoked');
    return reply.status(204).send();
  });

  // The audit log of any coalition call, for its organizers (the in-call route serves the host
  // and moderators through their call session).
  app.get('/api/console/calls/:id/audit', { config: { rateLimit: AUDIT_RATE_LIMIT } }, async (req, reply) => {
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const query = parseOrThrow(auditQuery, req.query, 'query');
    requireOrganizer(app, req);
    requireCall(id);
    const room = app.calls.get(id)!;
    return sendAudit(reply, app.store, room, query);
  });
};

export default calls;

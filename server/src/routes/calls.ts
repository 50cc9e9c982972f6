// Creating calls (organizers: API token, organizer key or signed in), public call info, and the controls over links and the call.
import { DEFAULT_CALL_SETTINGS, ROLES, callSettingsSchema } from '@caucus/shared';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { settingsForOrganizers, withHashedPasscode } from '../calls/passcodes';
import { linkKey, newParticipantLink } from '../calls/participant-links';
import { hashSecret, newCallId, newSecret } from '../calls/secrets';
import { HttpError } from '../http/errors';
import { parseOrThrow } from '../http/validate';
import type { CallRecord, InviteRecord } from '../store/store';
import { NO_SCHEDULE, scheduleInputSchema } from '../calls/schedule';
import { actorOf } from '../accounts/principal';
import { requireCallManager, requireOrganizer } from './console/call-auth';
import { requireHostSession, revokeSessionsOfOldLinks } from './session-auth';

const createCallBody = z.strictObject({
  title: z.string().trim().min(1).max(120),
  settings: callSettingsSchema.optional(),
  schedule: scheduleInputSchema.optional(),
});
const callParams = z.strictObject({ id: z.string().min(1).max(64) });
const inviteParams = z.strictObject({ id: z.string().min(1).max(64), role: z.enum(ROLES) });

export function inviteLink(publicUrl: string, callId: string, invite: string): string {
  return `${publicUrl}/c/${encodeURIComponent(callId)}?invite=${encodeURIComponent(invite)}`;
}

/** What anyone with the call id may know: never the passcode, never an invite of a private call. */
export function publicCall(call: CallRecord) {
  const { passcode, ...visible } = call.settings;
  const { startsAt, ...schedule } = call.schedule;
  return {
    id: call.id,
    title: call.title,
    status: call.endedAt === null ? ('open' as const) : ('ended' as const),
    createdAt: call.createdAt,
    endedAt: call.endedAt,
    needsPasscode: passcode !== null,
    settings: visible,
    schedule: { ...schedule, startsAt: startsAt === null ? null : new Date(startsAt).toISOString() },
  };
}

const calls: FastifyPluginAsync = async (app) => {
  const links = linkKey(app.config.livekit.apiSecret);
  // New calls have no shared host, moderator or speaker link: those powers come from a person
  // (a signed-in organizer, a personal invitation). The participant link stays.
  app.post('/api/calls', async (req, reply) => {
    const by = requireOrganizer(app, req);
    const body = parseOrThrow(createCallBody, req.body, 'call');
    const now = Date.now();
    const schedule = body.schedule ?? NO_SCHEDULE;
    const settings = body.settings ?? DEFAULT_CALL_SETTINGS;
    const id = newCallId();
    const participant = newParticipantLink(links, id);
    const call: CallRecord = {
      id,
      title: body.title,
      settings: await withHashedPasscode(settings),
      createdAt: now,
      endedAt: null,
      schedule,
      publicInvite: schedule.public ? participant.stored : null,
    };
    const invite: InviteRecord = { tokenHash: hashSecret(participant.invite), callId: call.id, role: 'participant', createdAt: now, revokedAt: null };
    app.accounts.transaction(() => {
      app.store.createCall(call, [invite]);
      app.accounts.markCall(call.id, { sharedLinks: false, createdBy: actorOf(by), participantInvite: participant.stored });
    });
    const created = { participant: inviteLink(app.config.publicUrl, call.id, participant.invite) };
    req.log.info({ callId: call.id }, 'call created');
    return reply.status(201).send({ call: { ...publicCall(call), settings: settingsForOrganizers(call.settings) }, links: created });
  });

  app.get('/api/calls/:id', async (req) => {
    const { id } = parseOrThrow(callParams, req.params, 'path');
    const call = app.store.getCall(id);
    if (!call) throw new HttpError(404, 'not_found', 'No such call');
    // Whether people walk in (or wait in the lobby) or wait for the host to open the doors of an
    // announced call: the join screen and the pre-call room show which.
    const doorsOpen = call.endedAt === null ? (app.calls.get(id)?.state.settings.doorsOpen ?? true) : true;
    return { call: { ...publicCall(call), doorsOpen } };
  });

  // Rotating a role's link: the old invite stops working at once; people already in stay.
  app.post('/api/calls/:id/invites/:role', async (req) => {
    const { id, role } = parseOrThrow(inviteParams, req.params, 'path');
    const call = app.store.getCall(id);
    if (!call) throw new HttpError(404, 'not_found', 'No such call');
    requireCallManager(app, req, id);
    if (call.endedAt !== null) throw new HttpError(409, 'call_ended', 'This call has ended');
    if (role !== 'participant' && app.accounts.ownership(id)?.sharedLinks === false) {
      throw new HttpError(409, 'conflict', 'This call has no shared link for this role: send personal invitations');
    }
    // The participant link's invite is derived (participant-links.ts); older shared staff links are random.
    const participant = role === 'participant' ? newParticipantLink(links, id) : null;
    const secret = participant?.invite ?? newSecret();
    app.store.rotateInvite({ tokenHash: hashSecret(secret), callId: id, role, createdAt: Date.now(), revokedAt: null });
    if (participant) {
      app.accounts.setParticipantInvite(id, participant.stored);
      if (call.schedule.public) app.store.updateSchedule(id, call.schedule, participant.stored);
    }
    const revoked = revokeSessionsOfOldLinks(app, id, role);
    req.log.info({ callId: id, role, revokedSessions: revoked }, 'invite rotated');
    return { role, link: inviteLink(app.config.publicUrl, id, secret) };
  });

  // Announce, re-time or withdraw a call. Making a call public publishes a fresh participant
  // link (the old, private one stops working); making it private again rotates it once more.
  app.put('/api/calls/:id/schedule', async (req) => {
    const { id } = parseOrThrow(callParams, req.params, 'path');
    const call = app.store.getCall(id);
    if (!call) throw new HttpError(404, 'not_found', 'No such call');
    requireCallManager(app, req, id);
    const schedule = parseOrThrow(scheduleInputSchema, req.body, 'schedule');
    let publicInvite = call.publicInvite;
    let link: string | null = null;
    if (schedule.public !== call.schedule.public) {
      const participant = newParticipantLink(links, id);
      app.store.rotateInvite({ tokenHash: hashSecret(participant.invite), callId: id, role: 'participant', createdAt: Date.now(), revokedAt: null });
      app.accounts.setParticipantInvite(id, participant.stored);
      revokeSessionsOfOldLinks(app, id, 'participant');
      publicInvite = schedule.public ? participant.stored : null;
      link = inviteLink(app.config.publicUrl, id, participant.invite);
    }
    app.store.updateSchedule(id, schedule, publicInvite);
    return { call: publicCall(app.store.getCall(id)!), ...(link ? { links: { participant: link } } : {}) };
  });

  app.post('/api/calls/:id/end', async (req) => {
    const { id } = parseOrThrow(callParams, req.params, 'path');
    const call = app.store.getCall(id);
    if (!call) throw new HttpError(404, 'not_found', 'No such call');
    const session = requireHostSession(app, req, id);
    if (call.endedAt !== null) throw new HttpError(409, 'call_ended', 'This call has already ended');
    const room = app.calls.get(id);
    const result = await room!.execute({ type: 'end_call' }, session.identity);
    if (!result.ok) throw new HttpError(403, 'forbidden', result.error.message);
    return { call: publicCall(app.store.getCall(id)!) };
  });
};

export default calls;

// Getting in: an invite link, a name, maybe a passcode. The HTTP join checks the credential and
// refuses early what the call would refuse now (locked, full, banned, ended), then mints a
// session bound to this browser. It creates NO membership: the person enters the call at their
// first websocket hello (socket-session.ts), where the join runs for real and LiveKit credentials
// arrive in the `admitted` frame. Joins that never connect neither count as present nor take a
// place in a capped call.
import { decide, impersonatedBy, membershipOf, normalizeDisplayName, type Role } from '@caucus/shared';
import type { FastifyPluginAsync } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { passcodeMatches } from '../calls/passcodes';
import { hashSecret, newIdentity, newSecret } from '../calls/secrets';
import { hashNetwork, networkOf } from '../http/network';
import type { CallRoom } from '../calls/call-room';
import { HttpError } from '../http/errors';
import { FailureThrottle } from '../http/throttle';
import { parseOrThrow } from '../http/validate';
import { claimPersonal, joinCredential, releasePersonal } from '../accounts/call-access';
import { ensureDevice } from './device-cookie';
import { requireSession } from './session-auth';
import { claimRegistration, memberOrgOf, releaseRegistration } from '../registration/join-access';

const joinBody = z.strictObject({
  /** Absent: a signed-in coalition account (cookie and CSRF token) joins with its own role. */
  invite: z.string().min(1).max(256).optional(),
  name: z.string().max(1000),
  passcode: z.string().max(64).optional(),
});
const callParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Wrong passcodes: 5 per 10 minutes per IP and call, far stricter than the join rate limit. */
const PASSCODE_FAILURES = { max: 5, windowMs: 10 * 60_000 };

/** Adds a visible suffix when a participant's name looks like a host's, moderator's or speaker's. */
function distinctName(room: CallRoom, name: string, role: Role, identity: string): string {
  if (role !== 'participant') return name;
  // Hosts, moderators and speakers are always on the public record: no pass over everyone.
  return impersonatedBy(room.listedMembers(), name, identity) === null ? name : `${name} (participant)`;
}

const JOIN_ERRORS: Record<string, [number, 'locked' | 'full' | 'banned' | 'call_ended' | 'forbidden']> = {
  locked: [403, 'locked'],
  full: [403, 'full'],
  banned: [403, 'banned'],
  call_ended: [409, 'call_ended'],
};

const join: FastifyPluginAsync = async (app) => {
  const passcodeFailures = new FailureThrottle(PASSCODE_FAILURES.max, PASSCODE_FAILURES.windowMs);
  const secureCookies = app.config.publicUrl.startsWith('https:');

  app.post(
    '/api/calls/:id/join',
    { config: { rateLimit: { max: app.config.joinRateLimit, timeWindow: 60_000 } } },
    async (req, reply) => {
      const { id } = parseOrThrow(callParams, req.params, 'path');
      const body = parseOrThrow(joinBody, req.body, 'join request');
      const call = app.store.getCall(id);
      if (!call) throw new HttpError(404, 'not_found', 'No such call');
      if (call.endedAt !== null) throw new HttpError(409, 'call_ended', 'This call has ended');

      const credential = joinCredential(app, req, id, body.invite);
      const role = credential.role;

      const { settings } = call;
      if (role === 'participant' && settings.passcode !== null) {
        const throttleKey = `${networkOf(req.ip)}|${id}`;
        const wait = passcodeFailures.retryAfter(throttleKey);
        if (wait > 0) {
          reply.header('retry-after', Math.ceil(wait / 1000));
          throw new HttpError(429, 'rate_limited', 'Too many wrong passcodes; try again later');
        }
        if (body.passcode === undefined || !(await passcodeMatches(settings.passcode, body.passcode))) {
          passcodeFailures.fail(throttleKey);
          throw new HttpError(403, 'bad_passcode', body.passcode === undefined ? 'This call needs a passcode' : 'Wrong passcode');
        }
      }

      // A registration's personal link admits under the registered name, whatever the form says.
      const named = normalizeDisplayName(credential.registration ? credential.registration.name : body.name);
      if (!named.ok) throw new HttpError(400, 'invalid_input', `Invalid name: ${named.message}`, [{ path: ['name'], message: named.message }]);

      const room = app.calls.get(id)!;
      const device = ensureDevice(req, reply, secureCookies);
      const ipHash = hashNetwork(req.ip, app.config.livekit.apiSecret);
      // Banned here or in another call of the coalition (browser, network, account, invitation):
      // refused before anything is claimed or stored.
      const banned = app.bans.check({
        callId: id,
        identity: credential.personal?.identity ?? credential.registration?.identity ?? null,
        role,
        device,
        ipHashes: [ipHash],
        accountId: credential.accountId ?? credential.personal?.accountId ?? null,
        invitationId: credential.personal?.id ?? credential.registration?.id ?? null,
      });
      if (banned) {
        req.log.info({ callId: id, banId: banned.ban.id, hold: banned.hold }, 'join refused: banned');
        throw new HttpError(403, 'banned', banned.ban.callId === id ? 'You are banned from this call' : "You are banned from this coalition's calls");
      }
      // A personal invitation or a registration's link is one person: bound to the first browser
      // that gets in with it, which gets its identity back each time. A shared link mints a new
      // person every time: a device cookie with the public link must not hand over anyone's name
      // or place in the queue.
      const personal = credential.personal
        ? claimPersonal(app, credential.personal, device, newIdentity())
        : credential.registration
          ? claimRegistration(app, credential.registration, device, newIdentity())
          : null;
      const release = () => {
        if (personal?.claimed && credential.personal) releasePersonal(app, credential.personal, device);
        if (personal?.claimed && credential.registration) releaseRegistration(app, credential.registration, device);
      };
      const identity = personal?.identity ?? newIdentity();
      const name = distinctName(room, named.name, role, identity);
      // A registration's link carries its member organization and that the person registered.
      const membership = credential.registration ? { org: memberOrgOf(app, credential.registration), registered: true } : { org: null, registered: false };

      // Would the call let this person in right now? The same decision the hello will take, on
      // the current state, without recording anything.
      const trial = decide(
        room.state,
        { type: 'join', identity, name, role, device, ipHash, ...membershipOf(membership) },
        { actor: 'system', now: Date.now(), id: randomUUID() },
      );
      if (!trial.ok) {
        release();
        const [status, code] = JOIN_ERRORS[trial.error.code] ?? [403, 'forbidden'];
        throw new HttpError(status, code, trial.error.message);
      }

      const sessionToken = newSecret();
      const mintedBy = credential.personal?.id ?? credential.registration?.id ?? (body.invite !== undefined ? hashSecret(body.invite) : null);
      const now = Date.now();
      app.store.putSession({
        tokenHash: hashSecret(sessionToken),
        callId: id,
        identity,
        role,
        name,
        device,
        ipHash,
        createdAt: now,
        mintedBy,
        lastSeenAt: now,
        revokedAt: null,
        ...membership,
      });
      req.log.info({ callId: id, identity, role }, 'session minted');
      // `lobby`: whether they will wait in the lobby when they connect, as the call stands now.
      const lobby = trial.events.some((e) => e.type === 'member_waiting');
      return { role, identity, name, sessionToken, lobby, call: { id, title: call.title } };
    },
  );

  // A fresh LiveKit token for a reconnecting client (tokens live 10 minutes). Refused to anyone the
  // moderation state would not let into the room: lobby, removed, banned.
  app.post('/api/calls/:id/token', async (req) => {
    const { id } = parseOrThrow(callParams, req.params, 'path');
    const call = app.store.getCall(id);
    if (!call) throw new HttpError(404, 'not_found', 'No such call');
    if (call.endedAt !== null) throw new HttpError(409, 'call_ended', 'This call has ended');
    const session = requireSession(app, req, id);
    const room = app.calls.get(id)!;
    const livekit = await room.tokenFor(session.identity);
    if (!livekit) {
      const banned = room.state.bans.has(session.identity);
      throw new HttpError(403, banned ? 'banned' : 'forbidden', banned ? 'You are banned from this call' : 'You are not admitted to this call');
    }
    return { livekit };
  });
};

export default join;

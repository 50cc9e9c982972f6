// A session token (from POST /join) authenticates a person for the websocket and for the few HTTP
// routes that act on their behalf (token refresh, the host's link rotation and end call).
// A session is bound to the browser that joined (its device cookie), expires when the call ends
// (a hello is then refused `call_ended`) and after SESSION_IDLE_MS without use, and is revoked
// when the link that minted it is rotated while its person is not present.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashSecret } from '../calls/secrets';
import { HttpError } from '../http/errors';
import type { SessionRecord } from '../store/store';
import { deviceOf } from './device-cookie';

/** A session unused this long (no socket, no request) is expired: the person joins again. */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;

export type SessionCheck = { ok: true; session: SessionRecord } | { ok: false; message: string };

const UNKNOWN: SessionCheck = { ok: false, message: 'Unknown session for this call; join again' };

/**
 * The session this token stands for in this call, if it may still be used from this browser
 * (`device`: the hash of the request's device cookie). Using it counts as activity.
 */
export function checkSession(app: FastifyInstance, token: string | undefined | null, callId: string, device: string | null, now = Date.now()): SessionCheck {
  if (!token || token.length > 256) return UNKNOWN;
  const session = app.store.findSession(hashSecret(token));
  if (!session || session.callId !== callId) return UNKNOWN;
  // Older sessions (before binding) have no device on record; every session minted since has one.
  if (session.device !== null && session.device !== device) return { ok: false, message: 'This session belongs to another browser; join again' };
  if (session.revokedAt !== null) return { ok: false, message: 'The link you joined with has been replaced; ask the host for the new one' };
  // A socket on this instance, or (cluster mode) present in the call through another instance's.
  const room = app.calls.get(callId);
  const connected = room ? room.isConnected(session.identity) || room.isPresent(session.identity) : false;
  if (!connected && now - (session.lastSeenAt ?? session.createdAt) > SESSION_IDLE_MS) {
    return { ok: false, message: 'Your session expired; join again' };
  }
  app.store.touchSession(session.tokenHash, now);
  return { ok: true, session };
}

export function requireSession(app: FastifyInstance, req: FastifyRequest, callId: string): SessionRecord {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
  if (!token) throw new HttpError(401, 'unauthorized', 'Send your session token as "Authorization: Bearer <token>"');
  const checked = checkSession(app, token, callId, deviceOf(req, app.config.publicUrl.startsWith('https:')));
  if (!checked.ok) throw new HttpError(401, 'unauthorized', checked.message);
  return checked.session;
}

export function requireHostSession(app: FastifyInstance, req: FastifyRequest, callId: string): SessionRecord {
  const session = requireSession(app, req, callId);
  if (session.role !== 'host') throw new HttpError(403, 'forbidden', 'Only the host may do this');
  return session;
}

/**
 * After a link of this role was rotated: every session minted through an old link whose person is
 * not present right now is revoked (a sleeper kept from before cannot come back through it), and
 * anyone of them knocking in the lobby is turned away. People present keep their session.
 */
export function revokeSessionsOfOldLinks(app: FastifyInstance, callId: string, role: SessionRecord['role']): number {
  const room = app.calls.get(callId);
  const present = new Set<string>();
  if (room) for (const m of room.state.members.values()) if (m.status === 'present') present.add(m.identity);
  const revoked = app.store.revokeSessionsOfRevokedLinks(callId, role, present, Date.now());
  if (room && room.state.status !== 'ended') {
    for (const identity of revoked) {
      if (room.state.lobby.get(identity)?.status === 'waiting') room.execute({ type: 'expel', identity, reason: 'link replaced' }, 'system');
    }
  }
  return revoked.length;
}

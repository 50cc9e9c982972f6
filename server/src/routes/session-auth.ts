// A session token (from POST /join) authenticates a person for the websocket and for the few HTTP
// routes that act on their behalf (token refresh, the host's link rotation and end call).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hashSecret } from '../calls/secrets';
import { HttpError } from '../http/errors';
import type { SessionRecord } from '../store/store';

export function sessionFromToken(app: FastifyInstance, token: string | undefined | null, callId: string): SessionRecord | null {
  if (!token || token.length > 256) return null;
  const session = app.store.findSession(hashSecret(token));
  return session && session.callId === callId ? session : null;
}

export function requireSession(app: FastifyInstance, req: FastifyRequest, callId: string): SessionRecord {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
  if (!token) throw new HttpError(401, 'unauthorized', 'Send your session token as "Authorization: Bearer <token>"');
  const session = sessionFromToken(app, token, callId);
  if (!session) throw new HttpError(401, 'unauthorized', 'Unknown session for this call');
  return session;
}

export function requireHostSession(app: FastifyInstance, req: FastifyRequest, callId: string): SessionRecord {
  const session = requireSession(app, req, callId);
  if (session.role !== 'host') throw new HttpError(403, 'forbidden', 'Only the host may do this');
  return session;
}

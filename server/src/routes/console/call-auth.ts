// Who may manage one call: the organizer key, an owner or organizer (API token, or signed in with
// the CSRF token), or, for the in-call controls that predate accounts, the call's host session.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkCsrf, principalOf, RUNS_CALLS, type Principal } from '../../accounts/principal';
import { HttpError } from '../../http/errors';
import { requireHostSession } from '../session-auth';

export function organizerOf(app: FastifyInstance, req: FastifyRequest): Principal | null {
  const p = principalOf(app, req);
  if (!p || p.kind === 'key') return p;
  if (p.via === 'cookie') checkCsrf(app, req, p.session);
  if (!RUNS_CALLS.includes(p.account.role)) throw new HttpError(403, 'forbidden', 'Only owners and organizers manage calls');
  return p;
}

export function requireOrganizer(app: FastifyInstance, req: FastifyRequest): Principal {
  const p = organizerOf(app, req);
  if (!p) throw new HttpError(401, 'unauthorized', 'Send an API token or the organizer key as "Authorization: Bearer <key>", or sign in');
  return p;
}

/** An organizer, else the call's host session (Authorization: Bearer <session token>). */
export function requireCallManager(app: FastifyInstance, req: FastifyRequest, callId: string): Principal | { kind: 'host' } {
  const p = organizerOf(app, req);
  if (p) return p;
  requireHostSession(app, req, callId);
  return { kind: 'host' };
}

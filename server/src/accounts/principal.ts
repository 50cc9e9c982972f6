// Who is asking. A request speaks for a coalition account through its session cookie (the web
// console) or an API token (automation), or for the deployment through CAUCUS_ORGANIZER_KEY.
// Cookie-authenticated state changes must carry the session's CSRF token and, when the browser
// sends one, our own Origin: SameSite=Lax alone leaves same-site subdomains and old browsers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hashSecret, safeEqual } from '../calls/secrets';
import { HttpError } from '../http/errors';
import type { Account, AccountRole, AccountSession } from './account-store';
import { newId, newLinkToken } from './tokens';

export const SESSION_COOKIE = '__Host-caucus_session';
export const CSRF_HEADER = 'x-csrf-token';
/** Signed out after a day without a request, and after a week whatever happens. */
export const SESSION_IDLE_MS = 24 * 60 * 60_000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60_000;
/** last_seen_at is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export type Principal =
  | { kind: 'key' }
  | { kind: 'account'; account: Account; via: 'cookie'; session: AccountSession }
  | { kind: 'account'; account: Account; via: 'token'; tokenId: string };

/** Owners and organizers run calls; moderators only moderate the calls they are assigned to. */
export const RUNS_CALLS: readonly AccountRole[] = ['owner', 'organizer'];

export function bearer(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
}

export function startSession(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, account: Account): AccountSession {
  const token = newLinkToken();
  const now = Date.now();
  const session: AccountSession = {
    tokenHash: hashSecret(token),
    id: newId(),
    accountId: account.id,
    csrfToken: newLinkToken(),
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 200),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + SESSION_ABSOLUTE_MS,
  };
  app.accounts.createSession(session);
  // __Host-: Secure, Path=/, no Domain. Browsers accept Secure cookies on http://localhost too.
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
  return session;
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
}

/** The live session of this request's cookie, or null (expired ones are deleted on sight). */
export function cookieSession(app: FastifyInstance, req: FastifyRequest): { session: AccountSession; account: Account } | null {
  const token = req.cookies[SESSION_COOKIE];
  if (!token || token.length > 128) return null;
  const hash = hashSecret(token);
  const session = app.accounts.findSession(hash);
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt <= now || session.lastSeenAt + SESSION_IDLE_MS <= now) {
    app.accounts.deleteSession(hash);
    return null;
  }
  const account = app.accounts.getAccount(session.accountId);
  if (!account) return null;
  if (now - session.lastSeenAt > TOUCH_EVERY_MS) app.accounts.touchSession(hash, now);
  return { session, account };
}

/**
 * The principal of a request, or null when it carries no credential at all. A bearer that is
 * neither the organizer key nor an API token is not ours to judge here (it may be a call session
 * token): null too. A request with a bearer never falls back to its cookie.
 */
export function principalOf(app: FastifyInstance, req: FastifyRequest): Principal | null {
  const key = bearer(req);
  if (key !== null) {
    if (safeEqual(key, app.config.organizerKey)) return { kind: 'key' };
    if (!key.startsWith('caucus_pat_') || key.length > 128) return null;
    const token = app.accounts.findToken(hashSecret(key));
    const account = token ? app.accounts.getAccount(token.accountId) : null;
    if (!token || !account) return null;
    if (token.lastUsedAt === null || Date.now() - token.lastUsedAt > TOUCH_EVERY_MS) app.accounts.useToken(token.id, Date.now());
    return { kind: 'account', account, via: 'token', tokenId: token.id };
  }
  const found = cookieSession(app, req);
  return found ? { kind: 'account', account: found.account, via: 'cookie', session: found.session } : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Throws unless a cookie-authenticated state change carries its CSRF token and our Origin. */
export function checkCsrf(app: FastifyInstance, req: FastifyRequest, session: AccountSession): void {
  if (SAFE_METHODS.has(req.method)) return;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== new URL(app.config.publicUrl).origin) {
    throw new HttpError(403, 'csrf', 'Cross-site request refused');
  }
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) {
    throw new HttpError(403, 'csrf', `Send the CSRF token of your session in the ${CSRF_HEADER} header`);
  }
}

/** Sign-in routes (no session yet) refuse foreign origins: no login CSRF. */
export function checkOrigin(app: FastifyInstance, req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== new URL(app.config.publicUrl).origin) {
    throw new HttpError(403, 'csrf', 'Cross-site request refused');
  }
}

/** A signed-in account (cookie with CSRF, or API token) with one of `roles`. */
export function requireAccount(
  app: FastifyInstance,
  req: FastifyRequest,
  roles: readonly AccountRole[] = ['owner', 'organizer', 'moderator'],
): Extract<Principal, { kind: 'account' }> {
  const p = principalOf(app, req);
  if (!p) throw new HttpError(401, 'unauthorized', 'Sign in, or send an API token as "Authorization: Bearer <token>"');
  if (p.kind === 'key') throw new HttpError(403, 'forbidden', 'The organizer key does not stand for a person; sign in');
  if (p.via === 'cookie') checkCsrf(app, req, p.session);
  if (!roles.includes(p.account.role)) throw new HttpError(403, 'forbidden', `Only a coalition ${roles.join(' or ')} may do this`);
  return p;
}

/** Who did it, for the records: an account id, or null for the organizer key. */
export const actorOf = (p: Principal) => (p.kind === 'account' ? p.account.id : null);

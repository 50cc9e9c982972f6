// Signing in and out: the setup link and member invitations create accounts; passkeys first,
// passwords as the fallback. Every credential route is rate limited per IP, wrong passwords also
// per account, and every failure reads the same whether or not the account exists.
import type { FastifyPluginAsync } from 'fastify';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../calls/secrets';
import { HttpError } from '../../http/errors';
import { FailureThrottle } from '../../http/throttle';
import { parseOrThrow } from '../../http/validate';
import type { Account } from '../../accounts/account-store';
import { checkPassword, hashPassword } from '../../accounts/passwords';
import { checkCsrf, checkOrigin, clearSessionCookie, cookieSession, startSession } from '../../accounts/principal';
import { newId } from '../../accounts/tokens';
import { authenticationOptions, verifyAuthentication } from '../../accounts/webauthn';
import { claimBody, passkeySignInBody, passwordSignInBody } from './schemas';

/** Wrong passwords per account (and per unknown email alike): 5 per 15 minutes. */
const PASSWORD_FAILURES = { max: 5, windowMs: 15 * 60_000 };
const SIGN_IN_FAILED = 'Sign-in failed: wrong email or password';

export const publicAccount = (a: Account) => ({ id: a.id, name: a.name, email: a.email, role: a.role });

const auth: FastifyPluginAsync = async (app) => {
  const limited = { config: { rateLimit: { max: app.config.authRateLimit, timeWindow: 60_000 } } };
  const passwordFailures = new FailureThrottle(PASSWORD_FAILURES.max, PASSWORD_FAILURES.windowMs);

  // What the web app needs to pick a screen: is there an owner yet, who is signed in, and the
  // CSRF token every state change of this session must carry.
  app.get('/api/auth/state', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const found = cookieSession(app, req);
    return {
      setupNeeded: app.accounts.countAccounts() === 0,
      account: found ? publicAccount(found.account) : null,
      csrfToken: found?.session.csrfToken ?? null,
    };
  });

  // The setup link (creates the owner) and member invitations (create an organizer or moderator):
  // single use, expiring; the account is signed in at once and adds a passkey next.
  app.post('/api/auth/claim', limited, async (req, reply) => {
    checkOrigin(app, req);
    const body = parseOrThrow(claimBody, req.body, 'account');
    const invitation = app.accounts.findInvitation(hashSecret(body.token));
    const now = Date.now();
    if (!invitation || invitation.revokedAt !== null) throw new HttpError(403, 'bad_invite', 'This link is not valid');
    if (invitation.usedAt !== null) throw new HttpError(403, 'invitation_used', 'This link has already been used');
    if (invitation.expiresAt <= now) throw new HttpError(410, 'link_expired', 'This link has expired; ask for a new one');
    if (invitation.kind === 'setup' && app.accounts.countAccounts() > 0) throw new HttpError(403, 'invitation_used', 'This coalition already has an owner');
    const passwordHash = body.password === undefined ? null : await hashPassword(body.password);
    const account: Account = {
      id: newId(),
      name: body.name,
      email: body.email,
      role: invitation.role,
      passwordHash,
      webauthnUserId: randomBytes(16).toString('base64url'),
      createdAt: now,
    };
    const created = app.accounts.transaction(() => {
      if (app.accounts.findAccountByEmail(body.email)) return 'taken' as const;
      if (!app.accounts.useInvitation(invitation.id, now)) return 'used' as const;
      app.accounts.createAccount(account);
      return 'ok' as const;
    });
    if (created === 'used') throw new HttpError(403, 'invitation_used', 'This link has already been used');
    if (created === 'taken') throw new HttpError(409, 'conflict', 'An account with this email exists; sign in instead');
    const session = startSession(app, req, reply, account);
    req.log.info({ accountId: account.id, role: account.role, via: invitation.kind }, 'account created');
    return reply.status(201).send({ account: publicAccount(account), csrfToken: session.csrfToken });
  });

  app.post('/api/auth/password', limited, async (req, reply) => {
    checkOrigin(app, req);
    const body = parseOrThrow(passwordSignInBody, req.body, 'sign-in');
    const key = body.email.trim().toLowerCase();
    const wait = passwordFailures.retryAfter(key);
    if (wait > 0) {
      reply.header('retry-after', Math.ceil(wait / 1000));
      throw new HttpError(429, 'rate_limited', 'Too many failed sign-ins for this account; try again later');
    }
    const account = app.accounts.findAccountByEmail(key);
    // Same work, same answer for an unknown email, an account without a password and a wrong one.
    if (!(await checkPassword(account?.passwordHash ?? null, body.password)) || !account) {
      passwordFailures.fail(key);
      throw new HttpError(401, 'sign_in_failed', SIGN_IN_FAILED);
    }
    const session = startSession(app, req, reply, account);
    return { account: publicAccount(account), csrfToken: session.csrfToken };
  });

  app.post('/api/auth/passkey/options', limited, async (req) => {
    checkOrigin(app, req);
    return authenticationOptions(app);
  });

  app.post('/api/auth/passkey', limited, async (req, reply) => {
    checkOrigin(app, req);
    const body = parseOrThrow(passkeySignInBody, req.body, 'passkey sign-in');
    const account = await verifyAuthentication(app, body.ceremony, body.response);
    if (!account) throw new HttpError(401, 'sign_in_failed', 'Sign-in failed: this passkey was not accepted');
    const session = startSession(app, req, reply, account);
    return { account: publicAccount(account), csrfToken: session.csrfToken };
  });

  app.post('/api/auth/sign-out', async (req, reply) => {
    const found = cookieSession(app, req);
    if (found) {
      checkCsrf(app, req, found.session);
      app.accounts.deleteSession(found.session.tokenHash);
    }
    clearSessionCookie(reply);
    return reply.status(204).send();
  });
};

export default auth;

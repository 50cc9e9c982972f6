// The account page: passkeys, password, signed-in sessions (revoke one, sign out everywhere) and
// API tokens (shown once, stored hashed, acting with the account's role).
import type { FastifyPluginAsync } from 'fastify';
import { hashSecret } from '../../calls/secrets';
import { HttpError } from '../../http/errors';
import { FailureThrottle } from '../../http/throttle';
import { parseOrThrow } from '../../http/validate';
import { checkPassword, hashPassword } from '../../accounts/passwords';
import { clearSessionCookie, requireAccount } from '../../accounts/principal';
import { newApiToken, newId } from '../../accounts/tokens';
import { registrationOptions, verifyRegistration } from '../../accounts/webauthn';
import { publicAccount } from './auth';
import { idParams, passkeyAddBody, passwordChangeBody, tokenBody } from './schemas';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

const account: FastifyPluginAsync = async (app) => {
  const limited = { config: { rateLimit: { max: app.config.authRateLimit, timeWindow: 60_000 } } };
  const currentPasswordFailures = new FailureThrottle(5, 15 * 60_000);

  app.get('/api/account', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const me = requireAccount(app, req);
    const current = me.via === 'cookie' ? me.session.id : null;
    return {
      account: publicAccount(me.account),
      hasPassword: me.account.passwordHash !== null,
      passkeys: app.accounts.passkeysOf(me.account.id).map((p) => ({ id: p.id, name: p.name, createdAt: iso(p.createdAt), lastUsedAt: iso(p.lastUsedAt) })),
      sessions: app.accounts.sessionsOf(me.account.id).map((s) => ({
        id: s.id,
        userAgent: s.userAgent,
        createdAt: iso(s.createdAt),
        lastSeenAt: iso(s.lastSeenAt),
        current: s.id === current,
      })),
      tokens: app.accounts.tokensOf(me.account.id).map((t) => ({ id: t.id, name: t.name, createdAt: iso(t.createdAt), lastUsedAt: iso(t.lastUsedAt) })),
    };
  });

  // Passkeys are added by a signed-in browser only (an API token cannot enrol one).
  app.post('/api/account/passkeys/options', limited, async (req) => {
    const me = requireAccount(app, req);
    if (me.via !== 'cookie') throw new HttpError(403, 'forbidden', 'Add passkeys from a signed-in browser');
    return registrationOptions(app, me.account);
  });

  app.post('/api/account/passkeys', limited, async (req, reply) => {
    const me = requireAccount(app, req);
    if (me.via !== 'cookie') throw new HttpError(403, 'forbidden', 'Add passkeys from a signed-in browser');
    const body = parseOrThrow(passkeyAddBody, req.body, 'passkey');
    const count = app.accounts.passkeysOf(me.account.id).length;
    const passkey = await verifyRegistration(app, me.account, body.ceremony, body.response, body.name ?? `Passkey ${count + 1}`);
    req.log.info({ accountId: me.account.id }, 'passkey added');
    return reply.status(201).send({ id: passkey.id, name: passkey.name, createdAt: iso(passkey.createdAt) });
  });

  app.delete('/api/account/passkeys/:id', async (req, reply) => {
    const me = requireAccount(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    const passkeys = app.accounts.passkeysOf(me.account.id);
    if (!passkeys.some((p) => p.id === id)) throw new HttpError(404, 'not_found', 'No such passkey');
    if (passkeys.length === 1 && me.account.passwordHash === null) {
      throw new HttpError(409, 'conflict', 'This is your only way to sign in: set a password or add another passkey first');
    }
    app.accounts.deletePasskey(id, me.account.id);
    return reply.status(204).send();
  });

  app.put('/api/account/password', limited, async (req, reply) => {
    const me = requireAccount(app, req);
    const body = parseOrThrow(passwordChangeBody, req.body, 'password');
    if (me.account.passwordHash !== null) {
      const wait = currentPasswordFailures.retryAfter(me.account.id);
      if (wait > 0) throw new HttpError(429, 'rate_limited', 'Too many wrong passwords; try again later');
      if (body.current === undefined || !(await checkPassword(me.account.passwordHash, body.current))) {
        currentPasswordFailures.fail(me.account.id);
        throw new HttpError(403, 'forbidden', 'Your current password is wrong');
      }
    }
    app.accounts.setPassword(me.account.id, await hashPassword(body.password));
    // A changed password is often a suspected leak: every other browser signs in again.
    app.accounts.deleteOtherSessions(me.account.id, me.via === 'cookie' ? me.session.tokenHash : null);
    return reply.status(204).send();
  });

  app.delete('/api/account/sessions/:id', async (req, reply) => {
    const me = requireAccount(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    if (!app.accounts.deleteSessionById(id, me.account.id)) throw new HttpError(404, 'not_found', 'No such session');
    if (me.via === 'cookie' && me.session.id === id) clearSessionCookie(reply);
    return reply.status(204).send();
  });

  // Ends every browser session of the account, this one included. API tokens are separate
  // credentials with their own revocation (listed on the same page).
  app.post('/api/account/sign-out-everywhere', async (req, reply) => {
    const me = requireAccount(app, req);
    const ended = app.accounts.deleteSessionsOf(me.account.id);
    clearSessionCookie(reply);
    req.log.info({ accountId: me.account.id, ended }, 'signed out everywhere');
    return { ended };
  });

  app.post('/api/account/tokens', async (req, reply) => {
    const me = requireAccount(app, req);
    if (me.via !== 'cookie') throw new HttpError(403, 'forbidden', 'Create API tokens from a signed-in browser');
    const { name } = parseOrThrow(tokenBody, req.body, 'token');
    const token = newApiToken();
    const id = newId();
    app.accounts.createToken({ id, tokenHash: hashSecret(token), accountId: me.account.id, name, createdAt: Date.now() });
    // The only time the token is shown: it is stored hashed.
    return reply.status(201).send({ id, name, token });
  });

  app.delete('/api/account/tokens/:id', async (req, reply) => {
    const me = requireAccount(app, req);
    const { id } = parseOrThrow(idParams, req.params, 'path');
    if (!app.accounts.deleteToken(id, me.account.id)) throw new HttpError(404, 'not_found', 'No such token');
    return reply.status(204).send();
  });
};

export default account;

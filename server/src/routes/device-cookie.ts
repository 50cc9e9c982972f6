// The device cookie: a long-lived random id per browser. Bans match it (a rejoin from the same
// browser through a fresh link), and every call session is bound to it: a session token copied
// out of a browser is useless without the cookie, which scripts cannot read (HttpOnly).
//
// Over https it is `__Host-caucus_device`: Secure, Path=/, no Domain, so neither a sibling
// subdomain nor a plain-http page can set or overwrite it (cookie tossing would let a troll plant
// a known device id in a victim's browser). Browsers refuse `__Host-` cookies without Secure, so
// an http origin (a developer's machine, the tests on 127.0.0.1) uses the plain name instead.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../calls/secrets';

export const DEVICE_COOKIE = 'caucus_device';
export const SECURE_DEVICE_COOKIE = `__Host-${DEVICE_COOKIE}`;
const DEVICE_FORMAT = /^[A-Za-z0-9_-]{16,64}$/;

export const deviceCookieName = (secure: boolean) => (secure ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE);

/** The hash of this request's device cookie (the form sessions and bans keep), or null without one. */
export function deviceOf(req: FastifyRequest, secure: boolean): string | null {
  const value = req.cookies[deviceCookieName(secure)];
  return value && DEVICE_FORMAT.test(value) ? hashSecret(value) : null;
}

/** The device of this browser, set now if it has none. Returns its hash. */
export function ensureDevice(req: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const existing = deviceOf(req, secure);
  if (existing) return existing;
  const device = randomBytes(18).toString('base64url');
  reply.setCookie(deviceCookieName(secure), device, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: 60 * 60 * 24 * 365,
  });
  return hashSecret(device);
}

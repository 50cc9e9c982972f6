// A signed-in browser for tests, as the web console is: the session cookie travels by itself, the
// CSRF token goes in its header on every state change, and the Origin is the server's own.
import type { FastifyInstance } from 'fastify';
import { createSetupLink } from '../server/src/accounts/setup';
import { api, firstHello } from './api';
import { rememberDevice } from './session-devices';

export const PASSWORD = 'a long enough passphrase';

export class SignedIn {
  constructor(
    readonly baseUrl: string,
    public cookie: string,
    public csrf: string,
    readonly account: { id: string; name: string; email: string; role: string },
  ) {}

  /** A request as the console sends it; `csrf: false` leaves the token out (to test refusals). */
  request(method: string, path: string, body?: unknown, opts: { csrf?: boolean; origin?: string; headers?: Record<string, string> } = {}) {
    return api(this.baseUrl, method, path, body, {
      cookie: this.cookie,
      origin: opts.origin ?? this.baseUrl,
      ...(opts.csrf === false ? {} : { 'x-csrf-token': this.csrf }),
      ...(opts.headers ?? {}),
    });
  }

  /**
   * Joins a call as this account (no invite) and says the first hello, where membership starts;
   * the session is bound to the device cookie the join set, as it would be in this browser.
   */
  async joinCall(callId: string, name: string) {
    const res = await this.request('POST', `/api/calls/${callId}/join`, { name });
    if (res.status !== 200) return res;
    rememberDevice(res.json.sessionToken, /caucus_device=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? null);
    await firstHello(this.baseUrl, callId, res.json.sessionToken);
    return res;
  }
}

export function sessionCookieOf(headers: Headers): string | null {
  const set = headers.getSetCookie().find((c) => c.startsWith('__Host-caucus_session='));
  return set ? set.split(';')[0]! : null;
}

/** Claims a setup or member invitation link with a password; throws unless it worked. */
export async function claim(baseUrl: string, link: string, name: string, email: string): Promise<SignedIn> {
  const token = new URL(link).searchParams.get('token')!;
  const res = await api(baseUrl, 'POST', '/api/auth/claim', { token, name, email, password: PASSWORD }, { origin: baseUrl });
  if (res.status !== 201) throw new Error(`claim: ${res.status} ${JSON.stringify(res.json)}`);
  return new SignedIn(baseUrl, sessionCookieOf(res.headers)!, res.json.csrfToken, res.json.account);
}

export async function signInWithPassword(baseUrl: string, email: string, password = PASSWORD): Promise<SignedIn> {
  const res = await api(baseUrl, 'POST', '/api/auth/password', { email, password }, { origin: baseUrl });
  if (res.status !== 200) throw new Error(`sign in: ${res.status} ${JSON.stringify(res.json)}`);
  return new SignedIn(baseUrl, sessionCookieOf(res.headers)!, res.json.csrfToken, res.json.account);
}

/** The owner of a fresh coalition, through the setup link. */
export async function setUpOwner(app: FastifyInstance, baseUrl: string, email = 'owner@example.org'): Promise<SignedIn> {
  const link = createSetupLink(app);
  if (!link) throw new Error('the coalition already has an owner');
  return claim(baseUrl, link, 'Olivia Owner', email);
}

/** An organizer or moderator invited by the owner. */
export async function addMember(owner: SignedIn, role: 'organizer' | 'moderator', name: string, email: string): Promise<SignedIn> {
  const res = await owner.request('POST', '/api/coalition/invitations', { role, name });
  if (res.status !== 201) throw new Error(`invite member: ${res.status} ${JSON.stringify(res.json)}`);
  return claim(owner.baseUrl, res.json.link, name, email);
}

// A thin HTTP client for tests: the public API exactly as integrations and the web app use it.
import { ORGANIZER_KEY } from './server';
import { cookieFor, rememberDevice } from './session-devices';
import { TestClient } from './ws-client';

export type RoleName = 'host' | 'moderator' | 'speaker' | 'participant';

export interface CreatedCall {
  call: { id: string; title: string; settings: Record<string, unknown> };
  links: Record<RoleName, string>;
}

export interface Joined {
  role: RoleName;
  identity: string;
  name: string;
  sessionToken: string;
  lobby: boolean;
  livekit: { url: string; token: string } | null;
  /** The device cookie the server set (or the one we sent). */
  device: string | null;
  /** The invite this person joined with (their personal invitation, or the participant link). */
  invite: string;
}

export async function api(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  // A session token goes with its browser's device cookie, as a browser would send it.
  const bearer = headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice(7) : null;
  const cookie = bearer && !('cookie' in headers) ? cookieFor(bearer) : null;
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

const organizer = { authorization: `Bearer ${ORGANIZER_KEY}` };

/** A personal invitation to a call (organizer key): `{id, role, name, link}`. */
export async function invite(baseUrl: string, callId: string, role: 'host' | 'moderator' | 'speaker', name: string) {
  const res = await api(baseUrl, 'POST', `/api/calls/${callId}/invitations`, { role, name }, organizer);
  if (res.status !== 201) throw new Error(`invite ${role}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json as { id: string; role: string; name: string; link: string };
}

/**
 * Creates a call. Calls have only a shared participant link; `links` also carries one personal
 * invitation per staff role (each admits one browser), for tests that use a role's link directly.
 */
export async function createCall(baseUrl: string, settings: Record<string, unknown> = {}, title = 'Coalition call'): Promise<CreatedCall> {
  const res = await api(baseUrl, 'POST', '/api/calls', { title, settings }, organizer);
  if (res.status !== 201) throw new Error(`create call: ${res.status} ${JSON.stringify(res.json)}`);
  const id = res.json.call.id as string;
  const staff = await Promise.all((['host', 'moderator', 'speaker'] as const).map((role) => invite(baseUrl, id, role, `The ${role}`)));
  return { ...res.json, links: { ...res.json.links, host: staff[0]!.link, moderator: staff[1]!.link, speaker: staff[2]!.link } };
}

/** Personal invitations already used, per call, role and browser: a returning browser reuses its own. */
const usedInvitations = new Map<string, string>();

export const inviteOf = (link: string) => new URL(link).searchParams.get('invite')!;

export async function joinRaw(
  baseUrl: string,
  callId: string,
  body: Record<string, unknown>,
  opts: { device?: string | null; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.device) headers.cookie = `caucus_device=${opts.device}`;
  const res = await api(baseUrl, 'POST', `/api/calls/${callId}/join`, body, headers);
  // The browser keeps the device cookie the join set (or the one it sent): its session is bound to it.
  if (res.status === 200) rememberDevice(res.json.sessionToken, deviceSetBy(res.headers) ?? opts.device ?? null);
  return res;
}

const deviceSetBy = (headers: Headers) => /caucus_device=([^;]+)/.exec(headers.get('set-cookie') ?? '')?.[1] ?? null;

/**
 * Joins as a browser opening the call would: the HTTP join (a session), then the first hello on
 * the moderation socket, where membership starts (protocol 5); the LiveKit credentials come from
 * its `admitted` frame. That socket is then dropped (not a goodbye): the person stays in the call
 * for the reconnect grace, and tests connect again with TestClient. `hello: false` stops after
 * the HTTP join (a session that never connected).
 */
export async function join(
  baseUrl: string,
  created: CreatedCall,
  role: RoleName,
  name: string,
  opts: { device?: string | null; passcode?: string; hello?: boolean } = {},
): Promise<Joined> {
  // Each staff member is a person with their own invitation (one browser each); a browser that
  // comes back uses the invitation it joined with.
  const key = (device: string) => `${created.call.id}|${role}|${device}`;
  let invite_ = role === 'participant' ? inviteOf(created.links.participant) : opts.device ? usedInvitations.get(key(opts.device)) : undefined;
  invite_ ??= inviteOf((await invite(baseUrl, created.call.id, role as 'host', name)).link);
  const res = await joinRaw(baseUrl, created.call.id, { invite: invite_, name, ...(opts.passcode ? { passcode: opts.passcode } : {}) }, opts);
  if (res.status !== 200) throw new Error(`join as ${role}: ${res.status} ${JSON.stringify(res.json)}`);
  const device = deviceSetBy(res.headers) ?? opts.device ?? null;
  if (role !== 'participant' && device) usedInvitations.set(key(device), invite_);
  const joined: Joined = { ...res.json, device, invite: invite_, livekit: null };
  if (opts.hello === false) return joined;
  return { ...joined, livekit: await firstHello(baseUrl, created.call.id, joined.sessionToken) };
}

/** Says the first hello and drops the socket; returns the LiveKit credentials it was admitted with. */
export async function firstHello(baseUrl: string, callId: string, sessionToken: string): Promise<Joined['livekit']> {
  const first = await TestClient.connect(baseUrl, callId, sessionToken);
  try {
    const answer = await first.waitFor((f) => f.type === 'snapshot' || f.type === 'error');
    if (answer.type === 'error') throw new Error(`hello refused: ${answer.code} ${answer.message}`);
    return (first.frames.find((f) => f.type === 'admitted')?.livekit as Joined['livekit']) ?? null;
  } finally {
    first.close();
    await first.waitClosed().catch(() => undefined);
  }
}

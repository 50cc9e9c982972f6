// A thin HTTP client for tests: the public API exactly as integrations and the web app use it.
import { ORGANIZER_KEY } from './server';

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
}

export async function api(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
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

export async function createCall(baseUrl: string, settings: Record<string, unknown> = {}, title = 'Coalition call'): Promise<CreatedCall> {
  const res = await api(baseUrl, 'POST', '/api/calls', { title, settings }, { authorization: `Bearer ${ORGANIZER_KEY}` });
  if (res.status !== 201) throw new Error(`create call: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

export const inviteOf = (link: string) => new URL(link).searchParams.get('invite')!;

export async function joinRaw(
  baseUrl: string,
  callId: string,
  body: Record<string, unknown>,
  opts: { device?: string | null; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.device) headers.cookie = `caucus_device=${opts.device}`;
  return api(baseUrl, 'POST', `/api/calls/${callId}/join`, body, headers);
}

export async function join(
  baseUrl: string,
  created: CreatedCall,
  role: RoleName,
  name: string,
  opts: { device?: string | null; passcode?: string } = {},
): Promise<Joined> {
  const res = await joinRaw(
    baseUrl,
    created.call.id,
    { invite: inviteOf(created.links[role]), name, ...(opts.passcode ? { passcode: opts.passcode } : {}) },
    opts,
  );
  if (res.status !== 200) throw new Error(`join as ${role}: ${res.status} ${JSON.stringify(res.json)}`);
  const setCookie = res.headers.get('set-cookie');
  const device = /caucus_device=([^;]+)/.exec(setCookie ?? '')?.[1] ?? opts.device ?? null;
  return { ...res.json, device };
}

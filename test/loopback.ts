// Requests from a chosen loopback address (127.0.0.0/8 is all loopback on Linux), so a test can be
// several networks at once: a troll's second address, a proxy, a client that is not the proxy.
import { request } from 'node:http';
import { rememberDevice } from './session-devices';

export interface LoopbackResponse {
  status: number;
  json: any;
  headers: Record<string, string | string[] | undefined>;
}

/** One HTTP request whose source address is `from` (e.g. 127.0.0.2). */
export function requestFrom(
  from: string,
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LoopbackResponse> {
  const url = new URL(path, baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress: from,
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: any = text;
          try {
            json = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/**
 * POST /api/calls/:id/join from `from`, with a device cookie when given; returns the response and the
 * device cookie, which is remembered for the session as joinRaw does (sessions are bound to it).
 */
export async function joinFrom(
  from: string,
  baseUrl: string,
  callId: string,
  body: Record<string, unknown>,
  opts: { device?: string | null; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.device) headers.cookie = `caucus_device=${opts.device}`;
  const res = await requestFrom(from, baseUrl, 'POST', `/api/calls/${callId}/join`, body, headers);
  const setCookie = [res.headers['set-cookie'] ?? []].flat().join(';');
  const device = /caucus_device=([^;]+)/.exec(setCookie)?.[1] ?? opts.device ?? null;
  // Sessions are bound to their browser: the test clients present this device with the session.
  if (res.status === 200 && typeof res.json?.sessionToken === 'string') rememberDevice(res.json.sessionToken, device);
  return { ...res, device };
}

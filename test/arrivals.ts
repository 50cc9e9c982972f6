// People arriving from a chosen loopback address, as a browser would: the HTTP join (with its
// device cookie kept), then the first hello on the moderation socket from the same address, which
// stays open as the person's client. A raid test is many networks at once this way.
import { invite, inviteOf, type CreatedCall, type RoleName } from './api';
import { joinFrom } from './loopback';
import { rememberDevice } from './session-devices';
import { TestClient } from './ws-client';

export interface Arrival {
  identity: string;
  name: string;
  role: RoleName;
  address: string;
  sessionToken: string;
  device: string | null;
  client: TestClient;
  /** From the `admitted` frame, when let in (not in the lobby). */
  livekit: { url: string; token: string } | null;
}

/** Joins `created` as `role` from `address` and says hello from there; throws when refused. */
export async function arriveFrom(address: string, baseUrl: string, created: CreatedCall, role: RoleName, name: string): Promise<Arrival> {
  const link = role === 'participant' ? created.links.participant : (await invite(baseUrl, created.call.id, role as 'host', name)).link;
  const res = await joinFrom(address, baseUrl, created.call.id, { invite: inviteOf(link), name });
  if (res.status !== 200) throw new Error(`join from ${address}: ${res.status} ${JSON.stringify(res.json)}`);
  const sessionToken = res.json.sessionToken as string;
  rememberDevice(sessionToken, res.device);
  const client = await TestClient.connect(baseUrl, created.call.id, sessionToken, { localAddress: address });
  const first = await client.waitFor((f) => f.type === 'snapshot' || f.type === 'error');
  if (first.type === 'error') throw new Error(`hello from ${address} refused: ${first.code} ${first.message}`);
  const admitted = client.frames.find((f) => f.type === 'admitted');
  return {
    identity: res.json.identity,
    name: res.json.name,
    role,
    address,
    sessionToken,
    device: res.device,
    client,
    livekit: (admitted?.livekit as Arrival['livekit']) ?? null,
  };
}

/** Runs `work` for each item with at most `limit` at once. */
export async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

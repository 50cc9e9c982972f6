// Ids and secrets. Invites and session tokens are 256-bit random strings handed to people once;
// only their SHA-256 hash is stored, so a copy of the database lets nobody in.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newSecret = () => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/** Call ids appear in links: short, unambiguous, unguessable enough to not be the only guard. */
export const newCallId = () => randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');

/** LiveKit identities are minted here, never chosen by a client. */
export const newIdentity = () => `p_${randomBytes(9).toString('base64url')}`;

/** IPs are kept only as keyed hashes (enough to match a ban, useless if the database leaks). */
export const hashIp = (ip: string, key: string) => createHmac('sha256', key).update(ip).digest('base64url');

export function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

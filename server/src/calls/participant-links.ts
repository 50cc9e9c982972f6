// The participant link's invite is not stored in clear, yet the public page of an announced call
// and the console's "copy link" still show a working link: the invite is derived, not stored.
// invite = HMAC(key, callId + nonce), with a random nonce per rotation kept in the call's row
// (as `n:<nonce>`) and the key derived from the server's LiveKit secret. The invites table keeps
// only the invite's hash, as for every other link. A copy of the database alone gives neither the
// invite nor a way to compute it; rotating draws a new nonce, so the old invite stops working.
// Rows written before this hold the invite itself (no `n:` prefix: a base64url invite has no
// colon) and are read as such until the link is next rotated.
import { createHmac, randomBytes } from 'node:crypto';

const NONCE_PREFIX = 'n:';
const KEY_LABEL = 'caucus participant links v1';

export interface ParticipantLink {
  /** The invite to hand out (and hash into the invites table). */
  invite: string;
  /** What the call's row keeps: the nonce, never the invite. */
  stored: string;
}

/** A key of its own for links, derived from the server secret (so it differs from the IP-hash key). */
export const linkKey = (serverSecret: string): Buffer => createHmac('sha256', serverSecret).update(KEY_LABEL).digest();

const derive = (key: Buffer, callId: string, nonce: string) => createHmac('sha256', key).update(`${callId}\n${nonce}`).digest('base64url');

export function newParticipantLink(key: Buffer, callId: string): ParticipantLink {
  const nonce = randomBytes(16).toString('base64url');
  return { invite: derive(key, callId, nonce), stored: `${NONCE_PREFIX}${nonce}` };
}

/** The invite a row stands for: derived from its nonce, or (rows from before) the invite itself. */
export function inviteFromStored(key: Buffer, callId: string, stored: string | null): string | null {
  if (stored === null) return null;
  return stored.startsWith(NONCE_PREFIX) ? derive(key, callId, stored.slice(NONCE_PREFIX.length)) : stored;
}

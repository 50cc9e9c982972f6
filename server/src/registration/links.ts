// A registration's two links. The join link (personal: admits to the call under the registered
// name and organization) and the manage link (confirm, change, cancel). Neither token is stored:
// each is an HMAC of the registration id and a version under a key derived from the server's
// secret, so every reminder can carry the links again while a copy of the database holds only
// their hashes. Re-sending bumps the join link's version: the old link stops working.
import { createHmac } from 'node:crypto';
import { hashSecret } from '../calls/secrets';

export interface LinkKeys {
  /** Server secret the link keys are derived from (the LiveKit API secret: already required, >= 32 chars). */
  secret: string;
  publicUrl: string;
}

const derive = (secret: string, purpose: string) => createHmac('sha256', secret).update(`caucus registration links: ${purpose}`).digest();

export const joinToken = (keys: LinkKeys, registrationId: string, version: number) =>
  `r1_${createHmac('sha256', derive(keys.secret, 'join')).update(`${registrationId}:${version}`).digest('base64url')}`;
export const manageToken = (keys: LinkKeys, registrationId: string) =>
  createHmac('sha256', derive(keys.secret, 'manage')).update(registrationId).digest('base64url');

export const joinTokenHash = (keys: LinkKeys, registrationId: string, version: number) => hashSecret(joinToken(keys, registrationId, version));
export const manageTokenHash = (keys: LinkKeys, registrationId: string) => hashSecret(manageToken(keys, registrationId));

/** The call page with the personal token; the join form there posts it (binding happens at the join, not here). */
export const registrationJoinLink = (keys: LinkKeys, callId: string, registrationId: string, version: number) =>
  `${keys.publicUrl}/c/${encodeURIComponent(callId)}?invite=${encodeURIComponent(joinToken(keys, registrationId, version))}`;
export const manageLink = (keys: LinkKeys, registrationId: string) =>
  `${keys.publicUrl}/registrations/${encodeURIComponent(manageToken(keys, registrationId))}`;

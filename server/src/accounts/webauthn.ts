// Passkeys through @simplewebauthn/server. The relying party is the public URL's host name and its
// origin the only one accepted; sign-in uses discoverable credentials (no email asked first, so
// the options say nothing about which accounts exist).
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HttpError } from '../http/errors';
import type { Account, Passkey } from './account-store';

const b64url = z.string().min(1).max(4096).regex(/^[A-Za-z0-9_-]*$/);

/** What every browser answer to a WebAuthn ceremony carries, bounded before the library reads it. */
const credentialFields = {
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

/** The browser's answer, bounded field by field before the library reads it. */
export const registrationResponseSchema = z.looseObject({
  ...credentialFields,
  response: z.looseObject({
    clientDataJSON: b64url,
    attestationObject: b64url,
    transports: z.array(z.string().max(32)).max(10).optional(),
  }),
});
export const authenticationResponseSchema = z.looseObject({
  ...credentialFields,
  response: z.looseObject({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
});

function relyingParty(app: FastifyInstance) {
  const url = new URL(app.config.publicUrl);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Caucus' };
}

export async function registrationOptions(app: FastifyInstance, account: Account) {
  const { rpID, rpName } = relyingParty(app);
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: account.email,
    userDisplayName: account.name,
    userID: new Uint8Array(Buffer.from(account.webauthnUserId, 'base64url')),
    attestationType: 'none',
    excludeCredentials: app.accounts.passkeysOf(account.id).map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransportFuture[] })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const ceremony = app.ceremonies.start({ challenge: options.challenge, kind: 'register', accountId: account.id });
  return { ceremony, options };
}

export async function verifyRegistration(
  app: FastifyInstance,
  account: Account,
  ceremonyId: string,
  response: z.output<typeof registrationResponseSchema>,
  name: string,
): Promise<Passkey> {
  const ceremony = app.ceremonies.take(ceremonyId, 'register');
  if (!ceremony || ceremony.accountId !== account.id) throw new HttpError(400, 'invalid_input', 'This passkey ceremony is unknown or expired; start again');
  const { rpID, origin } = relyingParty(app);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: response as unknown as RegistrationResponseJSON,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
  } catch (err) {
    throw new HttpError(400, 'invalid_input', `The passkey could not be verified: ${(err as Error).message}`);
  }
  if (!verification.verified) throw new HttpError(400, 'invalid_input', 'The passkey could not be verified');
  const { credential } = verification.registrationInfo;
  if (app.accounts.getPasskey(credential.id)) throw new HttpError(409, 'conflict', 'This passkey is already registered');
  const passkey: Passkey = {
    id: credential.id,
    accountId: account.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    transports: credential.transports ?? [],
    name,
    createdAt: Date.now(),
    lastUsedAt: null,
  };
  app.accounts.addPasskey(passkey);
  return passkey;
}

export async function authenticationOptions(app: FastifyInstance) {
  const { rpID } = relyingParty(app);
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'preferred' });
  return { ceremony: app.ceremonies.start({ challenge: options.challenge, kind: 'authenticate', accountId: null }), options };
}

/** The account a passkey assertion proves, or null (every failure looks the same to the caller). */
export async function verifyAuthentication(
  app: FastifyInstance,
  ceremonyId: string,
  response: z.output<typeof authenticationResponseSchema>,
): Promise<Account | null> {
  const ceremony = app.ceremonies.take(ceremonyId, 'authenticate');
  if (!ceremony) return null;
  const passkey = app.accounts.getPasskey(response.id);
  const account = passkey ? app.accounts.getAccount(passkey.accountId) : null;
  if (!passkey || !account) return null;
  if (response.response.userHandle !== undefined && response.response.userHandle !== account.webauthnUserId) return null;
  const { rpID, origin } = relyingParty(app);
  try {
    const result = await verifyAuthenticationResponse({
      response: response as unknown as AuthenticationResponseJSON,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: passkey.id, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: passkey.transports as AuthenticatorTransportFuture[] },
      requireUserVerification: false,
    });
    if (!result.verified) return null;
    app.accounts.usePasskey(passkey.id, result.authenticationInfo.newCounter, Date.now());
    return account;
  } catch {
    return null;
  }
}

// Passkeys in the browser through @simplewebauthn/browser: the server's options in, the
// authenticator's answer out, the ceremony id carried between the two requests.
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { rememberCsrf, send, type Account } from './console-api';

export const passkeysSupported = () => typeof window !== 'undefined' && 'PublicKeyCredential' in window;

export async function addPasskey(name?: string): Promise<void> {
  const { ceremony, options } = await send<{ ceremony: string; options: Parameters<typeof startRegistration>[0]['optionsJSON'] }>(
    'POST',
    '/api/account/passkeys/options',
  );
  const response = await startRegistration({ optionsJSON: options });
  await send('POST', '/api/account/passkeys', { ceremony, response, ...(name ? { name } : {}) });
}

export async function signInWithPasskey(): Promise<Account> {
  const { ceremony, options } = await send<{ ceremony: string; options: Parameters<typeof startAuthentication>[0]['optionsJSON'] }>(
    'POST',
    '/api/auth/passkey/options',
  );
  const response = await startAuthentication({ optionsJSON: options });
  const r = await send<{ account: Account; csrfToken: string }>('POST', '/api/auth/passkey', { ceremony, response });
  rememberCsrf(r.csrfToken);
  return r.account;
}

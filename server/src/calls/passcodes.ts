// Call passcodes are stored as argon2id hashes (the accounts' password hashing, same parameters):
// a copy of the database does not give them away, and a 6-character passcode is not cracked in
// seconds offline. Calls stored before hold their passcode in clear until the server's first start
// with this version hashes them (hashStoredPasscodes).
import type { CallSettings } from '@caucus/shared';
import { hashSync } from '@node-rs/argon2';
import { checkPassword, hashPassword, PASSWORD_HASH_PARAMS } from '../accounts/passwords';
import { safeEqual } from './secrets';

/** A PHC string from argon2 (`$argon2id$v=19$...`), as opposed to a passcode stored in clear by an older version. */
export const isPasscodeHash = (stored: string) => stored.startsWith('$argon2');

/** The settings as stored: the passcode replaced by its hash. */
export async function withHashedPasscode(settings: CallSettings): Promise<CallSettings> {
  return settings.passcode === null ? settings : { ...settings, passcode: await hashPassword(settings.passcode) };
}

export async function passcodeMatches(stored: string, given: string): Promise<boolean> {
  return isPasscodeHash(stored) ? checkPassword(stored, given) : safeEqual(stored, given);
}

/** What leaves the server about a passcode: whether there is one, never the hash. */
export function settingsForOrganizers(settings: CallSettings) {
  return { ...settings, passcode: null, passcodeSet: settings.passcode !== null };
}

/** Once at start: passcodes an older version stored in clear are hashed in place. Returns how many. */
export function hashStoredPasscodes(calls: readonly { id: string; settings: CallSettings }[], save: (id: string, settings: CallSettings) => void): number {
  let n = 0;
  for (const call of calls) {
    const { passcode } = call.settings;
    if (passcode === null || isPasscodeHash(passcode)) continue;
    save(call.id, { ...call.settings, passcode: hashSync(passcode, PASSWORD_HASH_PARAMS) });
    n += 1;
  }
  return n;
}

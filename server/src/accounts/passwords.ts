// Password hashes: argon2id with the OWASP-recommended parameters (19 MiB, 2 passes), hashed off
// the event loop by @node-rs/argon2's thread pool.
import { hash, verify } from '@node-rs/argon2';

// The library's default algorithm is argon2id (its Algorithm enum is a const enum we cannot import
// here); passwords.test.ts checks the PHC string says so.
export const PASSWORD_HASH_PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export const hashPassword = (password: string) => hash(password, PASSWORD_HASH_PARAMS);

/** A real hash of a password nobody knows: an unknown email costs the same time as a wrong password. */
let decoy: Promise<string> | null = null;

/** Verifies; with no stored hash, verifies against the decoy so the timing says nothing. */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  const target = stored ?? (await decoy);
  try {
    const ok = await verify(target, password);
    return stored !== null && ok;
  } catch {
    return false;
  }
}

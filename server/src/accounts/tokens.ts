// Secrets of the account system, each with a prefix that says what it is (a leaked string found
// in a log or a repository is recognisable, and secret scanners can match it). Stored hashed.
import { randomBytes } from 'node:crypto';

export const newId = () => randomBytes(12).toString('base64url');
export const newApiToken = () => `caucus_pat_${randomBytes(32).toString('base64url')}`;
export const newLinkToken = () => randomBytes(32).toString('base64url');

// Email addresses people register with: syntax (zod's pattern, no DNS here) and a shipped list of
// throwaway domains (disposable-email-domains: ~120,000 domains, subdomains included). Lower-cased
// so "one registration per email per call" cannot be dodged by capitals.
import { createRequire } from 'node:module';
import { z } from 'zod';

const require = createRequire(import.meta.url);
const THROWAWAY = new Set<string>((require('disposable-email-domains') as string[]).map((d) => d.toLowerCase()));

/** True when the domain or any parent domain of it is on the throwaway list. */
export function isThrowaway(email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) if (THROWAWAY.has(labels.slice(i).join('.'))) return true;
  return false;
}

export const registrationEmail = z
  .email('Enter a valid email address')
  .max(254)
  .transform((e) => e.toLowerCase())
  .refine((e) => !isThrowaway(e), 'Throwaway email addresses cannot register; use an address you keep');

// WebAuthn challenges between "options" and "verify": kept in memory for five minutes, each usable
// once. A ceremony id (random) names one; the challenge itself never comes back from the client.
import { randomBytes } from 'node:crypto';

export const CEREMONY_TTL_MS = 5 * 60_000;
const MAX_OPEN = 10_000;

export interface Ceremony {
  challenge: string;
  kind: 'register' | 'authenticate';
  /** For a registration: the account the passkey will belong to. */
  accountId: string | null;
  expiresAt: number;
}

export class Ceremonies {
  private open = new Map<string, Ceremony>();

  constructor(private readonly now: () => number = Date.now) {}

  start(c: Omit<Ceremony, 'expiresAt'>): string {
    if (this.open.size >= MAX_OPEN) this.sweep();
    // Still full of live ceremonies: drop the oldest (Map keeps insertion order).
    if (this.open.size >= MAX_OPEN) this.open.delete(this.open.keys().next().value!);
    const id = randomBytes(18).toString('base64url');
    this.open.set(id, { ...c, expiresAt: this.now() + CEREMONY_TTL_MS });
    return id;
  }

  /** Takes the ceremony out (single use); null when unknown, expired or of another kind. */
  take(id: string, kind: Ceremony['kind']): Ceremony | null {
    const c = this.open.get(id);
    this.open.delete(id);
    if (!c || c.kind !== kind || c.expiresAt <= this.now()) return null;
    return c;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, c] of this.open) if (c.expiresAt <= now) this.open.delete(id);
  }
}

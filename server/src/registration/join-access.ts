// Joining through a registration's personal link: the link admits to the call it was made for,
// or to any call of the series the registration covers; cancelled and waitlisted registrations do
// not get in. The browser is bound at the first successful join (claimBinding), which also
// confirms a pending registration (a join proves the mailbox is theirs).
import type { FastifyInstance } from 'fastify';
import { claimBinding } from '../accounts/call-access';
import { hashSecret } from '../calls/secrets';
import { HttpError } from '../http/errors';
import type { Registration } from './registration-store';

/** The registration behind a join token, or null when the token is not a registration's. */
export function registrationFor(app: FastifyInstance, callId: string, token: string): Registration | null {
  const { regs } = app.registration;
  const r = regs.findByToken(hashSecret(token));
  if (!r) return null;
  const forThisCall = r.callId === callId || (r.seriesId !== null && regs.settings(callId).seriesId === r.seriesId);
  if (!forThisCall) throw new HttpError(403, 'bad_invite', 'This personal link is for another call');
  if (r.status === 'cancelled') throw new HttpError(403, 'bad_invite', 'This registration has been cancelled');
  if (r.status === 'waitlisted') throw new HttpError(403, 'full', 'You are on the waitlist: we will mail you when a place frees up');
  return r;
}

export function claimRegistration(app: FastifyInstance, r: Registration, device: string, identity: string) {
  const { regs, clock } = app.registration;
  return claimBinding(r, device, identity, (id) => regs.bind(r.id, device, id, clock.now()), () => regs.registration(r.id));
}

export function releaseRegistration(app: FastifyInstance, r: Registration, device: string): void {
  app.registration.regs.unbind(r.id, device);
}

/** What a session minted through this registration carries: its organization as it is now. */
export function memberOrgOf(app: FastifyInstance, r: Registration): { id: string; name: string; weight: number } | null {
  if (!r.orgId) return null;
  const org = app.registration.regs.org(r.orgId);
  return org ? { id: org.id, name: org.name, weight: org.weight } : null;
}

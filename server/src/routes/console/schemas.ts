// Request bodies of the account and console routes: parsed once, strictly, at the boundary.
import { z } from 'zod';
import { CALL_INVITATION_ROLES } from '../../accounts/account-store';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../accounts/passwords';
import { authenticationResponseSchema, registrationResponseSchema } from '../../accounts/webauthn';

export const personName = z.string().trim().min(1).max(80);
export const email = z.email().max(254).transform((e) => e.toLowerCase());
export const password = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const token = z.string().min(16).max(128);
const ceremony = z.string().min(1).max(64);
export const idParams = z.strictObject({ id: z.string().min(1).max(64) });
export const callInvitationParams = z.strictObject({ id: z.string().min(1).max(64), invitationId: z.string().min(1).max(64) });

export const claimBody = z.strictObject({ token, name: personName, email, password: password.optional() });
export const passwordSignInBody = z.strictObject({ email: z.string().max(254), password: z.string().max(MAX_PASSWORD_LENGTH) });
export const passkeySignInBody = z.strictObject({ ceremony, response: authenticationResponseSchema });
export const passkeyAddBody = z.strictObject({ ceremony, response: registrationResponseSchema, name: z.string().trim().min(1).max(60).optional() });
export const passwordChangeBody = z.strictObject({ current: z.string().max(MAX_PASSWORD_LENGTH).optional(), password });
export const tokenBody = z.strictObject({ name: z.string().trim().min(1).max(60) });
export const memberInvitationBody = z.strictObject({ role: z.enum(['organizer', 'moderator']), name: personName });
export const roleBody = z.strictObject({ role: z.enum(['owner', 'organizer', 'moderator']) });
export const callInvitationBody = z.strictObject({
  role: z.enum(CALL_INVITATION_ROLES),
  name: personName,
  /** Assign a coalition account directly (it joins signed in); otherwise a guest with a link. */
  accountId: z.string().min(1).max(64).optional(),
});

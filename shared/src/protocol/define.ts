// The building blocks of the command and event schemas that every family file uses (families/).
import { z } from 'zod';
import { actorSchema, identitySchema, refSchema, timestampSchema } from './primitives';
import { memberSchema } from './state';

/** A command people send: strict, so an unexpected field is a client bug worth reporting. */
export function command<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.strictObject({ type: z.literal(type), ref: refSchema.optional(), ...shape });
}

/** An event: what happened, stamped by decide with its time and actor. */
export function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), at: timestampSchema, by: actorSchema, ...shape });
}

/** The person a command acts on. */
export const target = { participant: identitySchema };
/** The person an event is about. */
export const participant = { participant: identitySchema };
/** Server-side fingerprints; null in every copy that leaves the server. */
export const fingerprint = {
  device: z.string().nullable(),
  ipHash: z.string().nullable(),
};
export const name = z.string().min(1);
/**
 * Only in copies sent to a viewer whose list did not have this person yet (a participant's view
 * holds only listed members, see core/visibility.ts): their public record as it was just before
 * this event. `evolve` adds it, then applies the event. Never in the event log.
 */
export const introduced = { member: memberSchema.optional() };

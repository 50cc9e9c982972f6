// Getting in and out: the lobby's commands and the arrivals, departures and lobby events.
// (join and leave are system commands: system-commands.ts.)
import { membershipFields, roleSchema } from '../primitives';
import { command, event, fingerprint, introduced, name, participant, target } from '../define';

export const admitSchema = command('admit', target);
export const denySchema = command('deny', target);
export const admitAllSchema = command('admit_all', {});

/** Admitted straight in (no lobby), or re-entering after a removal. */
export const memberJoinedSchema = event('member_joined', { ...participant, name, role: roleSchema, ...membershipFields, ...fingerprint, ...introduced });
/** An admitted person who had left (or reconnected) is back; name, role, hand history are kept. */
export const memberRejoinedSchema = event('member_rejoined', { ...participant, ...fingerprint });
export const memberLeftSchema = event('member_left', participant);
/** Knocked: now waiting in the lobby. Moderators only. */
export const memberWaitingSchema = event('member_waiting', { ...participant, name, role: roleSchema, ...membershipFields, ...fingerprint });
/** A waiter gave up. Moderators only. */
export const waiterLeftSchema = event('waiter_left', participant);
/** A moderator let a waiter in; carries everything a viewer who never saw the lobby needs. */
export const memberAdmittedSchema = event('member_admitted', {
  ...participant,
  name,
  role: roleSchema,
  ...membershipFields,
  ...fingerprint,
  ...introduced,
});
export const memberDeniedSchema = event('member_denied', participant);

export const ADMISSION_COMMANDS = [admitSchema, denySchema, admitAllSchema] as const;
export const ADMISSION_EVENTS = [
  memberJoinedSchema,
  memberRejoinedSchema,
  memberLeftSchema,
  memberWaitingSchema,
  waiterLeftSchema,
  memberAdmittedSchema,
  memberDeniedSchema,
] as const;

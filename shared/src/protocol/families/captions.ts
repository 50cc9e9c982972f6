// Captions: a captioner (a person the host appoints) types what is said; everyone sees the lines
// under the stage; the call's event log keeps them as its transcript.
//
// The seam for speech-to-text (docs/PROTOCOL.md, "Captions"): an engine joins like any person,
// with its own identity from an invite; the host appoints it captioner; it sends `caption`
// commands on the same websocket, naming whose speech a line is in `speaker`. The same permission
// check, rate limit, log, redaction and fan-out apply as to a person typing. An engine that revises
// its guesses sends `final: false` lines with a `lineId` and then the final line with the same
// `lineId`, which replaces the guess.
import { z } from 'zod';
import { identitySchema } from '../primitives';
import { command, event, introduced, participant, target } from '../define';

/** One line; longer speech is several lines. */
export const CAPTION_MAX_CHARS = 300;

export const appointCaptionerSchema = command('appoint_captioner', target);
export const dismissCaptionerSchema = command('dismiss_captioner', target);
export const captionSchema = command('caption', {
  text: z.string().trim().min(1).max(CAPTION_MAX_CHARS),
  /** Whose speech this line is, when the captioner knows. */
  speaker: identitySchema.optional(),
  /** false: a guess the sender will replace (same lineId). */
  final: z.boolean().default(true),
  lineId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
});

export const captionerAppointedSchema = event('captioner_appointed', { ...participant, ...introduced });
export const captionerDismissedSchema = event('captioner_dismissed', participant);
/** `by` is the captioner; `id` is unique in the call (per sender and lineId for a revised line). */
export const captionAddedSchema = event('caption_added', {
  id: z.string(),
  text: z.string(),
  speaker: identitySchema.nullable(),
  final: z.boolean(),
});

export const CAPTION_COMMANDS = [appointCaptionerSchema, dismissCaptionerSchema, captionSchema] as const;
export const CAPTION_EVENTS = [captionerAppointedSchema, captionerDismissedSchema, captionAddedSchema] as const;

// How a call is announced ahead: public or not, when (an instant plus the time zone it was
// announced in), how long, what it is about and who the guest speakers are.
import { z } from 'zod';
import type { CallSchedule } from '../store/store';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const speaker = z.strictObject({
  name: z.string().trim().min(1).max(80),
  bio: z.string().trim().max(500).default(''),
});

export const scheduleInputSchema = z
  .strictObject({
    public: z.boolean().default(false),
    /** ISO 8601 with an offset, e.g. 2026-08-06T19:00:00-04:00. */
    startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
    /** IANA name, e.g. America/New_York: how the time is shown when the visitor's own zone is unknown. */
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York').nullable().default(null),
    durationMin: z.number().int().min(5).max(24 * 60).default(90),
    description: z.string().trim().max(2000).default(''),
    speakers: z.array(speaker).max(12).default([]),
  })
  .refine((s) => !s.public || s.startsAt !== null, { message: 'a public call needs startsAt', path: ['startsAt'] })
  .transform(
    (s): CallSchedule => ({
      public: s.public,
      startsAt: s.startsAt === null ? null : Date.parse(s.startsAt),
      timeZone: s.startsAt === null ? null : (s.timeZone ?? 'UTC'),
      durationMin: s.startsAt === null ? null : s.durationMin,
      description: s.description,
      speakers: s.speakers,
    }),
  );

export const NO_SCHEDULE: CallSchedule = {
  public: false,
  startsAt: null,
  timeZone: null,
  durationMin: null,
  description: '',
  speakers: [],
};

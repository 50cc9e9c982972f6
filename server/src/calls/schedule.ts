// How a call is announced ahead: public or not, when (an instant plus the time zone it was
// announced in), how long, what it is about and who the guest speakers are.
import { z } from 'zod';
import type { InitialRoom } from '@caucus/shared';
import type { CallRecord, CallSchedule } from '../store/store';

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

/**
 * How a call's room starts. A call announced ahead (created before its start time) opens with its
 * doors closed: participants wait in the pre-call room, hosts, moderators and speakers prepare in
 * the green room, and the host opens the doors. Decided from the stored record alone (creation
 * time, not the clock), so replaying the event log after a restart starts from the same state.
 */
export function initialRoomOf(call: Pick<CallRecord, 'createdAt' | 'schedule'>): InitialRoom {
  const { startsAt } = call.schedule;
  return { doorsOpen: !(startsAt !== null && startsAt > call.createdAt) };
}

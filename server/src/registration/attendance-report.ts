// The console's attendance of one call (and of a series, per person across its calls): the event
// log's attendance (attendance.ts) joined with who registered, with which organization. Rows for
// registrants who never came, walk-ins marked as such, totals per member organization.
import type { FastifyInstance } from 'fastify';
import { attendanceOf, type PersonAttendance } from './attendance';
import type { Registration } from './registration-store';

export interface AttendanceRow {
  name: string;
  email: string | null;
  organization: string | null;
  registration: Registration['status'] | 'walk-in';
  role: string | null;
  firstJoin: string | null;
  lastLeave: string | null;
  minutesPresent: number;
  turns: number;
  secondsSpoken: number;
  handsRaised: number;
  chatMessages: number;
}

export interface OrgTotals {
  organization: string;
  registered: number;
  attended: number;
  minutesPresent: number;
  secondsSpoken: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const minutes = (ms: number) => Math.round(ms / 6000) / 10;

export function callAttendance(app: FastifyInstance, callId: string): { rows: AttendanceRow[]; organizations: OrgTotals[] } {
  const { regs } = app.registration;
  const call = app.store.getCall(callId);
  const events = app.store.readEvents(callId, 0).map((e) => e.event);
  const people = new Map(attendanceOf(events, call?.endedAt ?? Date.now()).map((p) => [p.identity, p]));
  const orgName = (id: string | null) => (id ? (regs.org(id)?.name ?? null) : null);
  const rows: AttendanceRow[] = [];
  const row = (p: PersonAttendance | undefined, r: Registration | null): AttendanceRow => ({
    name: r?.name ?? p?.name ?? '',
    email: r?.email ?? null,
    organization: orgName(r?.orgId ?? null),
    registration: r ? r.status : 'walk-in',
    role: p?.role ?? null,
    firstJoin: iso(p?.firstJoin ?? null),
    lastLeave: iso(p?.lastLeave ?? null),
    minutesPresent: minutes(p?.presentMs ?? 0),
    turns: p?.turns ?? 0,
    secondsSpoken: Math.round((p?.spokenMs ?? 0) / 1000),
    handsRaised: p?.handsRaised ?? 0,
    chatMessages: p?.chatMessages ?? 0,
  });
  for (const r of regs.ofCall(callId)) {
    const p = r.identity ? people.get(r.identity) : undefined;
    if (r.identity) people.delete(r.identity);
    rows.push(row(p, r));
  }
  for (const p of people.values()) rows.push(row(p, null));

  const totals = new Map<string, OrgTotals>();
  for (const r of rows) {
    if (!r.organization) continue;
    const t = totals.get(r.organization) ?? { organization: r.organization, registered: 0, attended: 0, minutesPresent: 0, secondsSpoken: 0 };
    if (r.registration !== 'walk-in') t.registered++;
    if (r.firstJoin) t.attended++;
    t.minutesPresent = Math.round((t.minutesPresent + r.minutesPresent) * 10) / 10;
    t.secondsSpoken += r.secondsSpoken;
    totals.set(r.organization, t);
  }
  return { rows, organizations: [...totals.values()].sort((a, b) => a.organization.localeCompare(b.organization)) };
}

export const ATTENDANCE_COLUMNS: (keyof AttendanceRow)[] = [
  'name',
  'email',
  'organization',
  'registration',
  'role',
  'firstJoin',
  'lastLeave',
  'minutesPresent',
  'turns',
  'secondsSpoken',
  'handsRaised',
  'chatMessages',
];

/** A series: one line per registrant (by email), the minutes they were present in each call. */
export function seriesAttendance(app: FastifyInstance, seriesId: string) {
  const calls = app.registration.regs
    .callsOfSeries(seriesId)
    .map((id) => app.store.getCall(id))
    .filter((c) => c !== null)
    .sort((a, b) => (a.schedule.startsAt ?? a.createdAt) - (b.schedule.startsAt ?? b.createdAt));
  const people = new Map<string, { name: string; email: string; organization: string | null; minutes: Record<string, number | null> }>();
  for (const call of calls) {
    for (const r of callAttendance(app, call.id).rows) {
      if (!r.email) continue;
      const p = people.get(r.email) ?? { name: r.name, email: r.email, organization: r.organization, minutes: {} };
      p.minutes[call.id] = r.firstJoin ? r.minutesPresent : null;
      people.set(r.email, p);
    }
  }
  return { calls: calls.map((c) => ({ id: c.id, title: c.title, startsAt: iso(c.schedule.startsAt) })), people: [...people.values()] };
}

// The console's registration API (server/src/routes/console/registration.ts) as the web console uses it.
import { send } from '../console-api';

export interface MemberOrg {
  id: string;
  name: string;
  weight: number;
}
export interface Series {
  id: string;
  name: string;
  calls: string[];
}
export interface Question {
  id: string;
  label: string;
  required: boolean;
}
export interface RegistrationSettings {
  access: 'open' | 'members';
  registration: boolean;
  capacity: number | null;
  reminders: number[];
  questions: Question[];
  seriesId: string | null;
}
export interface RegistrationEntry {
  id: string;
  name: string;
  email: string;
  organization: string | null;
  series: boolean;
  answers: Record<string, string>;
  status: 'pending' | 'confirmed' | 'waitlisted' | 'cancelled';
  joined: boolean;
  createdAt: string;
}
export interface CallRegistrations {
  settings: RegistrationSettings;
  registrations: RegistrationEntry[];
  counts: Record<RegistrationEntry['status'], number>;
}
export interface AttendanceRow {
  name: string;
  email: string | null;
  organization: string | null;
  registration: RegistrationEntry['status'] | 'walk-in';
  role: string | null;
  firstJoin: string | null;
  lastLeave: string | null;
  minutesPresent: number;
  turns: number;
  secondsSpoken: number;
  handsRaised: number;
  chatMessages: number;
}
export interface Attendance {
  call: { id: string; title: string; endedAt: number | null };
  rows: AttendanceRow[];
  organizations: { organization: string; registered: number; attended: number; minutesPresent: number; secondsSpoken: number }[];
}
export interface OutboxMail {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  status: 'queued' | 'sending' | 'sent' | 'outbox' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const call = (id: string) => `/api/console/calls/${encodeURIComponent(id)}`;
export const callRegistrations = (id: string) => send<CallRegistrations>('GET', `${call(id)}/registration`);
export const saveRegistrationSettings = (id: string, settings: RegistrationSettings) => send<{ settings: RegistrationSettings }>('PUT', `${call(id)}/registration`, settings);
export const resendRegistration = (id: string, registrationId: string) => send('POST', `${call(id)}/registrations/${encodeURIComponent(registrationId)}/resend`);
export const cancelRegistration = (id: string, registrationId: string) => send<void>('DELETE', `${call(id)}/registrations/${encodeURIComponent(registrationId)}`);
export const attendance = (id: string) => send<Attendance>('GET', `${call(id)}/attendance`);

export const orgs = () => send<{ organizations: MemberOrg[] }>('GET', '/api/console/orgs').then((r) => r.organizations);
export const addOrg = (name: string, weight: number) => send('POST', '/api/console/orgs', { name, weight });
export const updateOrg = (id: string, name: string, weight: number) => send('PUT', `/api/console/orgs/${encodeURIComponent(id)}`, { name, weight });
export const removeOrg = (id: string) => send<void>('DELETE', `/api/console/orgs/${encodeURIComponent(id)}`);
export const seriesList = () => send<{ series: Series[] }>('GET', '/api/console/series').then((r) => r.series);
export const addSeries = (name: string) => send('POST', '/api/console/series', { name });
export const outbox = () => send<{ smtp: boolean; mails: OutboxMail[] }>('GET', '/api/console/outbox');
export const privacy = () => send<{ retentionDays: number }>('GET', '/api/console/privacy');
export const setRetention = (retentionDays: number) => send('PUT', '/api/console/privacy', { retentionDays });
export const erasePerson = (email: string) => send<{ registrations: number; events: number }>('POST', '/api/console/privacy/erase', { email });
export const exportPersonUrl = (email: string) => `/api/console/privacy/person?email=${encodeURIComponent(email)}`;

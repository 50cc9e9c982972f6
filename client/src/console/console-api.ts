// The account and console API (docs/API.md, "Accounts and the console") as the web console uses
// it. The session cookie travels by itself (HttpOnly: script never sees it); every state change
// carries the session's CSRF token, learnt from /api/auth/state.
import { ApiError, type ApiErrorCode, type CallSchedule, type PublicCall } from '../lib/api';

export type AccountRole = 'owner' | 'organizer' | 'moderator';
export interface Account {
  id: string;
  name: string;
  email: string;
  role: AccountRole;
}
export interface AuthState {
  setupNeeded: boolean;
  account: Account | null;
  csrfToken: string | null;
}

let csrf: string | null = null;
export const rememberCsrf = (token: string | null) => {
  csrf = token;
};

export async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Caucus server. Check your connection and try again.');
  }
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, (err?.code as ApiErrorCode) ?? 'unknown', err?.message ?? `HTTP ${res.status}`, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return json as T;
}

export async function authState(): Promise<AuthState> {
  const state = await send<AuthState>('GET', '/api/auth/state');
  rememberCsrf(state.csrfToken);
  return state;
}

type SignedIn = { account: Account; csrfToken: string };
const signedIn = (r: SignedIn) => {
  rememberCsrf(r.csrfToken);
  return r.account;
};

export const claim = (body: { token: string; name: string; email: string; password?: string }) =>
  send<SignedIn>('POST', '/api/auth/claim', body).then(signedIn);
export const signInWithPassword = (email: string, password: string) => send<SignedIn>('POST', '/api/auth/password', { email, password }).then(signedIn);
export const signOut = () => send<void>('POST', '/api/auth/sign-out');

export interface AccountPage {
  account: Account;
  hasPassword: boolean;
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  sessions: { id: string; userAgent: string; createdAt: string; lastSeenAt: string; current: boolean }[];
  tokens: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
}
export const accountPage = () => send<AccountPage>('GET', '/api/account');

export interface ConsoleCall extends PublicCall {
  phase: 'live' | 'upcoming' | 'past';
  present: number;
  hosts: string[];
  moderators: string[];
  createdAt: number;
  schedule: CallSchedule;
}
export interface Invitation {
  id: string;
  role: 'host' | 'moderator' | 'speaker';
  name: string;
  accountId: string | null;
  status: 'pending' | 'joined' | 'revoked';
  createdAt: string;
  sentAt: string;
}
export interface CallDetail {
  call: ConsoleCall & { settings: CallSettings };
  sharedLinks: boolean;
  links: { participant: string | null };
  invitations: Invitation[];
  editable: boolean;
}
export interface CallSettings {
  lobby: boolean;
  /** Only what the organizer types; the server keeps the passcode hashed and never sends it back. */
  passcode: string | null;
  /** From the server: the call has a passcode. */
  passcodeSet?: boolean;
  maxParticipants: number;
  speakingLimitSec: number;
  queuePolicy: 'fifo' | 'progressive';
  format: 'stage' | 'conversation';
}
export interface ScheduleInput {
  public: boolean;
  startsAt: string | null;
  timeZone: string | null;
  durationMin: number;
  description: string;
  speakers: { name: string; bio: string }[];
}

export const listCalls = () => send<{ live: ConsoleCall[]; upcoming: ConsoleCall[]; past: ConsoleCall[] }>('GET', '/api/console/calls');
export const callDetail = (id: string) => send<CallDetail>('GET', `/api/console/calls/${encodeURIComponent(id)}`);
export const createCall = (body: { title: string; settings: CallSettings; schedule: ScheduleInput }) =>
  send<{ call: { id: string }; links: { participant: string } }>('POST', '/api/calls', body);
export const editCall = (id: string, body: { title?: string; settings?: Omit<CallSettings, 'passcode' | 'passcodeSet'> & { passcode?: string | null } }) => send('PATCH', `/api/calls/${encodeURIComponent(id)}`, body);
export const editSchedule = (id: string, schedule: ScheduleInput) => send('PUT', `/api/calls/${encodeURIComponent(id)}/schedule`, schedule);
export const closeCall = (id: string) => send('POST', `/api/calls/${encodeURIComponent(id)}/close`);
export const rotateParticipantLink = (id: string) => send<{ link: string }>('POST', `/api/calls/${encodeURIComponent(id)}/invites/participant`);
export const invite = (id: string, body: { role: Invitation['role']; name: string; accountId?: string }) =>
  send<{ id: string; role: string; name: string; link: string }>('POST', `/api/calls/${encodeURIComponent(id)}/invitations`, body);
export const resendInvitation = (id: string, invitationId: string) =>
  send<{ link: string }>('POST', `/api/calls/${encodeURIComponent(id)}/invitations/${encodeURIComponent(invitationId)}/resend`);
export const revokeInvitation = (id: string, invitationId: string) =>
  send<void>('DELETE', `/api/calls/${encodeURIComponent(id)}/invitations/${encodeURIComponent(invitationId)}`);
export const auditLog = (id: string) =>
  send<{ events: { seq: number; at: string; type: string; byName: string | null; participantName: string | null }[] }>(
    'GET',
    `/api/console/calls/${encodeURIComponent(id)}/audit`,
  );

export interface Coalition {
  members: (Account & { createdAt: string })[];
  invitations: { id: string; role: AccountRole; name: string; expiresAt: string }[];
}
export const coalition = () => send<Coalition>('GET', '/api/coalition');
export const inviteMember = (role: 'organizer' | 'moderator', name: string) =>
  send<{ id: string; link: string; expiresAt: string }>('POST', '/api/coalition/invitations', { role, name });
export const revokeMemberInvitation = (id: string) => send<void>('DELETE', `/api/coalition/invitations/${encodeURIComponent(id)}`);
export const setMemberRole = (id: string, role: AccountRole) => send('PUT', `/api/coalition/members/${encodeURIComponent(id)}`, { role });
export const removeMember = (id: string) => send<void>('DELETE', `/api/coalition/members/${encodeURIComponent(id)}`);

export const setPassword = (password: string, current?: string) =>
  send<void>('PUT', '/api/account/password', current ? { current, password } : { password });
export const revokeSession = (id: string) => send<void>('DELETE', `/api/account/sessions/${encodeURIComponent(id)}`);
export const signOutEverywhere = () => send<{ ended: number }>('POST', '/api/account/sign-out-everywhere');
export const createToken = (name: string) => send<{ id: string; name: string; token: string }>('POST', '/api/account/tokens', { name });
export const revokeToken = (id: string) => send<void>('DELETE', `/api/account/tokens/${encodeURIComponent(id)}`);
export const removePasskey = (id: string) => send<void>('DELETE', `/api/account/passkeys/${encodeURIComponent(id)}`);

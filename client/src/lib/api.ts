// The HTTP API (docs/API.md) as the web app uses it. Errors keep the server's code so screens can
// switch on it; a network failure is its own code.
export type ApiErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'bad_invite'
  | 'bad_passcode'
  | 'banned'
  | 'locked'
  | 'full'
  | 'forbidden'
  | 'not_found'
  | 'call_ended'
  | 'payload_too_large'
  | 'rate_limited'
  | 'csrf'
  | 'sign_in_failed'
  | 'invitation_used'
  | 'link_expired'
  | 'conflict'
  | 'network'
  | 'unknown';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly retryAfterSec: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface PublicCall {
  id: string;
  title: string;
  status: 'open' | 'ended';
  needsPasscode: boolean;
  endedAt: number | null;
  settings: { lobby: boolean; maxParticipants: number; speakingLimitSec: number; queuePolicy: string; format?: 'stage' | 'conversation' };
  /** How the call was announced (server/src/calls/schedule.ts); startsAt is ISO 8601 or null. */
  schedule?: CallSchedule;
  /** False until the host opens the doors of an announced call (participants wait in the pre-call room). */
  doorsOpen?: boolean;
}

export interface CallSchedule {
  public: boolean;
  startsAt: string | null;
  timeZone: string | null;
  durationMin: number | null;
  description: string;
  speakers: { name: string; bio: string }[];
}

export type Role = 'host' | 'moderator' | 'speaker' | 'participant';

export interface JoinResult {
  role: Role;
  identity: string;
  name: string;
  sessionToken: string;
  /** Whether they will wait in the lobby when they connect (the LiveKit token comes in `admitted`). */
  lobby: boolean;
  call: { id: string; title: string };
}

async function request<T>(method: string, path: string, body?: unknown, token?: string, csrfToken?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Caucus server. Check your connection and try again.');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(res.status, (err?.code as ApiErrorCode) ?? 'unknown', err?.message ?? `HTTP ${res.status}`, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return json as T;
}

export const getCall = (id: string) =>
  request<{ call: PublicCall }>('GET', `/api/calls/${encodeURIComponent(id)}`).then((r) => r.call);

/** Without an invite, the signed-in coalition account joins (its session cookie and CSRF token). */
export const joinCall = (id: string, body: { invite?: string; name: string; passcode?: string }, csrfToken?: string) =>
  request<JoinResult>('POST', `/api/calls/${encodeURIComponent(id)}/join`, body, undefined, csrfToken);

export const refreshLivekitToken = (id: string, sessionToken: string) =>
  request<{ livekit: { url: string; token: string } }>('POST', `/api/calls/${encodeURIComponent(id)}/token`, undefined, sessionToken).then(
    (r) => r.livekit,
  );

/** What a person should read for each join error, by code. */
export function joinErrorText(err: ApiError): string {
  switch (err.code) {
    case 'bad_invite':
      return 'This invite link is not valid (it may have been replaced). Ask the organisers for a new link.';
    case 'invitation_used':
      return 'This personal invitation is already in use in another browser. Open the call in the browser you first joined with, or ask the organisers to re-send it.';
    case 'bad_passcode':
      return err.message === 'This call needs a passcode' ? 'This call needs a passcode.' : 'That passcode is not right. Check it and try again.';
    case 'banned':
      return 'You have been banned from this call and cannot join it.';
    case 'locked':
      return 'The call is locked: nobody new can join right now.';
    case 'full':
      return 'The call is full. Try again later.';
    case 'call_ended':
      return 'This call has ended.';
    case 'rate_limited':
      return `Too many attempts. ${err.retryAfterSec ? `Wait ${err.retryAfterSec} seconds` : 'Wait a minute'} and try again.`;
    case 'invalid_input':
      return err.message.replace(/^Invalid name: /, 'Please choose another name: ');
    case 'not_found':
      return 'There is no such call. Check the link.';
    case 'network':
      return err.message;
    default:
      return `Could not join: ${err.message}`;
  }
}

// One error shape for every HTTP route: {error: {code, message, details?}}.
// Routes throw HttpError; the app's single error handler turns anything into this shape.
/** Every code an HTTP error may carry (the fuzz test checks each error against this list). */
export const HTTP_ERROR_CODES = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'bad_invite',
  'bad_passcode',
  'banned',
  'locked',
  'full',
  'not_found',
  'call_ended',
  'rate_limited',
  'payload_too_large',
  'unsupported_media_type',
  'unavailable',
  'internal',
  // Accounts and personal invitations (issue 11).
  'csrf',
  'sign_in_failed',
  'invitation_used',
  'link_expired',
  'conflict',
  // Registration (issue 13): a members-only call refuses its public link.
  'members_only',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly code: HttpErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: { code: HttpErrorCode; message: string; details?: unknown };
}

export const errorBody = (code: HttpErrorCode, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

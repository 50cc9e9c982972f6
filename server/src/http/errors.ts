// One error shape for every HTTP route: {error: {code, message, details?}}.
// Routes throw HttpError; the app's single error handler turns anything into this shape.
export type HttpErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'bad_invite'
  | 'bad_passcode'
  | 'banned'
  | 'locked'
  | 'full'
  | 'not_found'
  | 'call_ended'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal';

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

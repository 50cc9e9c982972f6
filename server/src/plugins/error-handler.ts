// The single error handler: every failure leaves as {error: {code, message, details?}}.
import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { HttpError, errorBody, type HttpErrorCode } from '../http/errors';

function classify(err: FastifyError): { status: number; code: HttpErrorCode; message: string } {
  const status = err.statusCode ?? 500;
  if (status === 413) return { status, code: 'payload_too_large', message: 'Request body is too large' };
  if (status === 415) return { status, code: 'unsupported_media_type', message: err.message };
  if (status === 429) return { status, code: 'rate_limited', message: 'Too many requests, slow down' };
  if (status === 400) return { status, code: 'invalid_input', message: err.message };
  if (status === 404) return { status, code: 'not_found', message: err.message };
  if (status >= 400 && status < 500) return { status, code: 'invalid_input', message: err.message };
  return { status: 500, code: 'internal', message: 'Internal error' };
}

export default fp(async (app) => {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof HttpError) {
      if (err.statusCode >= 500) req.log.error({ err }, 'request failed');
      return reply.status(err.statusCode).send(errorBody(err.code, err.message, err.details));
    }
    const { status, code, message } = classify(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code, message: err.message }, 'request refused');
    return reply.status(status).send(errorBody(code, message));
  });
}, { name: 'error-handler' });

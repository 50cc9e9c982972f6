// Errors raised before any route runs. Fastify's router refuses a malformed URL or an over-long
// path parameter itself, and the websocket library refuses frames it cannot read (over maxPayload,
// invalid UTF-8): both are a client's doing, so they get the API's one error shape (HTTP) or the
// close code ws already sent (websocket), and an info line in the log, never an error one: a troll
// must not be able to fill the error log (and page someone) by sending junk.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { errorBody } from './errors';

/** Fastify's `frameworkErrors` option: FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH, FST_ERR_ASYNC_CONSTRAINT. */
export function frameworkErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    req.log.info({ code: error.code }, 'request refused by the router');
    void reply.status(400).send(errorBody('invalid_input', error.code === 'FST_ERR_BAD_URL' ? 'Malformed URL' : 'A path parameter is too long'));
    return;
  }
  req.log.error({ err: error }, 'request failed in the router');
  void reply.status(500).send(errorBody('internal', 'Internal error'));
}

/** @fastify/websocket's `errorHandler`: ws has already closed the socket with the standard code (1009, 1007...). */
export function websocketErrorHandler(error: Error & { code?: string }, socket: WebSocket, req: FastifyRequest): void {
  if (error.code?.startsWith('WS_ERR_')) req.log.info({ code: error.code, reason: error.message }, 'websocket frame refused');
  else req.log.error({ err: error }, 'websocket failed');
  socket.terminate();
}

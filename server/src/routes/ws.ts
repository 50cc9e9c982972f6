// GET /api/calls/:id/ws: the moderation channel. The upgrade checks Origin (cross-site websocket
// hijacking); nothing about the call is sent before a valid hello authenticates the person; every
// frame is parsed once and answered with a typed error when bad; frames are size- and rate-limited.
import { CLOSE_CODES, PROTOCOL_VERSION, parseClientFrame, type ErrorCode } from '@caucus/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { CallRoom, Refusal } from '../calls/call-room';
import type { Connection } from '../calls/connection';
import { errorBody } from '../http/errors';
import { sessionFromToken } from './session-auth';

/** ws's default maxPayload is 100 MiB; a moderation frame is tiny. Above this: close 1009. */
export const MAX_FRAME_BYTES = 16 * 1024;
const HELLO_TIMEOUT_MS = 10_000;
/** Close reason a client sends with code 1000 when the person leaves on purpose. */
export const LEAVE_REASON = 'leave';
/** Token bucket per connection: a burst of 40 frames, refilled at 20 per second. */
const RATE = { burst: 40, perSecond: 20 };
/** Frames refused for rate in a row before the socket is closed (4029). */
const RATE_STRIKES_TO_CLOSE = 50;

/**
 * The error code sent before closing a refused hello. Every code on the wire is an ERROR_CODES
 * member; the close code (4003 removed, 4005 denied...) and its reason say the rest.
 */
const REFUSAL_ERROR: Record<Refusal, ErrorCode> = {
  banned: 'banned',
  removed: 'forbidden',
  denied: 'forbidden',
  call_ended: 'call_ended',
  unauthorized: 'unauthorized',
};

function closeWith(socket: WebSocket, reason: keyof typeof CLOSE_CODES): void {
  socket.close(CLOSE_CODES[reason], reason);
}

const ws: FastifyPluginAsync = async (app) => {
  const allowedOrigins = new Set([new URL(app.config.publicUrl).origin]);

  app.get<{ Params: { id: string } }>(
    '/api/calls/:id/ws',
    {
      websocket: true,
      preValidation: async (req, reply) => {
        const origin = req.headers.origin;
        // Browsers always send Origin on a websocket upgrade; a foreign one is a hijacking attempt.
        if (origin !== undefined && !allowedOrigins.has(origin)) {
          req.log.warn({ origin }, 'websocket upgrade from a foreign origin refused');
          return reply.status(403).send(errorBody('forbidden', 'Origin not allowed'));
        }
        if (!app.store.getCall(req.params.id)) return reply.status(404).send(errorBody('not_found', 'No such call'));
      },
    },
    (socket, req) => {
      const callId = req.params.id;
      let room: CallRoom | null = null;
      let conn: Connection | null = null;
      let tokens = RATE.burst;
      let lastRefill = Date.now();
      let strikes = 0;

      const sendError = (code: ErrorCode, message: string, ref?: string) =>
        socket.send(JSON.stringify(ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref }));

      const helloTimer = setTimeout(() => closeWith(socket, 'unauthorized'), HELLO_TIMEOUT_MS);

      // While this socket's own command runs, a close it causes (end_call closes every socket with
      // 4008) waits until the command's ack is sent: the sender learns its command was accepted.
      let executing = false;
      let closeAfterReply: [number, string] | null = null;

      socket.on('message', (data, isBinary) => {
        try {
          onMessage(data, isBinary);
        } catch (err) {
          // A bug in a handler must cost one frame, not the process (and every other call with it).
          executing = false;
          req.log.error({ err, callId }, 'websocket frame handler failed');
          sendError('internal', 'The server failed on this frame; try again');
        }
        if (closeAfterReply) {
          socket.close(...closeAfterReply);
          closeAfterReply = null;
        }
      });

      const onMessage = (data: RawData, isBinary: boolean): void => {
        const now = Date.now();
        tokens = Math.min(RATE.burst, tokens + ((now - lastRefill) / 1000) * RATE.perSecond);
        lastRefill = now;
        if (tokens < 1) {
          strikes += 1;
          if (strikes >= RATE_STRIKES_TO_CLOSE) return closeWith(socket, 'rate_limited');
          return sendError('rate_limited', 'Too many messages; slow down');
        }
        tokens -= 1;
        strikes = 0;

        if (isBinary) return sendError('bad_frame', 'Frames are JSON text');
        const parsed = parseClientFrame(data.toString());
        if (!parsed.ok) return sendError(parsed.error.code, parsed.error.message);
        const frame = parsed.frame;

        if (frame.type === 'hello') {
          if (conn) return sendError('invalid', 'Already said hello');
          clearTimeout(helloTimer);
          if (frame.protocol !== PROTOCOL_VERSION) {
            sendError('protocol_mismatch', `This server speaks protocol ${PROTOCOL_VERSION}; reload the page`);
            return closeWith(socket, 'protocol_mismatch');
          }
          const session = sessionFromToken(app, frame.sessionToken, callId);
          if (!session) {
            sendError('unauthorized', 'Unknown session for this call; join again');
            return closeWith(socket, 'unauthorized');
          }
          room = app.calls.get(callId);
          if (!room) return closeWith(socket, 'unauthorized');
          const refusal = room.admissionOf(session);
          if (refusal) {
            sendError(REFUSAL_ERROR[refusal], `You cannot rejoin: ${refusal}`);
            return closeWith(socket, refusal);
          }
          conn = {
            identity: session.identity,
            send: (text) => socket.send(text),
            close: (code, reason) => {
              if (executing) closeAfterReply ??= [code, reason];
              else socket.close(code, reason);
            },
            bufferedAmount: () => socket.bufferedAmount,
          };
          room.connect(conn, frame.lastSeq);
          return;
        }

        if (!conn || !room) return sendError('unauthorized', 'Say hello first', (frame as { ref?: string }).ref);
        if (frame.type === 'ping') return socket.send('{"type":"pong"}');

        const { ref, ...command } = frame as { ref?: string; type: string };
        executing = true;
        const result = room.execute(command as never, conn.identity);
        executing = false;
        if (!result.ok) return sendError(result.error.code, result.error.message, ref);
        if (ref !== undefined) socket.send(JSON.stringify({ type: 'ack', ref, seq: result.seq }));
      };

      // A normal closure whose reason is LEAVE_REASON is a goodbye: leave at once (hand lowered,
      // no longer counted) instead of waiting out the reconnect grace period.
      socket.on('close', (code, reason) => {
        clearTimeout(helloTimer);
        if (room && conn) room.disconnect(conn, code === 1000 && reason.toString() === LEAVE_REASON);
      });
      socket.on('error', (err) => req.log.debug({ err: err.message }, 'websocket error'));
    },
  );
};

export default ws;

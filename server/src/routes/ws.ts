// GET /api/calls/:id/ws: the moderation channel. The upgrade checks Origin (cross-site websocket
// hijacking); nothing about the call is sent before a valid hello authenticates the person; every
// frame is parsed once and answered with a typed error when bad; frames are size- and rate-limited.
import { CLOSE_CODES, PROTOCOL_VERSION, parseClientFrame } from '@caucus/shared';
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import type { CallRoom } from '../calls/call-room';
import type { Connection } from '../calls/connection';
import { errorBody } from '../http/errors';
import { sessionFromToken } from './session-auth';

/** ws's default maxPayload is 100 MiB; a moderation frame is tiny. Above this: close 1009. */
export const MAX_FRAME_BYTES = 16 * 1024;
const HELLO_TIMEOUT_MS = 10_000;
/** Token bucket per connection: a burst of 40 frames, refilled at 20 per second. */
const RATE = { burst: 40, perSecond: 20 };
/** Frames refused for rate in a row before the socket is closed (4029). */
const RATE_STRIKES_TO_CLOSE = 50;

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

      const sendError = (code: string, message: string, ref?: string) =>
        socket.send(JSON.stringify(ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref }));

      const helloTimer = setTimeout(() => closeWith(socket, 'unauthorized'), HELLO_TIMEOUT_MS);

      socket.on('message', (data, isBinary) => {
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
            sendError(refusal, `You cannot rejoin: ${refusal}`);
            return closeWith(socket, refusal);
          }
          conn = {
            identity: session.identity,
            send: (text) => socket.send(text),
            close: (code, reason) => socket.close(code, reason),
            bufferedAmount: () => socket.bufferedAmount,
          };
          room.connect(conn, frame.lastSeq);
          return;
        }

        if (!conn || !room) return sendError('unauthorized', 'Say hello first');
        if (frame.type === 'ping') return socket.send('{"type":"pong"}');

        const { ref, ...command } = frame as { ref?: string; type: string };
        const result = room.execute(command as never, conn.identity);
        if (!result.ok) return sendError(result.error.code, result.error.message, ref);
        if (ref !== undefined) socket.send(JSON.stringify({ type: 'ack', ref, seq: result.seq }));
      });

      socket.on('close', () => {
        clearTimeout(helloTimer);
        if (room && conn) room.disconnect(conn);
      });
      socket.on('error', (err) => req.log.debug({ err: err.message }, 'websocket error'));
    },
  );
};

export default ws;

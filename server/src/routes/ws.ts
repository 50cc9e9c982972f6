// GET /api/calls/:id/ws: the moderation channel. The upgrade checks Origin (cross-site websocket
// hijacking) and that the call exists; past that, the socket is a SocketSession (hello, protocol
// check, rate limit, commands to the room) and this route only adapts ws to its abstract socket.
import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import { closeWith, type RoomSocket } from '../calls/connection';
import { systemClock } from '../calls/clock';
import { SocketSession } from '../calls/socket-session';
import { errorBody } from '../http/errors';
import { HelloThrottle, OpenCount } from '../http/connection-limits';
import { hashNetwork, networkOf } from '../http/network';
import { deviceOf } from './device-cookie';
import { checkSession } from './session-auth';

/** ws's default maxPayload is 100 MiB; a moderation frame is tiny. Above this: close 1009. */
export const MAX_FRAME_BYTES = 16 * 1024;

function roomSocket(socket: WebSocket): RoomSocket {
  return {
    // Bytes are a text frame too (a broadcast encodes its frame once for every socket).
    send: (text) => socket.send(text, { binary: false }),
    close: (code, reason) => socket.close(code, reason),
    isOpen: () => socket.readyState === socket.OPEN,
    bufferedAmount: () => socket.bufferedAmount,
  };
}

const ws: FastifyPluginAsync = async (app) => {
  const allowedOrigins = new Set([new URL(app.config.publicUrl).origin]);
  const open = new OpenCount(app.config.wsConnectionsPerAddress);
  const hellos = new HelloThrottle();

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
        // Refused before the upgrade: a script opening sockets from one network costs a 429.
        if (open.full(networkOf(req.ip))) {
          req.log.info({ network: networkOf(req.ip) }, 'websocket refused: too many open from this network');
          return reply.status(429).send(errorBody('rate_limited', 'Too many open connections from your network'));
        }
      },
    },
    (socket, req) => {
      const callId = req.params.id;
      const network = networkOf(req.ip);
      // Upgrades that raced past the check above are closed here.
      if (!open.take(network)) return closeWith(roomSocket(socket), 'rate_limited');
      socket.on('close', () => open.release(network));
      // The upgrade carries the browser's cookies: the session must be this browser's.
      const device = deviceOf(req, app.config.publicUrl.startsWith('https:'));
      let authenticated: string | null = null;
      const session = new SocketSession(roomSocket(socket), {
        clock: systemClock,
        log: req.log.child({ callId }),
        authenticate: (token) => {
          const checked = checkSession(app, token, callId, device);
          if (!checked.ok) return checked;
          authenticated = checked.session.tokenHash;
          return { ok: true, person: checked.session };
        },
        room: () => app.calls.get(callId),
        gate: (person) => {
          // The coalition's ban list, by the session's browser and network and by the network
          // this socket comes from now (which may not be the one the person joined from).
          const banned = app.bans.check({
            callId,
            identity: person.identity,
            role: person.role,
            device: person.device,
            ipHashes: [person.ipHash, hashNetwork(req.ip, app.config.livekit.apiSecret)],
            ...app.bans.personOf(callId, person.identity),
          });
          if (banned) return 'banned';
          return hellos.allow(callId, person.identity) ? null : 'rate_limited';
        },
      });
      // The idle clock of a session starts when its socket closes.
      socket.on('close', () => authenticated && app.store.touchSession(authenticated, Date.now()));
      socket.on('message', (data, isBinary) => {
        // First thing: the fan-out time of the benchmark is measured from here.
        const receivedAt = performance.now();
        session.handleMessage(isBinary ? null : data.toString(), receivedAt);
      });
      socket.on('close', (code, reason) => session.handleClose(code, reason.toString()));
      socket.on('error', (err) => req.log.debug({ err: err.message }, 'websocket error'));
    },
  );
};

export default ws;

// One moderation socket from upgrade to close, as a lifecycle tagged on `state`: nothing about the
// call is sent before a valid hello authenticates the person (awaiting_hello); the hello is where
// membership starts (the join runs there); someone admitted waits for their LiveKit token
// (admitting), gets it in `admitted`, then the snapshot; then each frame is a command for the
// room (connected); after that nothing (closed). Every frame is rate-limited,
// parsed once and answered with a typed error when bad. Talks to an abstract socket, so unit
// tests drive it in memory and routes/ws.ts only adapts the real one.
import { PROTOCOL_VERSION, parseClientFrame, type CloseReason, type ErrorCode, type WireCommand } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { SessionPerson } from './admission';
import type { LivekitAccess } from '../plugins/livekit';
import type { CallRoom, Refusal } from './call-room';
import type { Clock, Timer } from './clock';
import { closeWith, type Connection, type RoomSocket } from './connection';
import { encodeServerFrame, errorFrame } from './frames';
import { settle } from './maybe-async';

/** Between the upgrade and the hello; then the socket is closed as unauthorized. */
export const HELLO_TIMEOUT_MS = 10_000;
/** Close reason a client sends with code 1000 when the person leaves on purpose. */
export const LEAVE_REASON = 'leave';
/** Token bucket per connection: a burst of 40 frames, refilled at 20 per second. */
export const RATE = { burst: 40, perSecond: 20 };
/** Frames refused for rate in a row before the socket is closed (4029). */
export const RATE_STRIKES_TO_CLOSE = 50;

/**
 * The error code sent before closing a refused hello. Every code on the wire is an ERROR_CODES
 * member; the close code (4003 removed, 4005 denied...) and its reason say the rest.
 */
const REFUSAL_ERROR: Record<Refusal, ErrorCode> = {
  banned: 'banned',
  removed: 'forbidden',
  denied: 'forbidden',
  locked: 'locked',
  full: 'full',
  call_ended: 'call_ended',
  unauthorized: 'unauthorized',
};

/** What the person reads: the client shows it and does not loop back to the join page. */
const REFUSAL_TEXT: Record<Refusal, string> = {
  banned: 'You are banned from this call',
  removed: 'A moderator removed you from this call',
  denied: 'A moderator did not let you in',
  locked: 'The call is locked: nobody new can come in now',
  full: 'The call is full',
  call_ended: 'This call has ended',
  unauthorized: 'You cannot join this call with this session; join again',
};

const PONG = encodeServerFrame({ type: 'pong' });

export interface SocketSessionDeps {
  clock: Clock;
  log: FastifyBaseLogger;
  /** The person a hello's session token stands for in this call, or why it may not be used. */
  authenticate: (sessionToken: string) => { ok: true; person: SessionPerson } | { ok: false; message: string };
  /** The call's room (null when the call is gone). */
  room: () => CallRoom | null;
  /**
   * Checks at the door beyond the call's own admission: a ban from the coalition's list
   * (`banned`), or too many reconnects by this person (`rate_limited`); null lets them on.
   */
  gate?: (person: SessionPerson) => 'banned' | 'rate_limited' | null;
}

type Lifecycle =
  | { state: 'awaiting_hello'; helloTimer: Timer }
  | { state: 'helloing'; early: { command: WireCommand; receivedAt: number }[] }
  | { state: 'admitting'; room: CallRoom; conn: Connection; early: { command: WireCommand; receivedAt: number }[] }
  | { state: 'connected'; room: CallRoom; conn: Connection }
  | { state: 'closed' };

export class SocketSession {
  private life: Lifecycle;
  private tokens = RATE.burst;
  private lastRefill: number;
  private strikes = 0;

  constructor(
    private readonly socket: RoomSocket,
    private readonly deps: SocketSessionDeps,
  ) {
    this.lastRefill = deps.clock.now();
    this.life = { state: 'awaiting_hello', helloTimer: deps.clock.after(HELLO_TIMEOUT_MS, () => this.close('unauthorized')) };
  }

  get state(): Lifecycle['state'] {
    return this.life.state;
  }

  /**
   * One frame from the client: its text, or null for a binary frame. `receivedAt` is
   * performance.now() when it arrived (the benchmark's fan-out time starts there).
   */
  handleMessage(text: string | null, receivedAt: number = performance.now()): void {
    try {
      this.onMessage(text, receivedAt);
    } catch (err) {
      // A bug in a handler must cost one frame, not the process (and every other call with it).
      this.deps.log.error({ err }, 'websocket frame handler failed');
      this.sendError('internal', 'The server failed on this frame; try again');
    }
  }

  /** The socket closed. A normal closure whose reason is LEAVE_REASON is a goodbye: leave at once. */
  handleClose(code: number, reason: string): void {
    const life = this.life;
    this.life = { state: 'closed' };
    switch (life.state) {
      case 'awaiting_hello':
        life.helloTimer.cancel();
        return;
      case 'helloing':
        // The admission under way sees the close when it is answered (hello()).
        return;
      case 'admitting':
        // In the call, never attached: without a socket, as after a drop.
        life.room.absent(life.conn.identity);
        return;
      case 'connected':
        life.room.disconnect(life.conn, code === 1000 && reason === LEAVE_REASON);
        return;
      case 'closed':
        return;
      default: {
        const never: never = life;
        throw new Error(`unknown session state ${JSON.stringify(never)}`);
      }
    }
  }

  private onMessage(text: string | null, receivedAt: number): void {
    if (this.life.state === 'closed') return;
    if (!this.takeToken()) return;
    if (text === null) return this.sendError('bad_frame', 'Frames are JSON text');
    const parsed = parseClientFrame(text);
    if (!parsed.ok) return this.sendError(parsed.error.code, parsed.error.message);
    const frame = parsed.frame;
    const life = this.life;

    if (frame.type === 'hello') {
      if (life.state !== 'awaiting_hello') return this.sendError('invalid', 'Already said hello');
      life.helloTimer.cancel();
      this.life = { state: 'helloing', early: [] };
      return this.hello(frame.protocol, frame.sessionToken, frame.lastSeq);
    }
    if (life.state === 'awaiting_hello') {
      return this.sendError('unauthorized', 'Say hello first', 'ref' in frame ? frame.ref : undefined);
    }
    if (frame.type === 'ping') return this.socket.send(PONG);
    if (frame.type === 'review') {
      if (life.state !== 'connected') return this.sendError('unavailable', 'Not in the call yet; ask again in a moment');
      return this.sendReview(life.room, life.conn.identity);
    }
    // A command sent right after the hello waits the few milliseconds until the person is attached.
    if (life.state === 'admitting' || life.state === 'helloing') return void life.early.push({ command: frame, receivedAt });
    life.room.handleCommand(life.conn, frame, frame.ref, receivedAt);
  }

  private hello(protocol: number, sessionToken: string, lastSeq: number | undefined): void {
    if (protocol !== PROTOCOL_VERSION) {
      this.sendError('protocol_mismatch', `This server speaks protocol ${PROTOCOL_VERSION}; reload the page`);
      return this.close('protocol_mismatch');
    }
    const auth = this.deps.authenticate(sessionToken);
    if (!auth.ok) {
      this.sendError('unauthorized', auth.message);
      return this.close('unauthorized');
    }
    const person = auth.person;
    const room = this.deps.room();
    if (!room) return this.close('unauthorized');
    const gated = this.deps.gate?.(person) ?? null;
    if (gated) {
      this.sendError(gated, gated === 'banned' ? 'You cannot rejoin: banned' : 'Too many reconnects; wait a minute');
      return this.close(gated);
    }
    // With the call's owner on another instance the join is answered over the bus: the socket
    // may close meanwhile, and then nothing more is done for it.
    settle(room.admissionOf(person), (refusal) => {
      const life = this.life;
      if (life.state !== 'helloing') {
        // Closed while the owner answered: in the call without a socket, as after a drop.
        if (!refusal) room.absent(person.identity);
        return;
      }
      if (refusal) {
        this.sendError(REFUSAL_ERROR[refusal], REFUSAL_TEXT[refusal]);
        return this.close(refusal);
      }
      this.admit(room, person, lastSeq, life.early);
    });
  }

  private admit(room: CallRoom, person: SessionPerson, lastSeq: number | undefined, early: { command: WireCommand; receivedAt: number }[]): void {
    const socket = this.socket;
    const conn: Connection = {
      identity: person.identity,
      send: (text) => socket.send(text),
      close: (code, reason) => socket.close(code, reason),
      isOpen: () => socket.isOpen(),
      bufferedAmount: () => socket.bufferedAmount(),
    };
    if (!room.isPresent(person.identity)) {
      // Waiting in the lobby: `admitted` comes when a moderator lets them in.
      this.life = { state: 'connected', room, conn };
      room.connect(conn, lastSeq);
      for (const { command, receivedAt } of early) room.handleCommand(conn, command, command.ref, receivedAt);
      return;
    }
    // In the call: LiveKit credentials first, so the client enters the media room with the token
    // it was handed rather than asking for another.
    this.life = { state: 'admitting', room, conn, early };
    const attach = (livekit: LivekitAccess | null) => {
      if (this.life.state !== 'admitting' || this.life.conn !== conn) return;
      this.life = { state: 'connected', room, conn };
      if (livekit && socket.isOpen()) socket.send(encodeServerFrame({ type: 'admitted', livekit }));
      room.connect(conn, lastSeq);
      for (const { command, receivedAt } of early) room.handleCommand(conn, command, command.ref, receivedAt);
    };
    room.tokenFor(person.identity).then(attach, (err: Error) => {
      this.deps.log.error({ identity: person.identity, err: err.message }, 'could not mint a LiveKit token at hello');
      attach(null);
    });
  }

  /** The raid shield's review list, for hosts and moderators only. */
  private sendReview(room: CallRoom, identity: string): void {
    if (!room.isStaffNow(identity)) return this.sendError('forbidden', 'Only hosts and moderators review the lobby');
    this.socket.send(encodeServerFrame(room.review()));
  }

  /** The token bucket: false (and an error, or the close after too many) when over the rate. */
  private takeToken(): boolean {
    const now = this.deps.clock.now();
    this.tokens = Math.min(RATE.burst, this.tokens + ((now - this.lastRefill) / 1000) * RATE.perSecond);
    this.lastRefill = now;
    if (this.tokens < 1) {
      this.strikes += 1;
      if (this.strikes >= RATE_STRIKES_TO_CLOSE) this.close('rate_limited');
      else this.sendError('rate_limited', 'Too many messages; slow down');
      return false;
    }
    this.tokens -= 1;
    this.strikes = 0;
    return true;
  }

  private sendError(code: ErrorCode, message: string, ref?: string): void {
    this.socket.send(encodeServerFrame(errorFrame({ code, message }, ref)));
  }

  /**
   * Closes the socket from our side. Before a hello nothing more is read; a connected person is
   * detached from the room when the socket reports its close (handleClose).
   */
  private close(reason: CloseReason): void {
    if (this.life.state === 'awaiting_hello') this.life.helloTimer.cancel();
    if (this.life.state === 'awaiting_hello' || this.life.state === 'helloing') this.life = { state: 'closed' };
    closeWith(this.socket, reason);
  }
}

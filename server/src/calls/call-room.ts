// The imperative shell around the pure core for ONE call: command -> decide -> store -> evolve ->
// broadcast -> effects. Everything accepted is in the event log before anyone hears of it; if the
// store refuses the write, the command is refused and the state in memory does not move.
import {
  CLOSE_CODES,
  decide,
  effectsOf,
  eventFor,
  evolve,
  isStaff,
  permissionDiff,
  roleOf,
  statusOf,
  viewFor,
  type CallState,
  type Command,
  type Effect,
  type Event,
  type ProtocolError,
  type Role,
} from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Store, StoredEvent } from '../store/store';
import { MAX_BUFFERED_BYTES, type Connection } from './connection';
import { FloorTimer } from './floor-timer';
import type { LivekitEnforcer } from './livekit-enforcer';

/** How long a person may be without a moderation connection before they count as gone. */
export const RECONNECT_GRACE_MS = 30_000;
/** Between the HTTP join and the first websocket hello. */
export const FIRST_CONNECT_GRACE_MS = 60_000;
/** Events kept in memory for resume; older gaps are served from the store, or by a snapshot. */
const RECENT_EVENTS = 2000;
/** A snapshot is written every this many events, so restart replay stays short. */
const SNAPSHOT_EVERY = 500;

export type ExecuteResult = { ok: true; events: Event[]; seq: number } | { ok: false; error: ProtocolError };

export interface CallRoomDeps {
  store: Store;
  log: FastifyBaseLogger;
  now?: () => number;
  /** Mints a LiveKit token for a person just admitted from the lobby. */
  tokenFor: (identity: string) => Promise<{ url: string; token: string } | null>;
}

export type Refusal = 'banned' | 'removed' | 'denied' | 'call_ended' | 'unauthorized';

interface Sequenced {
  seq: number;
  event: Event;
}

export class CallRoom {
  private connections = new Map<string, Connection>();
  private recent: Sequenced[] = [];
  private sinceSnapshot = 0;
  private absence = new Map<string, NodeJS.Timeout>();
  private readonly floorTimer: FloorTimer;
  private readonly now: () => number;
  enforcer: LivekitEnforcer | null = null;

  constructor(
    readonly callId: string,
    public state: CallState,
    public seq: number,
    private readonly deps: CallRoomDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.floorTimer = new FloorTimer((cmd) => {
      const r = this.execute(cmd, 'system');
      if (!r.ok && r.error.code !== 'not_due') this.deps.log.warn({ callId, cmd, error: r.error }, 'floor timer refused');
    }, this.now);
  }

  /** Called once after loading (also after a restart): re-arms timers from the stored state. */
  start(enforcer: LivekitEnforcer): void {
    this.enforcer = enforcer;
    this.floorTimer.arm(this.state.floor);
    // After a restart nobody is connected yet: whoever does not come back counts as gone.
    for (const [identity, m] of Object.entries(this.state.members)) {
      if (m.status === 'present') this.armAbsence(identity, RECONNECT_GRACE_MS);
    }
  }

  execute(command: Command, actor: string): ExecuteResult {
    const ctx = { actor, now: this.now(), id: randomUUID() };
    const decision = decide(this.state, command, ctx);
    if (!decision.ok) return decision;
    const events = decision.events;
    if (events.length === 0) return { ok: true, events, seq: this.seq };

    const stored: Sequenced[] = events.map((event, i) => ({ seq: this.seq + 1 + i, event }));
    try {
      this.deps.store.appendEvents(this.callId, stored as unknown as StoredEvent[]);
    } catch (err) {
      this.deps.log.error({ callId: this.callId, err: (err as Error).message }, 'the store refused events');
      return { ok: false, error: { code: 'unavailable', message: 'The server could not store this change; try again.' } };
    }
    const before = this.state;
    let state = before;
    for (const event of events) state = evolve(state, event);
    this.state = state;
    this.seq += events.length;
    this.remember(stored);
    this.broadcast(stored);

    if (this.state.status === 'ended' && before.status !== 'ended') this.endedInStore();
    // LiveKit follows the state: only the people whose permission changed are touched.
    this.enforcer?.apply(permissionDiff(before, this.state));
    for (const event of events) for (const effect of effectsOf(event)) this.runEffect(effect);
    this.floorTimer.arm(this.state.floor);

    this.sinceSnapshot += events.length;
    if (this.sinceSnapshot >= SNAPSHOT_EVERY) this.snapshot();
    return { ok: true, events, seq: this.seq };
  }

  snapshot(): void {
    try {
      this.deps.store.saveSnapshot(this.callId, this.seq, this.state);
      this.sinceSnapshot = 0;
    } catch (err) {
      this.deps.log.warn({ callId: this.callId, err: (err as Error).message }, 'snapshot failed; replay will be longer');
    }
  }

  // --- who may connect -----------------------------------------------------------------------

  /**
   * May this session's person attach a socket? Someone who only left (closed the tab, lost the
   * network past the grace period) is re-joined with the session's credentials; removed, denied
   * and banned people must go through the join page again, where bans are checked.
   */
  admissionOf(session: { identity: string; name: string; role: Role; device: string | null; ipHash: string | null }): Refusal | null {
    if (this.state.status === 'ended') return 'call_ended';
    const status = statusOf(this.state, session.identity);
    if (status === 'present' || status === 'lobby') return null;
    if (status === 'banned' || status === 'removed' || status === 'denied') return status;
    const name = this.state.members[session.identity]?.name ?? session.name;
    const rejoin = this.execute({ type: 'join', identity: session.identity, name, role: session.role, device: session.device, ipHash: session.ipHash }, 'system');
    if (rejoin.ok) return null;
    return rejoin.error.code === 'banned' ? 'banned' : rejoin.error.code === 'call_ended' ? 'call_ended' : 'unauthorized';
  }

  /** After an HTTP join: if no socket arrives in time, the person counts as gone. */
  expectConnection(identity: string): void {
    if (!this.connections.has(identity)) this.armAbsence(identity, FIRST_CONNECT_GRACE_MS);
  }

  private armAbsence(identity: string, ms: number): void {
    clearTimeout(this.absence.get(identity));
    const timer = setTimeout(() => {
      this.absence.delete(identity);
      if (this.connections.has(identity)) return;
      const status = statusOf(this.state, identity);
      if (status === 'present' || status === 'lobby') this.execute({ type: 'leave', identity }, 'system');
    }, ms);
    timer.unref();
    this.absence.set(identity, timer);
  }

  // --- connections ---------------------------------------------------------------------------

  /** Attaches a socket after its hello: sends a snapshot, or exactly the events it missed. */
  connect(conn: Connection, lastSeq: number | undefined): void {
    const previous = this.connections.get(conn.identity);
    if (previous && previous !== conn) previous.close(CLOSE_CODES.replaced, 'replaced');
    this.connections.set(conn.identity, conn);
    clearTimeout(this.absence.get(conn.identity));
    this.absence.delete(conn.identity);
    const missed = lastSeq !== undefined ? this.eventsAfter(lastSeq) : null;
    if (!missed) return this.sendSnapshot(conn);
    const viewer = this.viewerOf(conn.identity);
    for (const { seq, event } of missed) {
      const visible = eventFor(event, viewer);
      if (visible) conn.send(JSON.stringify({ type: 'event', seq, event: visible }));
    }
  }

  disconnect(conn: Connection): void {
    if (this.connections.get(conn.identity) !== conn) return;
    this.connections.delete(conn.identity);
    if (this.state.status !== 'ended') this.armAbsence(conn.identity, RECONNECT_GRACE_MS);
  }

  connectionCount(): number {
    return this.connections.size;
  }

  closeAll(code: number, reason: string): void {
    for (const conn of this.connections.values()) conn.close(code, reason);
    this.connections.clear();
  }

  stop(): void {
    this.floorTimer.clear();
    for (const t of this.absence.values()) clearTimeout(t);
    this.absence.clear();
  }

  private send(identity: string, frame: unknown): void {
    this.connections.get(identity)?.send(JSON.stringify(frame));
  }

  private sendSnapshot(conn: Connection): void {
    const viewer = this.viewerOf(conn.identity);
    const status = statusOf(this.state, conn.identity) ?? 'left';
    // Waiters see nothing of the call until they are admitted.
    const state = status === 'lobby' || status === 'denied' ? null : viewFor(this.state, viewer);
    conn.send(JSON.stringify({ type: 'snapshot', seq: this.seq, state, you: { identity: conn.identity, role: viewer.role, status } }));
  }

  private viewerOf(identity: string): { identity: string; role: Role } {
    return { identity, role: roleOf(this.state, identity) ?? 'participant' };
  }

  /** Events after `lastSeq`, or null when a snapshot is the better answer (too far behind, or ahead). */
  private eventsAfter(lastSeq: number): Sequenced[] | null {
    if (lastSeq > this.seq) return null;
    if (lastSeq === this.seq) return [];
    const first = this.recent[0];
    if (first && first.seq <= lastSeq + 1) return this.recent.filter((e) => e.seq > lastSeq);
    if (this.seq - lastSeq > RECENT_EVENTS) return null;
    return this.deps.store.readEvents(this.callId, lastSeq) as unknown as Sequenced[];
  }

  private remember(stored: Sequenced[]): void {
    this.recent.push(...stored);
    if (this.recent.length > RECENT_EVENTS * 1.5) this.recent = this.recent.slice(-RECENT_EVENTS);
  }

  /**
   * One serialisation per distinct view of an event, then the same string to every socket of that
   * view. What eventFor shows depends only on whether the viewer is staff and whether the event is
   * about the viewer, so that pair is the cache key. Sockets that stopped reading are cut off.
   */
  private broadcast(stored: Sequenced[]): void {
    for (const { seq, event } of stored) {
      const about = (event as { participant?: string }).participant;
      const texts = new Map<string, string | null>();
      for (const conn of this.connections.values()) {
        const viewer = this.viewerOf(conn.identity);
        const key = `${isStaff(viewer.role)}:${about === conn.identity}`;
        let text = texts.get(key);
        if (text === undefined) {
          const visible = eventFor(event, viewer);
          text = visible ? JSON.stringify({ type: 'event', seq, event: visible }) : null;
          texts.set(key, text);
        }
        if (text === null) continue;
        if (conn.bufferedAmount() > MAX_BUFFERED_BYTES) {
          this.deps.log.warn({ callId: this.callId, identity: conn.identity }, 'client too slow; disconnected');
          conn.close(CLOSE_CODES.too_slow, 'too_slow');
          this.disconnect(conn);
          continue;
        }
        conn.send(text);
      }
    }
  }

  private runEffect(effect: Effect): void {
    switch (effect.kind) {
      case 'mute_tracks':
        this.enforcer?.muteMicrophone(effect.identity);
        return;
      case 'remove':
        this.enforcer?.kick(effect.identity, effect.reason);
        return;
      case 'close_sockets': {
        const conn = this.connections.get(effect.identity);
        if (!conn) return;
        conn.close(effect.code, closeReason(effect.code));
        this.connections.delete(effect.identity);
        return;
      }
      case 'admitted': {
        const identity = effect.identity;
        void this.deps.tokenFor(identity).then((livekit) => {
          if (livekit) this.send(identity, { type: 'admitted', livekit });
          const conn = this.connections.get(identity);
          if (conn) this.sendSnapshot(conn);
        });
        return;
      }
      case 'resnapshot': {
        const conn = this.connections.get(effect.identity);
        if (conn) this.sendSnapshot(conn);
        return;
      }
      case 'end_call':
        this.floorTimer.clear();
        this.closeAll(CLOSE_CODES.call_ended, 'call_ended');
        this.enforcer?.endRoom();
        return;
      default: {
        const never: never = effect;
        throw new Error(`unhandled effect ${JSON.stringify(never)}`);
      }
    }
  }

  private endedInStore(): void {
    const call = this.deps.store.getCall(this.callId);
    if (call && call.endedAt === null) this.deps.store.endCall(this.callId, this.now());
  }
}

function closeReason(code: number): string {
  return Object.entries(CLOSE_CODES).find(([, c]) => c === code)?.[0] ?? 'closed';
}

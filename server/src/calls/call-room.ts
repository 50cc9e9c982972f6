// The imperative shell around the pure core for ONE call: command -> decide -> store -> evolve ->
// broadcast -> effects. Everything accepted is in the event log before anyone hears of it (written
// to the WAL: a crash of the process loses nothing; the fsync for power loss follows off the event
// loop); if the store refuses the write, the command is refused and the state in memory does not move.
import {
  CLOSE_CODES,
  audienceEventFor,
  audienceView,
  decide,
  effectsOf,
  eventFor,
  evolve,
  isListed,
  isStaff,
  Members,
  permissionDiff,
  presentCount,
  roleOf,
  staffView,
  statusOf,
  subjectOf,
  toSnapshot,
  withSelf,
  type CallState,
  type Command,
  type Effect,
  type Event,
  type EventContext,
  type Member,
  type PermissionChange,
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
/**
 * The head count (`presence` frame) goes out at most this often while people come and go: each
 * one is a frame to everyone, so with thousands connected it must stay rare.
 */
export const PRESENCE_EVERY_MS = 2000;

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

/** An event as kept for resumes: with the copy every non-staff viewer but its subject gets. */
interface Remembered extends Sequenced {
  audience: Event | null;
}

export class CallRoom {
  private connections = new Map<string, Connection>();
  /** The connected hosts and moderators: an event the audience does not get goes only to them. */
  private staffConnected = new Set<string>();
  private recent: Remembered[] = [];
  private sinceSnapshot = 0;
  /** The redacted views of the current state, built on first use after each change. */
  private views: { of: CallState; staff: CallState | null; audience: CallState | null } | null = null;
  /** Everyone on the public record (isListed), kept as events list people: O(listed) audience views. */
  private listed = new Set<string>();
  private present: number;
  private presenceSent: number;
  private presenceTimer: NodeJS.Timeout | null = null;
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
    this.present = presentCount(state);
    this.presenceSent = this.present;
    for (const [id, m] of state.members.entries()) if (isListed(m)) this.listed.add(id);
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
    for (const [identity, m] of this.state.members.entries()) {
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
    // In the log now (a crash of this process loses nothing); on the disk about one fsync later,
    // off the event loop: the broadcast does not wait for the disk.
    this.deps.store.flush().catch((err: Error) => this.deps.log.error({ callId: this.callId, err: err.message }, 'the disk refused an fsync'));
    const before = this.state;
    let state = before;
    const contexts: EventContext[] = [];
    for (const event of events) {
      const after = evolve(state, event);
      contexts.push({ before: state, after });
      state = after;
    }
    this.state = state;
    this.seq += events.length;
    for (const event of events) {
      const subject = subjectOf(event);
      if (subject !== undefined && !this.listed.has(subject) && state.members.has(subject) && isListed(state.members.get(subject)!)) this.listed.add(subject);
    }
    // The command is applied from here on: a failure below is logged, never reported as a refusal,
    // and one failing step does not skip the others (a banned person is still kicked).
    this.guard('broadcast', () => {
      const remembered = stored.map(({ seq, event }, i) => ({ seq, event, audience: audienceEventFor(event, contexts[i]!) }));
      this.remember(remembered);
      this.broadcast(remembered);
      this.countPresence(events, contexts);
    });
    this.guard('end', () => {
      if (this.state.status === 'ended' && before.status !== 'ended') this.endedInStore();
    });
    // LiveKit follows the state: only the people whose permission changed are touched.
    this.guard('enforce', () => this.enforcer?.apply(permissionChanges(before, this.state, events)));
    for (const event of events) for (const effect of effectsOf(event)) this.guard(effect.kind, () => this.runEffect(effect));
    this.guard('floor timer', () => this.floorTimer.arm(this.state.floor));

    this.sinceSnapshot += events.length;
    if (this.sinceSnapshot >= SNAPSHOT_EVERY) this.snapshot();
    return { ok: true, events, seq: this.seq };
  }

  private guard(step: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.deps.log.error({ callId: this.callId, step, err: (err as Error).message }, 'a step after storing an event failed');
    }
  }

  snapshot(): void {
    try {
      this.deps.store.saveSnapshot(this.callId, this.seq, toSnapshot(this.state));
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
    const name = this.state.members.get(session.identity)?.name ?? session.name;
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
    this.classify(conn.identity);
    clearTimeout(this.absence.get(conn.identity));
    this.absence.delete(conn.identity);
    const viewer = this.viewerOf(conn.identity);
    const missed = lastSeq !== undefined ? this.eventsAfter(lastSeq, isStaff(viewer.role)) : null;
    if (!missed) return this.sendSnapshot(conn);
    for (const entry of missed) {
      const visible = this.visibleTo(entry, viewer);
      if (visible) conn.send(JSON.stringify({ type: 'event', seq: entry.seq, event: visible }));
    }
    this.sendPresence(conn);
  }

  /** `left`: the person said goodbye (Leave button) rather than dropped; no grace period then. */
  disconnect(conn: Connection, left = false): void {
    if (this.connections.get(conn.identity) !== conn) return;
    this.connections.delete(conn.identity);
    this.staffConnected.delete(conn.identity);
    if (this.state.status === 'ended') return;
    if (left) this.execute({ type: 'leave', identity: conn.identity }, 'system');
    else this.armAbsence(conn.identity, RECONNECT_GRACE_MS);
  }

  connectionCount(): number {
    return this.connections.size;
  }

  closeAll(code: number, reason: string): void {
    for (const conn of this.connections.values()) conn.close(code, reason);
    this.connections.clear();
    this.staffConnected.clear();
  }

  stop(): void {
    this.floorTimer.clear();
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
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
    const waiting = status === 'lobby' || status === 'denied';
    const view = waiting ? null : isStaff(viewer.role) ? this.staffView() : withSelf(this.audienceView(), this.state, conn.identity);
    const state = view && toSnapshot(view);
    const you = { identity: conn.identity, role: viewer.role, status };
    conn.send(JSON.stringify(waiting ? { type: 'snapshot', seq: this.seq, state, you } : { type: 'snapshot', seq: this.seq, state, you, present: this.present }));
  }

  /** Hosts, moderators, speakers and every participant on the record (for look-alike name checks). */
  listedMembers(): Member[] {
    const out: Member[] = [];
    for (const id of this.listed) {
      const m = this.state.members.get(id);
      if (m) out.push(m);
    }
    return out;
  }

  private staffView(): CallState {
    const views = this.currentViews();
    return (views.staff ??= staffView(this.state));
  }

  /** Built once per state for every non-staff snapshot (O(members)); each adds only its own record. */
  private audienceView(): CallState {
    const views = this.currentViews();
    return (views.audience ??= audienceView(this.state, this.listed));
  }

  private currentViews() {
    if (this.views?.of !== this.state) this.views = { of: this.state, staff: null, audience: null };
    return this.views;
  }

  private viewerOf(identity: string): { identity: string; role: Role } {
    return { identity, role: roleOf(this.state, identity) ?? 'participant' };
  }

  /** Tracks which connections are staff (the only ones that hear about people off the record). */
  private classify(identity: string): void {
    if (this.connections.has(identity) && isStaff(roleOf(this.state, identity) ?? 'participant')) this.staffConnected.add(identity);
    else this.staffConnected.delete(identity);
  }

  /**
   * What a viewer gets of a remembered event. Staff and the event's own subject get a copy that
   * needs no context (eventFor never reads it for them); everyone else the audience copy.
   */
  private visibleTo(entry: Remembered, viewer: { identity: string; role: Role }): Event | null {
    if (isStaff(viewer.role) || subjectOf(entry.event) === viewer.identity) {
      return eventFor(entry.event, viewer, { before: this.state, after: this.state });
    }
    return entry.audience;
  }

  /**
   * Events after `lastSeq`, or null when a snapshot is the better answer (too far behind, or ahead).
   * Events read back from the store have lost their audience copies: non-staff get a snapshot.
   */
  private eventsAfter(lastSeq: number, staff: boolean): Remembered[] | null {
    if (lastSeq > this.seq) return null;
    if (lastSeq === this.seq) return [];
    const first = this.recent[0];
    if (first && first.seq <= lastSeq + 1) return this.recent.filter((e) => e.seq > lastSeq);
    if (this.seq - lastSeq > RECENT_EVENTS || !staff) return null;
    return (this.deps.store.readEvents(this.callId, lastSeq) as unknown as Sequenced[]).map((e) => ({ ...e, audience: null }));
  }

  private remember(stored: Remembered[]): void {
    this.recent.push(...stored);
    if (this.recent.length > RECENT_EVENTS * 1.5) this.recent = this.recent.slice(-RECENT_EVENTS);
  }

  /**
   * At most three serialisations of an event: the staff copy, the audience copy, and the copy for
   * the person it is about; then the same string to every socket of that view. An event the
   * audience does not get (a silent participant arriving or leaving) costs only the staff sockets
   * and its subject's, not a pass over everyone: that is what keeps a join storm linear. Waiters
   * in the lobby get nothing. Sockets that stopped reading are cut off.
   */
  private broadcast(stored: Remembered[]): void {
    for (const entry of stored) {
      const { seq, event } = entry;
      const subject = subjectOf(event);
      const frame = (e: Event | null) => (e ? JSON.stringify({ type: 'event', seq, event: e }) : null);
      const audienceText = frame(entry.audience);
      let staffText: string | null | undefined;
      let subjectText: string | null | undefined;
      const targets: Iterable<string> =
        audienceText === null ? new Set([...this.staffConnected, ...(subject !== undefined ? [subject] : [])]) : this.connections.keys();
      for (const identity of targets) {
        const conn = this.connections.get(identity);
        if (!conn) continue;
        const status = statusOf(this.state, identity);
        if (status === 'lobby' || status === 'denied') continue;
        const viewer = this.viewerOf(identity);
        let text: string | null;
        if (isStaff(viewer.role)) text = staffText === undefined ? (staffText = frame(this.visibleTo(entry, viewer))) : staffText;
        else if (identity === subject) text = subjectText === undefined ? (subjectText = frame(this.visibleTo(entry, viewer))) : subjectText;
        else text = audienceText;
        if (text === null) continue;
        if (conn.bufferedAmount() > MAX_BUFFERED_BYTES) {
          this.deps.log.warn({ callId: this.callId, identity }, 'client too slow; disconnected');
          conn.close(CLOSE_CODES.too_slow, 'too_slow');
          this.disconnect(conn);
          continue;
        }
        conn.send(text);
      }
      if (event.type === 'role_changed') this.classify(event.participant);
    }
  }

  // --- the head count ------------------------------------------------------------------------

  /** Follows arrivals and departures; the new count goes out at most every PRESENCE_EVERY_MS. */
  private countPresence(events: Event[], contexts: EventContext[]): void {
    events.forEach((event, i) => {
      // Only events about a person change whether they are present.
      const id = subjectOf(event);
      if (id === undefined) return;
      const { before, after } = contexts[i]!;
      const was = before.members.get(id)?.status === 'present';
      const is = after.members.get(id)?.status === 'present';
      if (was !== is) this.present += is ? 1 : -1;
    });
    if (this.present === this.presenceSent || this.presenceTimer) return;
    this.presenceTimer = setTimeout(() => {
      this.presenceTimer = null;
      if (this.present === this.presenceSent || this.state.status === 'ended') return;
      this.presenceSent = this.present;
      const text = JSON.stringify({ type: 'presence', present: this.present });
      for (const [identity, conn] of this.connections) {
        const status = statusOf(this.state, identity);
        if (status !== 'lobby' && status !== 'denied') conn.send(text);
      }
    }, PRESENCE_EVERY_MS);
    this.presenceTimer.unref();
  }

  private sendPresence(conn: Connection): void {
    conn.send(JSON.stringify({ type: 'presence', present: this.present }));
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
        this.staffConnected.delete(effect.identity);
        return;
      }
      case 'admitted': {
        const identity = effect.identity;
        this.deps
          .tokenFor(identity)
          .then((livekit) => {
            if (livekit) this.send(identity, { type: 'admitted', livekit });
            const conn = this.connections.get(identity);
            if (conn) this.sendSnapshot(conn);
          })
          .catch((err: Error) => this.deps.log.error({ callId: this.callId, identity, err: err.message }, 'could not mint the admitted token'));
        return;
      }
      case 'resnapshot': {
        const conn = this.connections.get(effect.identity);
        if (conn) this.sendSnapshot(conn);
        return;
      }
      case 'end_call':
        this.floorTimer.clear();
        for (const t of this.absence.values()) clearTimeout(t);
        this.absence.clear();
        // After the current turn, so the host's end_call gets its ack before the close.
        setImmediate(() => this.closeAll(CLOSE_CODES.call_ended, 'call_ended'));
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

/**
 * permissionDiff compares every member, O(N) per command: a join storm made that quadratic. When
 * the call's settings, suspension and status are untouched, a permission can only change for a
 * member whose record an event changed (its subject, or the people an event lists) or for the floor
 * holders, so the diff runs on states narrowed to those; anything else gets the full diff.
 */
function permissionChanges(before: CallState, after: CallState, events: Event[]): PermissionChange[] {
  if (before.settings !== after.settings || before.suspended !== after.suspended || before.status !== after.status) {
    return permissionDiff(before, after);
  }
  const ids = new Set<string>();
  for (const event of events) {
    const subject = subjectOf(event);
    if (subject !== undefined) ids.add(subject);
    for (const key of ['participants', 'silenced', 'unsilenced'] as const) {
      const list = (event as Partial<Record<typeof key, string[]>>)[key];
      if (list) for (const id of list) ids.add(id);
    }
  }
  for (const floor of [before.floor, after.floor]) if (floor) ids.add(floor.identity);
  const pick = (s: CallState): CallState => {
    const members = Members.of([...ids].flatMap((id) => s.members.get(id) ?? []));
    return { ...s, members };
  };
  return permissionDiff(pick(before), pick(after));
}

function closeReason(code: number): string {
  return Object.entries(CLOSE_CODES).find(([, c]) => c === code)?.[0] ?? 'closed';
}

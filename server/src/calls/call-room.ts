// One call as a GATEWAY sees it: the sockets of this process and what goes out on them. It keeps
// its own copy of the call's state, folded with the shared `evolve` from the events the owner
// publishes (call-core.ts decides and appends; this never decides), and fans them out redacted per
// viewer (fanout.ts, redacted-views.ts), remembers them for resumes (resume-log.ts), keeps the
// head count and tallies frames, and runs the socket half of the effects. What its people ask for
// goes to the owner through an OwnerLink: the CallCore in this process (embedded mode, or this
// instance owns the call), or the bus to the instance that owns it (cluster mode). Sockets reach
// it as abstract Connections (socket-session.ts), so a room runs in memory in unit tests.
import { CLOSE_CODES, evolve, findVote, isStaff, statusOf, type CallState, type Command, type EventContext, type Member, type ProtocolError, type ReviewFrame, type ServerFrame } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { LivekitAccess } from '../plugins/livekit';
import type { Store } from '../store/store';
import { admissionOf, type Refusal, type SessionPerson } from './admission';
import { systemClock, type Clock } from './clock';
import type { ExecuteResult } from './command-pipeline';
import type { Connection } from './connection';
import { runSocketEffect } from './effect-runner';
import { Fanout } from './fanout';
import type { FanoutTimings } from './fanout-timings';
import { encodeServerFrame, errorFrame } from './frames';
import { HeadCount } from './head-count';
import { reviewEntries } from './review';
import type { LivekitEnforcer } from './livekit-enforcer';
import { RedactedViews, type Sequenced } from './redacted-views';
import { ResumeLog } from './resume-log';
import { Tallies } from './tallies';
import { effectsOf } from '@caucus/shared';
import { settle, type Maybe } from './maybe-async';
import { fanoutSeconds } from '../metrics/registry';

export { LEAVE_SETTLE_MS, RECONNECT_GRACE_MS, type Refusal } from './admission';
export { PRESENCE_EVERY_MS } from './head-count';
export type { ExecuteResult } from './command-pipeline';

/** What a gateway asks of its call's owner (call-core.ts here, or another instance over the bus). */
export interface OwnerLink {
  execute(command: Command, actor: string, receivedAt?: number): Maybe<ExecuteResult>;
  ballot(identity: string, voteId: string, choices: readonly number[], ref: string | undefined): Maybe<ProtocolError | null>;
  attached(identity: string): void;
  detached(identity: string, left: boolean): void;
  /** A LiveKit token is about to be minted for this person: the room must exist; the owner looks for them. */
  tokened(identity: string): Promise<void>;
  /** The owner's LiveKit enforcer when the owner is in this process (tests, diagnostics). */
  readonly enforcer: LivekitEnforcer | null;
}

export interface CallRoomDeps {
  store: Store;
  log: FastifyBaseLogger;
  clock?: Clock;
  /** Mints a LiveKit token (the audience grant) for a person in the call; null if they are not. */
  tokenFor: (identity: string) => PromiseLike<LivekitAccess | null>;
  /** Only when the server runs with CAUCUS_FANOUT_TIMING=1 (the benchmark). */
  timings?: FanoutTimings | null;
  /** The call's owner, as it is now (it changes on failover). */
  owner: () => OwnerLink;
}

export class CallRoom {
  private current: CallState;
  private applied: number;
  private readonly views: RedactedViews;
  private readonly fanout: Fanout;
  private readonly resume: ResumeLog;
  private readonly headCount: HeadCount;
  private readonly tallies: Tallies;
  private readonly clock: Clock;

  constructor(
    readonly callId: string,
    state: CallState,
    seq: number,
    private readonly deps: CallRoomDeps,
  ) {
    const { store, log } = deps;
    const clock = deps.clock ?? systemClock;
    this.clock = clock;
    this.current = state;
    this.applied = seq;
    const current = () => this.current;
    this.views = new RedactedViews(state, current);
    this.fanout = new Fanout(this.views, (conn) => {
      log.warn({ callId, identity: conn.identity }, 'client too slow; disconnected');
      this.deps.owner().detached(conn.identity, false);
    });
    this.resume = new ResumeLog(store, callId);
    this.headCount = new HeadCount(state, current, clock, (present) => {
      if (this.state.status === 'ended') return false;
      this.fanout.sendToAll({ type: 'presence', present });
      return true;
    });
    this.tallies = new Tallies(state, current, clock, (frame) => {
      if (this.state.status === 'ended') return false;
      this.fanout.sendToAll(frame);
      return true;
    });
  }

  get state(): CallState {
    return this.current;
  }

  /** The seq of the last event this gateway applied. */
  get seq(): number {
    return this.applied;
  }

  get enforcer(): LivekitEnforcer | null {
    return this.deps.owner().enforcer;
  }

  /**
   * Events the owner stored, in order. The owner in this process hands over the states around
   * each (no second evolve); from the bus they are folded here. Events already applied are
   * skipped; a gap (a stream entry lost or trimmed) is filled from the event log first.
   */
  fold(stored: readonly Sequenced[], contexts?: readonly EventContext[], receivedAt?: number): void {
    const first = stored[0];
    if (!first) return;
    if (first.seq > this.applied + 1) this.catchUp(first.seq - 1);
    const fresh: Sequenced[] = [];
    const around: EventContext[] = [];
    stored.forEach((entry, i) => {
      if (entry.seq !== this.applied + 1 + fresh.length) return;
      const before = fresh.length ? around[around.length - 1]!.after : this.current;
      const context = contexts?.[i] ?? { before, after: evolve(before, entry.event) };
      fresh.push(entry);
      around.push(context);
    });
    if (fresh.length) this.applyFolded(fresh, around, receivedAt);
  }

  /** Reads what the event log has beyond what this gateway applied (up to `upTo`) and folds it. */
  catchUp(upTo = Number.MAX_SAFE_INTEGER): void {
    while (this.applied < upTo) {
      const missing = this.deps.store.readEvents(this.callId, this.applied, Math.min(1000, upTo - this.applied));
      if (missing.length === 0) return;
      this.fold(missing);
    }
  }

  private applyFolded(stored: Sequenced[], contexts: EventContext[], receivedAt: number | undefined): void {
    this.current = contexts[contexts.length - 1]!.after;
    this.applied = stored[stored.length - 1]!.seq;
    const remembered = this.views.follow(stored, contexts);
    this.resume.remember(remembered);
    this.fanout.broadcast(remembered);
    if (receivedAt !== undefined) {
      const elapsedMs = performance.now() - receivedAt;
      fanoutSeconds.observe(elapsedMs / 1000);
      this.deps.timings?.record(elapsedMs);
    }
    this.headCount.changed();
    this.tallies.changed();
    const targets = {
      callId: this.callId,
      log: this.deps.log,
      fanout: this.fanout,
      tokenFor: (identity: string) => this.deps.tokenFor(identity),
      sendSnapshot: (identity: string) => this.sendSnapshot(identity),
      stopTimers: () => {
        this.headCount.stop();
        this.tallies.stop();
      },
    };
    for (const { event } of stored) {
      for (const effect of effectsOf(event)) {
        try {
          runSocketEffect(effect, targets);
        } catch (err) {
          this.deps.log.error({ callId: this.callId, step: effect.kind, err: (err as Error).message }, 'a socket effect failed');
        }
      }
    }
  }

  /**
   * A command from the server itself (HTTP routes) or, through handleCommand, from a socket. With
   * the owner in this process the answer is there when this returns; otherwise it is a promise.
   * Closes wait for the answer: the sender hears it before any socket the command closes.
   */
  execute(command: Command, actor: string, receivedAt?: number): Maybe<ExecuteResult> {
    return this.fanout.holdCloses(() => {
      const result = this.deps.owner().execute(command, actor, receivedAt);
      return settle(result, (r) => this.caughtUpWith(r));
    });
  }

  /** An accepted command's events are applied here before its answer goes out (a remote owner's may arrive after the answer). */
  private caughtUpWith(result: ExecuteResult): ExecuteResult {
    if (result.ok && result.seq > this.applied) this.catchUp(result.seq);
    return result;
  }

  /** The raid shield's review list (staff only: the socket session checks). */
  review(): ReviewFrame {
    return { type: 'review', entries: reviewEntries(this.state) };
  }

  /** Whether this person may see moderation data now (present host or moderator). */
  isStaffNow(identity: string): boolean {
    const m = this.state.members.get(identity);
    return m?.status === 'present' && isStaff(m.role);
  }

  /**
   * A command from this socket's person: the reply (an ack with the command's last seq, or the
   * refusal) goes out after the events and before any socket the command closes is closed, so
   * the host who ends the call learns it was accepted.
   */
  handleCommand(conn: Connection, command: Command, ref: string | undefined, receivedAt?: number): void {
    // A secret ballot goes into the owner's ballot box, never through the event log as it is.
    if (command.type === 'cast_ballot' && findVote(this.state, command.voteId)?.secret && statusOf(this.state, conn.identity) === 'present') {
      settle(this.deps.owner().ballot(conn.identity, command.voteId, command.choices, ref), (refused) => {
        if (refused) conn.send(encodeServerFrame(errorFrame(refused, ref)));
      });
      return;
    }
    this.fanout.holdCloses(() =>
      settle(this.execute(command, conn.identity, receivedAt), (result) => {
        if (!result.ok) conn.send(encodeServerFrame(errorFrame(result.error, ref)));
        else if (ref !== undefined) conn.send(encodeServerFrame({ type: 'ack', ref, seq: result.seq }));
      }),
    );
  }

  admissionOf(session: SessionPerson): Maybe<Refusal | null> {
    return admissionOf(this.state, session, (join) => this.execute(join, 'system'));
  }

  /** LiveKit credentials for a person in the call (sent in `admitted`); null if they are not in. */
  tokenFor(identity: string): PromiseLike<LivekitAccess | null> {
    return this.deps.tokenFor(identity);
  }

  isPresent(identity: string): boolean {
    return this.state.members.get(identity)?.status === 'present';
  }

  /** Whether this gateway holds a socket of this person. */
  isConnected(identity: string): boolean {
    return this.fanout.get(identity) !== undefined;
  }

  /** In the call without a socket (one closed before it was attached): as after a drop. */
  absent(identity: string): void {
    if (!this.fanout.get(identity)) this.deps.owner().detached(identity, false);
  }

  /**
   * Attaches a socket after its hello: sends a snapshot, or (an accepted resume) exactly the events
   * it missed, then `resumed` with the call's last seq, then the head count.
   */
  connect(conn: Connection, lastSeq: number | undefined): void {
    this.fanout.attach(conn);
    this.deps.owner().attached(conn.identity);
    const viewer = this.views.viewerOf(conn.identity);
    const missed = lastSeq !== undefined ? this.resume.after(lastSeq, this.seq, isStaff(viewer.role)) : null;
    if (!missed) return this.sendSnapshot(conn.identity);
    for (const entry of missed) {
      const visible = this.views.visibleTo(entry, viewer);
      if (visible) conn.send(encodeServerFrame({ type: 'event', seq: entry.seq, event: visible }));
    }
    conn.send(encodeServerFrame({ type: 'resumed', seq: this.seq }));
    conn.send(encodeServerFrame({ type: 'presence', present: this.headCount.present }));
    const tallies = this.tallies.frameIfAny();
    if (tallies) conn.send(encodeServerFrame(tallies));
  }

  /** `left`: the person said goodbye (Leave button) rather than dropped; no grace period then. */
  disconnect(conn: Connection, left = false): void {
    if (!this.fanout.detach(conn)) return;
    this.deps.owner().detached(conn.identity, left);
  }

  /** The identities with a socket on this gateway (told to a new owner after a failover). */
  connectedIdentities(): string[] {
    return this.fanout.identities();
  }

  connectionCount(): number {
    return this.fanout.size;
  }

  /** One frame for one person, if their socket is here (a ballot's receipt from the owner). */
  sendTo(identity: string, frame: ServerFrame): void {
    this.fanout.sendTo(identity, frame);
  }

  /** Closes this person's socket here as replaced (they connected through another gateway). */
  replaced(identity: string): void {
    const conn = this.fanout.get(identity);
    if (conn) this.fanout.close(conn, CLOSE_CODES.replaced, 'replaced');
  }

  closeAll(code: number, reason: string): void {
    this.fanout.closeAll(code, reason);
  }

  /** Hosts, moderators, speakers and every participant on the record (for look-alike name checks). */
  listedMembers(): Member[] {
    return this.views.listedMembers();
  }

  stop(): void {
    this.headCount.stop();
    this.tallies.stop();
  }

  private sendSnapshot(identity: string): void {
    this.fanout.sendTo(identity, this.views.snapshotFor(identity, this.seq, this.headCount.present));
    const tallies = this.views.isWaiting(identity) ? null : this.tallies.frameIfAny();
    if (tallies) this.fanout.sendTo(identity, tallies);
  }
}

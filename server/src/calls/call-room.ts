// The imperative shell around the pure core for ONE call, put together from its parts: the
// command pipeline (command-pipeline.ts), the sockets and what goes out on them (fanout.ts,
// redacted-views.ts), the resume log, the head count, admission and absence timers, the effect
// runner and the floor timer. Sockets reach it as abstract Connections (socket-session.ts), so a
// room runs in memory in unit tests.
import { decide, findVote, isStaff, statusOf, trackPace, type CallState, type Command, type Event, type Member, type ReviewFrame } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { LivekitAccess } from '../plugins/livekit';
import type { Store } from '../store/store';
import { BallotBox } from './ballot-box';
import { AbsenceTimers, LEAVE_SETTLE_MS, RECONNECT_GRACE_MS, admissionOf, type Refusal, type SessionPerson } from './admission';
import { systemClock, type Clock } from './clock';
import { CommandPipeline, type ExecuteOptions, type ExecuteResult } from './command-pipeline';
import type { Connection } from './connection';
import { Fanout } from './fanout';
import type { FanoutTimings } from './fanout-timings';
import { FloorTimer } from './floor-timer';
import { encodeServerFrame, errorFrame } from './frames';
import { HeadCount } from './head-count';
import { JoinSpikeDetector, type SpikeRule } from './join-spike';
import { reviewEntries } from './review';
import type { LivekitEnforcer } from './livekit-enforcer';
import { RedactedViews } from './redacted-views';
import { ResumeLog } from './resume-log';
import { Tallies } from './tallies';

export { LEAVE_SETTLE_MS, RECONNECT_GRACE_MS, type Refusal } from './admission';
export { PRESENCE_EVERY_MS } from './head-count';
export type { ExecuteResult } from './command-pipeline';

export interface CallRoomDeps {
  store: Store;
  log: FastifyBaseLogger;
  clock?: Clock;
  /** Mints a LiveKit token (the audience grant) for a person in the call; null if they are not. */
  tokenFor: (identity: string) => PromiseLike<LivekitAccess | null>;
  /** Only when the server runs with CAUCUS_FANOUT_TIMING=1 (the benchmark). */
  timings?: FanoutTimings | null;
  /** The join-rate spike rule (join-spike.ts); tests may tighten it. */
  spikeRule?: SpikeRule;
  /** What to store in the events' transaction, if anything (the coalition's ban list). */
  alongside?: (events: Event[], before: CallState) => (() => void) | null;
  /** After the events are applied and broadcast. */
  applied?: (events: Event[]) => void;
}

export class CallRoom {
  enforcer: LivekitEnforcer | null = null;
  private readonly views: RedactedViews;
  private readonly fanout: Fanout;
  private readonly resume: ResumeLog;
  private readonly headCount: HeadCount;
  private readonly tallies: Tallies;
  private readonly ballots: BallotBox;
  private readonly clock: Clock;
  private readonly absence: AbsenceTimers;
  private readonly floorTimer: FloorTimer;
  private readonly pipeline: CommandPipeline;
  private readonly spikes: JoinSpikeDetector;

  constructor(
    readonly callId: string,
    state: CallState,
    seq: number,
    private readonly deps: CallRoomDeps,
  ) {
    const { store, log } = deps;
    const clock = deps.clock ?? systemClock;
    this.clock = clock;
    // The flood controls count per person in the server's state only (a stored older state starts now).
    state = trackPace(state);
    this.spikes = new JoinSpikeDetector(state, deps.spikeRule);
    const current = () => this.pipeline.state;
    this.views = new RedactedViews(state, current);
    this.fanout = new Fanout(this.views, (conn) => {
      log.warn({ callId, identity: conn.identity }, 'client too slow; disconnected');
      this.dropped(conn.identity);
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
    this.ballots = new BallotBox({
      current,
      clock,
      execute: (command) => this.pipeline.execute(command, 'system'),
      sendTo: (identity, frame) => this.fanout.sendTo(identity, frame),
    });
    this.absence = new AbsenceTimers(clock, (identity) => {
      if (this.fanout.get(identity)) return;
      const status = statusOf(this.state, identity);
      if (status === 'present' || status === 'lobby') this.execute({ type: 'leave', identity }, 'system');
    });
    this.floorTimer = new FloorTimer((cmd) => {
      const r = this.execute(cmd, 'system');
      if (!r.ok && r.error.code !== 'not_due') log.warn({ callId, cmd, error: r.error }, 'floor timer refused');
    }, clock);
    this.pipeline = new CommandPipeline(state, seq, {
      callId,
      store,
      log,
      clock,
      views: this.views,
      resume: this.resume,
      fanout: this.fanout,
      headCount: this.headCount,
      tallies: this.tallies,
      floorTimer: this.floorTimer,
      timings: deps.timings ?? null,
      alongside: deps.alongside ?? null,
      applied: deps.applied ?? null,
      effects: {
        callId,
        log,
        fanout: this.fanout,
        enforcer: () => this.enforcer,
        tokenFor: deps.tokenFor,
        sendSnapshot: (identity) => this.sendSnapshot(identity),
        stopTimers: () => {
          this.floorTimer.clear();
          this.absence.clear();
        },
      },
    });
  }

  get state(): CallState {
    return this.pipeline.state;
  }

  get seq(): number {
    return this.pipeline.seq;
  }

  /** Called once after loading (also after a restart): re-arms timers from the stored state. */
  start(enforcer: LivekitEnforcer | null): void {
    this.enforcer = enforcer;
    this.floorTimer.arm(this.state.floor);
    // After a restart nobody is connected yet: whoever does not come back counts as gone.
    for (const m of this.state.members.values()) if (m.status === 'present') this.absence.arm(m.identity, RECONNECT_GRACE_MS);
  }

  /** A command from the server itself (HTTP join, timers) or, through handleCommand, from a socket. */
  execute(command: Command, actor: string, options?: ExecuteOptions): ExecuteResult {
    this.beforeVoteEnds(command, actor);
    const result = this.pipeline.execute(command, actor, options);
    if (result.ok) this.afterVoteEnded(command);
    if (command.type === 'join' && result.ok && result.events.length > 0) this.watchArrivals(result);
    return result;
  }

  /**
   * A secret vote about to close gets the ballots still in its box first, whatever their number.
   * Only for a close that will be accepted (a dry run of decide): a refused close_vote must not be
   * a way to flush small batches and link ballots to voters.
   */
  private beforeVoteEnds(command: Command, actor: string): void {
    if (command.type !== 'close_vote') return;
    const vote = findVote(this.state, command.voteId);
    if (!vote?.secret || vote.status !== 'open' || this.ballots.waiting(vote.id) === 0) return;
    if (decide(this.state, command, { actor, now: this.clock.now(), id: 'dry-run' }).ok) this.ballots.sealNow(vote.id);
  }

  /** Ballots waiting in the box of a cancelled vote or an ended call are dropped; their voters hear why. */
  private afterVoteEnded(command: Command): void {
    if (command.type === 'cancel_vote') this.ballots.discard(command.voteId, { code: 'not_open', message: 'the vote was cancelled' });
    if (this.state.status === 'ended') this.ballots.discardAll({ code: 'call_ended', message: 'the call has ended' });
  }

  /** Arrivals from new browsers feed the early warning; a spike alerts the moderators (and may raise the shield). */
  private watchArrivals(result: Extract<ExecuteResult, { ok: true }>): void {
    const spike = this.spikes.observe(result.events, this.clock.now());
    if (spike) this.pipeline.execute({ type: 'flag_spike', ...spike }, 'system');
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
    // A secret ballot goes into the ballot box, never through the event log as it is.
    if (command.type === 'cast_ballot' && findVote(this.state, command.voteId)?.secret && statusOf(this.state, conn.identity) === 'present') {
      const refused = this.ballots.cast(conn.identity, command.voteId, command.choices, ref);
      if (refused) conn.send(encodeServerFrame(errorFrame(refused, ref)));
      return;
    }
    this.execute(command, conn.identity, {
      receivedAt,
      reply: (result) => {
        if (!result.ok) conn.send(encodeServerFrame(errorFrame(result.error, ref)));
        else if (ref !== undefined) conn.send(encodeServerFrame({ type: 'ack', ref, seq: result.seq }));
      },
    });
  }

  snapshot(): void {
    this.pipeline.snapshot();
  }

  admissionOf(session: SessionPerson): Refusal | null {
    return admissionOf(this.state, session, (join) => this.execute(join, 'system'));
  }

  /** LiveKit credentials for a person in the call (sent in `admitted`); null if they are not in. */
  tokenFor(identity: string): PromiseLike<LivekitAccess | null> {
    return this.deps.tokenFor(identity);
  }

  isPresent(identity: string): boolean {
    return this.state.members.get(identity)?.status === 'present';
  }

  isConnected(identity: string): boolean {
    return this.fanout.get(identity) !== undefined;
  }

  /** In the call without a socket (one closed before it was attached): as after a drop. */
  absent(identity: string): void {
    if (!this.fanout.get(identity)) this.dropped(identity);
  }

  /**
   * Attaches a socket after its hello: sends a snapshot, or (an accepted resume) exactly the events
   * it missed, then `resumed` with the call's last seq, then the head count.
   */
  connect(conn: Connection, lastSeq: number | undefined): void {
    this.fanout.attach(conn);
    this.absence.cancel(conn.identity);
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
    // A goodbye settles for a moment first: leaving and coming straight back costs no event.
    if (left && this.state.status !== 'ended') this.absence.arm(conn.identity, LEAVE_SETTLE_MS);
    else this.dropped(conn.identity);
  }

  /** Without a socket now: unless they come back within the grace period, they count as gone. */
  private dropped(identity: string): void {
    if (this.state.status !== 'ended') this.absence.arm(identity, RECONNECT_GRACE_MS);
  }

  connectionCount(): number {
    return this.fanout.size;
  }

  closeAll(code: number, reason: string): void {
    this.fanout.closeAll(code, reason);
  }

  /** Hosts, moderators, speakers and every participant on the record (for look-alike name checks). */
  listedMembers(): Member[] {
    return this.views.listedMembers();
  }

  stop(): void {
    this.floorTimer.clear();
    this.headCount.stop();
    this.tallies.stop();
    this.ballots.stop();
    this.absence.clear();
  }

  private sendSnapshot(identity: string): void {
    this.fanout.sendTo(identity, this.views.snapshotFor(identity, this.seq, this.headCount.present));
    const tallies = this.views.isWaiting(identity) ? null : this.tallies.frameIfAny();
    if (tallies) this.fanout.sendTo(identity, tallies);
  }
}

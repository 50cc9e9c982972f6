// The owner's side of ONE call: the only place its commands are decided and appended, and the only
// place its timers run (floor, absence, ballot box, join spikes) and LiveKit is told what to
// enforce. It holds no sockets: what it decides goes out through `CoreOutput` to the gateways
// (call-room.ts), the one in this process directly and, in cluster mode, the others through the
// bus. Which people have a socket somewhere is what the gateways report (attached/detached), so a
// person whose gateway changed owner is not marked as gone.
import { decide, findVote, statusOf, trackPace, type CallState, type Command, type Event, type EventContext, type ProtocolError, type ServerFrame } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Store } from '../store/store';
import { BallotBox } from './ballot-box';
import { AbsenceTimers, LEAVE_SETTLE_MS, RECONNECT_GRACE_MS } from './admission';
import type { Clock } from './clock';
import { CommandPipeline, type ExecuteResult } from './command-pipeline';
import { FloorTimer } from './floor-timer';
import { JoinSpikeDetector, type SpikeRule } from './join-spike';
import type { LivekitEnforcer } from './livekit-enforcer';
import type { Sequenced } from './redacted-views';

/** Where the owner's decisions go: to every gateway of the call. */
export interface CoreOutput {
  /** Events just stored, in seq order, with the states around each (for the gateway in this process). */
  published(stored: Sequenced[], contexts: EventContext[], receivedAt: number | undefined): void;
  /** One frame for one person, wherever their socket is (a ballot's receipt). */
  frameTo(identity: string, frame: ServerFrame): void;
  /** This person connected through another gateway: their socket on `gateway` is closed as replaced. */
  replaced(identity: string, gateway: string): void;
}

export interface CallCoreDeps {
  store: Store;
  log: FastifyBaseLogger;
  clock: Clock;
  spikeRule?: SpikeRule;
  alongside?: (events: Event[], before: CallState) => (() => void) | null;
  applied?: (events: Event[]) => void;
  /** The log refused an append because a newer owner claimed it: this core must stop. */
  fenced?: () => void;
}

export class CallCore {
  enforcer: LivekitEnforcer | null = null;
  private readonly ballots: BallotBox;
  private readonly absence: AbsenceTimers;
  private readonly floorTimer: FloorTimer;
  private readonly pipeline: CommandPipeline;
  private readonly spikes: JoinSpikeDetector;
  /** Who has a socket, and on which gateway (instance id): the latest attach wins. */
  private readonly sockets = new Map<string, string>();
  private stopped = false;

  constructor(
    readonly callId: string,
    state: CallState,
    seq: number,
    private readonly output: CoreOutput,
    private readonly deps: CallCoreDeps,
  ) {
    const { store, log, clock } = deps;
    // The flood controls count per person in the server's state only (a stored older state starts now).
    state = trackPace(state);
    this.spikes = new JoinSpikeDetector(state, deps.spikeRule);
    const current = () => this.pipeline.state;
    this.ballots = new BallotBox({
      current,
      clock,
      execute: (command) => this.pipeline.execute(command, 'system'),
      sendTo: (identity, frame) => output.frameTo(identity, frame),
    });
    this.absence = new AbsenceTimers(clock, (identity) => {
      if (this.sockets.has(identity)) return;
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
      published: (stored, contexts, receivedAt) => output.published(stored, contexts, receivedAt),
      floorTimer: this.floorTimer,
      effects: {
        callId,
        log,
        enforcer: () => this.enforcer,
        stopTimers: () => {
          this.floorTimer.clear();
          this.absence.clear();
        },
      },
      alongside: deps.alongside ?? null,
      applied: deps.applied ?? null,
      fenced: deps.fenced ?? null,
    });
  }

  get state(): CallState {
    return this.pipeline.state;
  }

  get seq(): number {
    return this.pipeline.seq;
  }

  /**
   * Called once when this instance becomes the owner (also after a restart or a failover):
   * re-arms timers from the stored state. Nobody has reported a socket yet: whoever no gateway
   * reports within the grace period counts as gone.
   */
  start(enforcer: LivekitEnforcer | null): void {
    this.enforcer = enforcer;
    this.floorTimer.arm(this.state.floor);
    for (const m of this.state.members.values()) if (m.status === 'present' && !this.sockets.has(m.identity)) this.absence.arm(m.identity, RECONNECT_GRACE_MS);
  }

  /** A command from a gateway (a socket's person), the HTTP routes or the server's own timers. */
  execute(command: Command, actor: string, receivedAt?: number): ExecuteResult {
    if (this.stopped) return { ok: false, error: { code: 'unavailable', message: 'This call moved to another server; try again.' } };
    this.beforeVoteEnds(command, actor);
    const result = this.pipeline.execute(command, actor, receivedAt);
    if (result.ok) this.afterVoteEnded(command);
    if (command.type === 'join' && result.ok && result.events.length > 0) this.watchArrivals(result);
    return result;
  }

  /** A secret ballot goes into the ballot box, never through the event log as it is. */
  ballot(identity: string, voteId: string, choices: readonly number[], ref: string | undefined): ProtocolError | null {
    if (this.stopped) return { code: 'unavailable', message: 'This call moved to another server; vote again.' };
    return this.ballots.cast(identity, voteId, choices, ref);
  }

  /** Whether a ballot for this vote goes to the box (a secret vote) rather than through execute. */
  isSecretVote(voteId: string): boolean {
    return findVote(this.state, voteId)?.secret === true;
  }

  /** A gateway holds a socket of this person now. */
  attached(identity: string, gateway: string): void {
    const before = this.sockets.get(identity);
    if (before !== undefined && before !== gateway) this.output.replaced(identity, before);
    this.sockets.set(identity, gateway);
    this.absence.cancel(identity);
  }

  /**
   * A gateway lost this person's socket. `left`: they said goodbye; it settles for a moment so
   * leaving and coming straight back costs no event. A report from a gateway that no longer holds
   * them (they reconnected elsewhere) changes nothing.
   */
  detached(identity: string, gateway: string, left: boolean): void {
    if (this.sockets.get(identity) !== gateway) return;
    this.sockets.delete(identity);
    if (this.state.status === 'ended') return;
    this.absence.arm(identity, left ? LEAVE_SETTLE_MS : RECONNECT_GRACE_MS);
  }

  /** Everyone a gateway holds, at once (after the owner changed): they keep their place. */
  roster(gateway: string, identities: readonly string[]): void {
    for (const identity of identities) {
      if (this.sockets.has(identity)) continue;
      this.sockets.set(identity, gateway);
      this.absence.cancel(identity);
    }
  }

  /** A gateway is gone (its instance died): its people count as dropped. */
  gatewayGone(gateway: string): void {
    for (const [identity, at] of [...this.sockets]) if (at === gateway) this.detached(identity, gateway, false);
  }

  /** The gateways that hold sockets of this call (to watch for their death). */
  gateways(): Set<string> {
    return new Set(this.sockets.values());
  }

  isConnected(identity: string): boolean {
    return this.sockets.has(identity);
  }

  snapshot(): void {
    this.pipeline.snapshot();
  }

  /** Stops timers (shutdown, or another instance owns the call now). Ballots waiting in the box are lost; their voters vote again. */
  stop(): void {
    this.stopped = true;
    this.floorTimer.clear();
    this.ballots.stop();
    this.absence.clear();
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
    if (decide(this.state, command, { actor, now: this.deps.clock.now(), id: 'dry-run' }).ok) this.ballots.sealNow(vote.id);
  }

  /** Ballots waiting in the box of a cancelled vote or an ended call are dropped; their voters hear why. */
  private afterVoteEnded(command: Command): void {
    if (command.type === 'cancel_vote') this.ballots.discard(command.voteId, { code: 'not_open', message: 'the vote was cancelled' });
    if (this.state.status === 'ended') this.ballots.discardAll({ code: 'call_ended', message: 'the call has ended' });
  }

  /** Arrivals from new browsers feed the early warning; a spike alerts the moderators (and may raise the shield). */
  private watchArrivals(result: Extract<ExecuteResult, { ok: true }>): void {
    const spike = this.spikes.observe(result.events, this.deps.clock.now());
    if (spike) this.pipeline.execute({ type: 'flag_spike', ...spike }, 'system');
  }
}

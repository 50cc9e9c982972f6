// One command through the core: decide -> append to the event log -> evolve -> publish to the
// gateways (which fan out to sockets) -> effects. Everything accepted is in the event log before anyone hears of it (written to the WAL:
// a crash of the process loses nothing; the fsync for power loss follows off the event loop); if
// the store refuses the write, the command is refused and the state in memory does not move.
import { decide, effectsOf, evolve, permissionChanges, toSnapshot, type CallState, type Command, type Event, type EventContext, type ProtocolError } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { eventsAppended } from '../metrics/registry';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { runOwnerEffect, type OwnerEffectTargets } from './effect-runner';
import type { FloorTimer } from './floor-timer';
import type { Sequenced } from './redacted-views';

/** A snapshot is written every this many events, so restart replay stays short. */
const SNAPSHOT_EVERY = 500;

export type ExecuteResult = { ok: true; events: Event[]; seq: number } | { ok: false; error: ProtocolError };

export interface PipelineParts {
  callId: string;
  store: Store;
  log: FastifyBaseLogger;
  clock: Clock;
  /** The stored events go to the gateways (their sockets hear of them). */
  published: (stored: Sequenced[], contexts: EventContext[], receivedAt: number | undefined) => void;
  floorTimer: FloorTimer;
  effects: OwnerEffectTargets;
  /**
   * What to write with these events, in their transaction (the coalition's ban list follows the
   * call's bans), or null: most commands need no more than their own append.
   */
  alongside: ((events: Event[], before: CallState) => (() => void) | null) | null;
  /** After the events are applied and broadcast (a coalition ban reaches the other open calls). */
  applied: ((events: Event[]) => void) | null;
  /** The log belongs to a newer owner (cluster mode: this one was paused or cut off): stop deciding. */
  fenced: (() => void) | null;
}

export class CommandPipeline {
  private sinceSnapshot = 0;

  constructor(
    public state: CallState,
    public seq: number,
    private readonly parts: PipelineParts,
  ) {}

  execute(command: Command, actor: string, receivedAt?: number): ExecuteResult {
    return this.apply(command, actor, receivedAt);
  }

  snapshot(): void {
    const { store, log, callId } = this.parts;
    try {
      store.saveSnapshot(callId, this.seq, toSnapshot(this.state));
      this.sinceSnapshot = 0;
    } catch (err) {
      log.warn({ callId, err: (err as Error).message }, 'snapshot failed; replay will be longer');
    }
  }

  private apply(command: Command, actor: string, receivedAt: number | undefined): ExecuteResult {
    const { callId, store, log, clock } = this.parts;
    const decision = decide(this.state, command, { actor, now: clock.now(), id: randomUUID() });
    if (!decision.ok) return decision;
    const events = decision.events;
    if (events.length === 0) return { ok: true, events, seq: this.seq };

    const stored: Sequenced[] = events.map((event, i) => ({ seq: this.seq + 1 + i, event }));
    try {
      const alongside = this.parts.alongside?.(events, this.state) ?? null;
      if (alongside) {
        store.atomically(() => {
          store.appendEvents(callId, stored);
          alongside();
        });
      } else store.appendEvents(callId, stored);
      eventsAppended.inc(stored.length);
    } catch (err) {
      if ((err as Error).name === 'StaleEpochError') {
        // Another instance owns the call now: nothing this one decides may be written.
        log.warn({ callId }, 'the event log belongs to a newer owner; stepping down');
        queueMicrotask(() => this.parts.fenced?.());
        return { ok: false, error: { code: 'unavailable', message: 'This call moved to another server; try again.' } };
      }
      log.error({ callId, err: (err as Error).message }, 'the store refused events');
      return { ok: false, error: { code: 'unavailable', message: 'The server could not store this change; try again.' } };
    }
    // In the log now (a crash of this process loses nothing); on the disk about one fsync later,
    // off the event loop: the broadcast does not wait for the disk.
    store.flush().catch((err: Error) => log.error({ callId, err: err.message }, 'the disk refused an fsync'));
    const before = this.state;
    const contexts: EventContext[] = [];
    for (const event of events) {
      const after = evolve(this.state, event);
      contexts.push({ before: this.state, after });
      this.state = after;
    }
    this.seq += events.length;
    this.afterApplied(before, stored, contexts, receivedAt);
    this.sinceSnapshot += events.length;
    if (this.sinceSnapshot >= SNAPSHOT_EVERY) this.snapshot();
    return { ok: true, events, seq: this.seq };
  }

  /**
   * The command is applied: a failure from here on is logged, never reported as a refusal, and one
   * failing step does not skip the others (a banned person is still kicked).
   */
  private afterApplied(before: CallState, stored: Sequenced[], contexts: EventContext[], receivedAt: number | undefined): void {
    const { floorTimer, effects } = this.parts;
    const events = stored.map((s) => s.event);
    this.guard('publish', () => this.parts.published(stored, contexts, receivedAt));
    this.guard('end', () => {
      if (this.state.status === 'ended' && before.status !== 'ended') this.endedInStore();
    });
    this.guard('enforce', () => effects.enforcer()?.apply(permissionChanges(before, this.state, events)));
    for (const event of events) for (const effect of effectsOf(event)) this.guard(effect.kind, () => runOwnerEffect(effect, effects));
    this.guard('floor timer', () => floorTimer.arm(this.state.floor));
    const applied = this.parts.applied;
    if (applied) this.guard('applied', () => applied(events));
  }

  private guard(step: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.parts.log.error({ callId: this.parts.callId, step, err: (err as Error).message }, 'a step after storing an event failed');
    }
  }

  private endedInStore(): void {
    const { store, callId, clock } = this.parts;
    const call = store.getCall(callId);
    if (call && call.endedAt === null) store.endCall(callId, clock.now());
  }
}

// Holds one CallRoom per open call. A room is rebuilt from the store (snapshot + replay of the event
// log), so a restart, even after kill -9, resumes the queue, the floor and its timer, bans and chat.
import { evolve, fromSnapshot, initialState, livekitPermissionFor, markListed, type CallState } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Livekit, LivekitAccess } from '../plugins/livekit';
import type { CallRecord, Store } from '../store/store';
import { CallRoom } from './call-room';
import type { CoalitionBans } from '../bans/coalition-bans';
import type { Clock } from './clock';
import type { FanoutTimings } from './fanout-timings';
import { AUDIENCE_GRANT, LivekitEnforcer } from './livekit-enforcer';
import { initialRoomOf } from './schedule';

export interface RegistryDeps {
  store: Store;
  livekit: Livekit;
  log: FastifyBaseLogger;
  reconcileIntervalMs: number;
  clock?: Clock;
  /** Only when the server runs with CAUCUS_FANOUT_TIMING=1 (the benchmark). */
  timings?: FanoutTimings | null;
  /** The coalition's ban list, which follows every call's bans. */
  bans?: CoalitionBans | null;
}

export class CallRegistry {
  private rooms = new Map<string, CallRoom>();
  private reconcileTimer: NodeJS.Timeout | null = null;
  /** The reconcile under way, if any: stop() waits for it, so it never reads a store being closed. */
  private reconciling: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: RegistryDeps) {}

  /** The room of an existing call (loaded on first use), or null when there is no such call. */
  get(callId: string): CallRoom | null {
    const loaded = this.rooms.get(callId);
    if (loaded) return loaded;
    const call = this.deps.store.getCall(callId);
    if (!call) return null;
    const room = this.load(call);
    this.rooms.set(callId, room);
    return room;
  }

  /** Loads every open call (timers re-armed), then reconciles LiveKit periodically. */
  start(): void {
    for (const call of this.deps.store.listOpenCalls()) this.get(call.id);
    this.reconcileTimer = setInterval(() => void this.reconcileAll(), this.deps.reconcileIntervalMs);
    this.reconcileTimer.unref();
    void this.reconcileAll();
  }

  /** One reconcile at a time; none once stopping. */
  reconcileAll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.reconciling ??= this.reconcileEverything().finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  private async reconcileEverything(): Promise<void> {
    for (const room of this.rooms.values()) {
      if (this.stopped) return;
      if (room.state.status === 'ended') continue;
      await room.enforcer?.reconcile();
    }
    if (!this.stopped) await this.sweepEndedRooms();
  }

  /**
   * An ended call's room cannot come back: LiveKit creates rooms only when we ask (auto_create
   * false), and a LiveKit room whose call is over is deleted here (a missed end, a deletion that
   * failed).
   */
  async sweepEndedRooms(): Promise<void> {
    let names: string[];
    try {
      names = (await this.deps.livekit.rooms.listRooms()).map((r) => r.name);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'could not list LiveKit rooms; the next reconcile retries');
      return;
    }
    for (const name of names) {
      if (this.stopped) return;
      if (this.isOver(name)) await this.deleteRoom(name);
    }
  }

  /**
   * Whether a LiveKit room by this name must not exist: its call ended. Rooms of calls we do not
   * know are left alone (another deployment may share the LiveKit server).
   */
  isOver(roomName: string): boolean {
    const call = this.deps.store.getCall(roomName);
    return call !== null && call.endedAt !== null;
  }

  async deleteRoom(roomName: string): Promise<void> {
    try {
      await this.deps.livekit.rooms.deleteRoom(roomName);
      this.deps.log.info({ room: roomName }, 'deleted the LiveKit room of an ended call');
    } catch (err) {
      this.deps.log.warn({ room: roomName, err: (err as Error).message }, 'could not delete a LiveKit room');
    }
  }

  /**
   * Rebuilds a room nothing has happened in yet from its stored call (the console changed the
   * call's settings before anyone came in). False once the room has events: settings then change
   * in the call, where everyone sees it.
   */
  reloadUntouched(callId: string): boolean {
    const room = this.rooms.get(callId);
    if (room && room.seq !== 0) return false;
    room?.stop();
    this.rooms.delete(callId);
    return this.get(callId) !== null;
  }

  /** The room if it is in memory (never loads one). */
  loaded(callId: string): CallRoom | null {
    return this.rooms.get(callId) ?? null;
  }

  /**
   * Drops a room from memory so the next use rebuilds it from the store (its stored log was
   * rewritten: a person's data erased). Only for ended calls: nobody is connected to them.
   */
  unload(callId: string): void {
    const room = this.rooms.get(callId);
    if (!room) return;
    room.stop();
    this.rooms.delete(callId);
  }

  all(): CallRoom[] {
    return [...this.rooms.values()];
  }

  /** Stops timers and writes a snapshot of every room (events are already stored). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.reconciling;
    for (const room of this.rooms.values()) {
      room.stop();
      await room.enforcer?.idle();
      room.snapshot();
    }
  }

  private load(call: CallRecord): CallRoom {
    const { store, log } = this.deps;
    const bans = this.deps.bans ?? null;
    const callId = call.id;
    let stored = store.loadSnapshot(callId);
    if (stored && 'unreadable' in stored) {
      // A snapshot only shortens the replay: without it the whole log is replayed.
      log.warn({ callId, seq: stored.seq, problem: stored.unreadable }, 'stored snapshot unreadable; replaying the whole log');
      stored = null;
    }
    let state: CallState = stored ? fromSnapshot(stored.snapshot) : initialState(callId, call.settings, initialRoomOf(call));
    let seq = stored?.seq ?? 0;
    for (const { seq: s, event } of store.readEvents(callId, seq)) {
      state = evolve(state, event);
      seq = s;
    }
    // Logs written before protocol 2 have no `listed` flags: derive them once.
    state = markListed(state);
    const room: CallRoom = new CallRoom(callId, state, seq, {
      store,
      log,
      clock: this.deps.clock,
      timings: this.deps.timings,
      tokenFor: (identity) => this.tokenFor(room, identity),
      ...(bans && {
        alongside: (events, before) => (bans.follows(events) ? () => bans.follow(callId, events, before) : null),
        applied: (events) => bans.applied(callId, events),
      }),
    });
    room.start(new LivekitEnforcer(this.deps.livekit, callId, log, () => room.state));
    if (seq > 0) log.info({ callId, seq, fromSnapshot: stored?.seq ?? 0 }, 'call restored from the event log');
    return room;
  }

  /**
   * A LiveKit token for a person in the call. Deny by default: it never carries more than the
   * audience grant (subscribe, nothing to publish), whatever the person may do now, so a token
   * saved while holding the floor is worth no more than anyone's. Publish rights arrive through
   * updateParticipant once LiveKit reports them in the room (the participant_joined webhook, the
   * reconcile): LivekitEnforcer.joined.
   */
  async tokenFor(room: CallRoom, identity: string): Promise<LivekitAccess | null> {
    const member = room.state.members.get(identity);
    if (!livekitPermissionFor(room.state, identity) || !member) return null;
    // Without its room the token is no use yet, but LiveKit may only be restarting: mint it anyway;
    // the client retries, and the next token or the reconcile creates the room.
    await room.enforcer?.ensureRoom().catch((err: Error) => this.deps.log.warn({ callId: room.callId, err: err.message }, 'could not create the LiveKit room'));
    room.enforcer?.tokenIssued(identity);
    const token = await this.deps.livekit.mintToken({ room: room.callId, identity, name: member.name, permission: AUDIENCE_GRANT });
    return { url: this.deps.livekit.url, token };
  }
}

// Holds, per open call, its gateway (CallRoom: the sockets of this process) and, when this process
// owns the call, its core (CallCore: decides, appends, runs the timers and the LiveKit enforcer).
// In embedded mode this process owns every call. In cluster mode (server/src/cluster) an owner
// lease decides, and a gateway reaches another instance's core over the bus. Both are rebuilt
// from the store (snapshot + replay of the event log), so a restart, even after kill -9, or a
// failover resumes the queue, the floor and its timer, bans and chat.
import { evolve, fromSnapshot, initialState, livekitPermissionFor, markListed, type CallState, type ServerFrame } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Livekit, LivekitAccess } from '../plugins/livekit';
import type { CallRecord, Store } from '../store/store';
import { CallRoom, type OwnerLink } from './call-room';
import { CallCore } from './call-core';
import { LocalOwner } from './local-owner';
import type { Sequenced } from './redacted-views';
import type { CoalitionBans } from '../bans/coalition-bans';
import { systemClock, type Clock } from './clock';
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
  /** Cluster mode: who owns which call, and the bus to the others. Null: this process owns every call. */
  cluster?: ClusterSeat | null;
}

/** What the registry needs from cluster mode (server/src/cluster/cluster.ts). */
export interface ClusterSeat {
  readonly instanceId: string;
  /** A gateway of this call is loaded here: follow its events, and take it over when nobody owns it. */
  follow(callId: string): void;
  /** The owner of this call on another instance (or none yet: it is acquired on the first request). */
  remote(callId: string): OwnerLink;
  /** Events this instance's core stored: to every other gateway. */
  publish(callId: string, stored: readonly Sequenced[]): void;
  /** A frame for one person whose socket may be on another gateway. */
  frameTo(callId: string, identity: string, frame: ServerFrame): void;
  /** The call was rebuilt from the store here (settings changed before anyone came in): `announce` tells the other instances. */
  reloaded(callId: string, announce: boolean): void;
  /** Closes a person's socket on another gateway: they connected through a newer one. */
  replaced(callId: string, identity: string, gateway: string): void;
  /** This instance's core for the call stopped (it lost the lease or the log). */
  steppedDown(callId: string): void;
}

interface Loaded {
  room: CallRoom;
  core: CallCore | null;
  link: OwnerLink;
}

/** The id a gateway in embedded mode reports to its owner (there is only one). */
const EMBEDDED = 'embedded';

export class CallRegistry {
  private calls = new Map<string, Loaded>();
  private reconcileTimer: NodeJS.Timeout | null = null;
  /** The reconcile under way, if any: stop() waits for it, so it never reads a store being closed. */
  private reconciling: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: RegistryDeps) {}

  /** The room of an existing call (loaded on first use), or null when there is no such call. */
  get(callId: string): CallRoom | null {
    const loaded = this.calls.get(callId);
    if (loaded) return loaded.room;
    const call = this.deps.store.getCall(callId);
    if (!call) return null;
    return this.load(call).room;
  }

  /** This process's core of the call, if it owns it. */
  core(callId: string): CallCore | null {
    return this.calls.get(callId)?.core ?? null;
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
    for (const { core } of this.calls.values()) {
      if (this.stopped) return;
      if (!core || core.state.status === 'ended') continue;
      await core.enforcer?.reconcile();
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
  reloadUntouched(callId: string, announce = true): boolean {
    const loaded = this.calls.get(callId);
    if (loaded && (loaded.room.seq !== 0 || this.deps.store.lastSeq(callId) !== 0)) return false;
    if (loaded) this.drop(callId, loaded);
    if (this.get(callId) === null) return false;
    // Cluster mode: this instance's core (if it owns the call) restarts from the new settings,
    // and every other instance reloads its copy too.
    this.deps.cluster?.reloaded(callId, announce);
    return true;
  }

  /** The room if it is in memory (never loads one). */
  loaded(callId: string): CallRoom | null {
    return this.calls.get(callId)?.room ?? null;
  }

  /**
   * Drops a room from memory so the next use rebuilds it from the store (its stored log was
   * rewritten: a person's data erased). Only for ended calls: nobody is connected to them.
   */
  unload(callId: string): void {
    const loaded = this.calls.get(callId);
    if (loaded) this.drop(callId, loaded);
  }

  private drop(callId: string, loaded: Loaded): void {
    loaded.room.stop();
    loaded.core?.stop();
    this.calls.delete(callId);
  }

  all(): CallRoom[] {
    return [...this.calls.values()].map((l) => l.room);
  }

  /**
   * Every open call's room. In cluster mode a call created on another instance may not be loaded
   * here yet: the open calls are read from the store first (a coalition ban must reach them all).
   */
  allOpen(): CallRoom[] {
    if (this.deps.cluster) for (const call of this.deps.store.listOpenCalls()) this.get(call.id);
    return this.all().filter((room) => room.state.status !== 'ended');
  }

  /** The calls this process owns now. */
  owned(): CallCore[] {
    return [...this.calls.values()].flatMap((l) => (l.core ? [l.core] : []));
  }

  /**
   * Cluster mode: this instance holds the call's lease under `epoch`. The gateway first applies
   * whatever the log has beyond what it folded, the log is claimed for the epoch (an append under
   * an older one fails from now on: a paused ex-owner cannot write), and a core starts from the
   * gateway's state: its timers re-armed, its enforcer on. False when the log already belongs to a
   * newer epoch.
   */
  becomeOwner(callId: string, epoch: number): boolean {
    const loaded = this.calls.get(callId) ?? (this.get(callId), this.calls.get(callId));
    if (!loaded) return false;
    if (loaded.core) return this.deps.store.claimLog(callId, epoch);
    if (!this.deps.store.claimLog(callId, epoch)) return false;
    loaded.room.catchUp();
    this.own(loaded);
    this.deps.log.info({ callId, epoch, seq: loaded.room.seq }, 'this instance owns the call now');
    return true;
  }

  /** Cluster mode: another instance owns the call (or will): this core stops; the gateway stays. */
  stepDown(callId: string): void {
    const loaded = this.calls.get(callId);
    if (!loaded?.core) return;
    loaded.core.stop();
    loaded.core.enforcer?.stop();
    loaded.core = null;
    loaded.link = this.deps.cluster!.remote(callId);
    this.deps.log.warn({ callId }, 'this instance no longer owns the call');
    this.deps.cluster!.steppedDown(callId);
  }

  /** Stops timers and writes a snapshot of every room (events are already stored). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.reconciling;
    for (const { room, core } of this.calls.values()) {
      room.stop();
      if (!core) continue;
      core.stop();
      await core.enforcer?.idle();
      core.snapshot();
    }
  }

  private load(call: CallRecord): Loaded {
    const { store, log } = this.deps;
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
    const cluster = this.deps.cluster ?? null;
    const loaded: Loaded = { core: null, link: null as unknown as OwnerLink, room: null as unknown as CallRoom };
    loaded.room = new CallRoom(callId, state, seq, {
      store,
      log,
      clock: this.deps.clock,
      timings: this.deps.timings,
      tokenFor: (identity) => this.tokenFor(loaded, identity),
      owner: () => loaded.link,
    });
    this.calls.set(callId, loaded);
    if (cluster) {
      loaded.link = cluster.remote(callId);
      cluster.follow(callId);
    } else {
      this.own(loaded);
      if (seq > 0) log.info({ callId, seq, fromSnapshot: stored?.seq ?? 0 }, 'call restored from the event log');
    }
    return loaded;
  }

  /** Starts this process's core of the call from its gateway's state. */
  private own(loaded: Loaded): void {
    const { store, log } = this.deps;
    const bans = this.deps.bans ?? null;
    const cluster = this.deps.cluster ?? null;
    const room = loaded.room;
    const callId = room.callId;
    const core: CallCore = new CallCore(
      callId,
      room.state,
      room.seq,
      {
        // To the other gateways first: the XADD is queued in microseconds, and they fan out while
        // this process does (after its own fan-out they would start seconds later in a big call).
        published: (stored, contexts, receivedAt) => {
          cluster?.publish(callId, stored);
          room.fold(stored, contexts, receivedAt);
        },
        frameTo: (identity, frame) => {
          room.sendTo(identity, frame);
          cluster?.frameTo(callId, identity, frame);
        },
        replaced: (identity, gateway) => {
          if (gateway === (cluster?.instanceId ?? EMBEDDED)) room.replaced(identity);
          else cluster?.replaced(callId, identity, gateway);
        },
      },
      {
        store,
        log,
        clock: this.deps.clock ?? systemClock,
        fenced: () => this.stepDown(callId),
        ...(bans && {
          alongside: (events, before) => (bans.follows(events) ? () => bans.follow(callId, events, before) : null),
          applied: (events) => bans.applied(callId, events),
        }),
      },
    );
    const enforcer = new LivekitEnforcer(this.deps.livekit, callId, log, () => core.state);
    loaded.core = core;
    loaded.link = new LocalOwner(core, cluster?.instanceId ?? EMBEDDED, () => enforcer.ensureRoom());
    // The people this gateway holds keep their place (after a failover they were never gone).
    core.roster(cluster?.instanceId ?? EMBEDDED, room.connectedIdentities());
    core.start(enforcer);
  }

  /**
   * A LiveKit token for a person in the call. Deny by default: it never carries more than the
   * audience grant (subscribe, nothing to publish), whatever the person may do now, so a token
   * saved while holding the floor is worth no more than anyone's. Publish rights arrive through
   * updateParticipant once LiveKit reports them in the room (the participant_joined webhook, the
   * reconcile): LivekitEnforcer.joined.
   */
  private async tokenFor(loaded: Loaded, identity: string): Promise<LivekitAccess | null> {
    const room = loaded.room;
    const member = room.state.members.get(identity);
    if (!livekitPermissionFor(room.state, identity) || !member) return null;
    // Without its room the token is no use yet, but LiveKit may only be restarting: mint it anyway;
    // the client retries, and the next token or the reconcile creates the room.
    await loaded.link.tokened(identity).catch((err: Error) => this.deps.log.warn({ callId: room.callId, err: err.message }, 'could not create the LiveKit room'));
    const token = await this.deps.livekit.mintToken({ room: room.callId, identity, name: member.name, permission: AUDIENCE_GRANT });
    return { url: this.deps.livekit.url, token };
  }
}

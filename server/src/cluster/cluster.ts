// Cluster mode (REDIS_URL + DATABASE_URL): several identical instances behind a load balancer.
// Each call has ONE owner (leases.ts) that decides and appends; every instance is a gateway for
// the sockets it holds. The owner writes each decision's events to the call's Redis Stream
// (bounded, replayable: a gateway that missed entries reads the event log, which is the truth);
// gateways fold them with the shared evolve and fan out (calls/call-room.ts). Requests from a
// gateway (commands, ballots, sockets attached and detached, LiveKit webhooks) go to the owner's
// channel and answers come back on the gateway's. A tick renews this instance's leases, takes
// over calls nobody owns (failover), notices dead gateways, and lets gateways catch up.
import type { ProtocolError, ServerFrame } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { OwnerLink } from '../calls/call-room';
import type { ExecuteResult } from '../calls/command-pipeline';
import type { Sequenced } from '../calls/redacted-views';
import type { CallRegistry, ClusterSeat } from '../calls/registry';
import type { Store } from '../store/store';
import { Leases, type LeaseHolder } from './leases';
import { answerSchema, directSchema, keys, parseJson, streamEntrySchema, type Answer, type ForwardedWebhook, type Request, type StreamEntry } from './messages';
import { busErrors, busLagSeconds, ownerChanges, ownerLeases } from './cluster-metrics';

/** How long a gateway waits for the owner's answer before telling the person to try again. */
const ANSWER_TIMEOUT_MS = 3000;
/** Entries kept per call stream (approximately: MAXLEN ~). Older ones are read from the event log. */
const STREAM_MAX = 10_000;
const UNAVAILABLE: ProtocolError = { code: 'unavailable', message: 'The call is changing servers: if your change does not show in a moment, try again.' };

export interface ClusterOptions {
  redisUrl: string;
  instanceId: string;
  leaseMs: number;
  store: Store;
  log: FastifyBaseLogger;
}

export class Cluster implements ClusterSeat {
  readonly instanceId: string;
  private readonly redis: Redis;
  private readonly sub: Redis;
  private readonly reader: Redis;
  private readonly leases: Leases;
  private registry: CallRegistry | null = null;
  /** Calls followed here, and the id of the last stream entry read (null: not positioned yet). */
  private readonly followed = new Map<string, string | null>();
  /** Calls this instance owns, and under which epoch. */
  private readonly owned = new Map<string, number>();
  /** Who owns each call, as last seen (invalidated on an owner announcement or a timeout). */
  private readonly owners = new Map<string, LeaseHolder>();
  private readonly acquiring = new Map<string, Promise<boolean>>();
  private readonly pending = new Map<string, { resolve: (a: Answer | null) => void; timer: NodeJS.Timeout }>();
  private readonly links = new Map<string, OwnerLink>();
  /** When each other instance last sent a request (a gateway heard from is not dead). */
  private readonly heardFrom = new Map<string, number>();
  private tickTimer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private reading: Promise<void> | null = null;
  private stopped = false;
  /** The owner's handler for forwarded LiveKit webhooks (plugins/calls.ts). */
  webhook: ((callId: string, webhook: ForwardedWebhook) => void) | null = null;

  constructor(private readonly options: ClusterOptions) {
    this.instanceId = options.instanceId;
    const redisOptions = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false };
    this.redis = new Redis(options.redisUrl, redisOptions);
    this.sub = new Redis(options.redisUrl, redisOptions);
    // A blocking XREAD holds its connection: it gets one of its own.
    this.reader = new Redis(options.redisUrl, { ...redisOptions, maxRetriesPerRequest: null });
    for (const [name, client] of [['redis', this.redis], ['subscriber', this.sub], ['reader', this.reader]] as const) {
      client.on('error', (err: Error) => this.warn(`redis ${name}: ${err.message}`));
    }
    this.leases = new Leases(this.redis, this.instanceId, options.leaseMs);
  }

  /** Starts listening, reading streams and ticking. */
  async start(registry: CallRegistry): Promise<void> {
    this.registry = registry;
    this.sub.on('message', (_channel: string, text: string) => this.onDirect(text));
    await this.sub.subscribe(keys.channel(this.instanceId));
    await this.redis.set(keys.instance(this.instanceId), String(Date.now()), 'PX', this.options.leaseMs * 2);
    this.reading = this.readLoop();
    const every = Math.max(200, Math.min(1000, Math.floor(this.options.leaseMs / 4)));
    this.tickTimer = setInterval(() => {
      // Catching up reads only the event log: it runs every time, even while a tick waits on Redis.
      this.catchUpAll();
      // A tick that waits longer than a lease (Redis unreachable) is not waited for: the next starts.
      this.ticking ??= Promise.race([this.tick(), sleep(this.options.leaseMs)]).finally(() => (this.ticking = null));
    }, every);
    this.tickTimer.unref();
  }

  /** For /readyz. */
  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  /** Stops taking calls, hands over the ones owned here (their leases are released at once), closes Redis. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    await this.ticking;
    for (const [callId, epoch] of this.owned) await this.leases.release(callId, epoch).catch(() => undefined);
    this.owned.clear();
    ownerLeases.set(0);
    await this.redis.del(keys.instance(this.instanceId)).catch(() => undefined);
    for (const { resolve, timer } of this.pending.values()) {
      clearTimeout(timer);
      resolve(null);
    }
    this.reader.disconnect();
    await this.reading?.catch(() => undefined);
    this.sub.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  // ---- ClusterSeat: what the registry asks --------------------------------------------------

  follow(callId: string): void {
    if (this.followed.has(callId)) return;
    this.followed.set(callId, null);
    void this.position(callId);
  }

  remote(callId: string): OwnerLink {
    let link = this.links.get(callId);
    if (!link) {
      link = new RemoteOwner(this, callId);
      this.links.set(callId, link);
    }
    return link;
  }

  publish(callId: string, stored: readonly Sequenced[]): void {
    const epoch = this.owned.get(callId);
    if (epoch === undefined) return;
    this.append(callId, { kind: 'events', epoch, sentAt: Date.now(), events: stored.map(({ seq, event }) => ({ seq, event })) });
  }

  frameTo(callId: string, identity: string, frame: ServerFrame): void {
    const epoch = this.owned.get(callId);
    if (epoch !== undefined) this.append(callId, { kind: 'frame', epoch, to: identity, frame });
  }

  replaced(callId: string, identity: string, gateway: string): void {
    const epoch = this.owned.get(callId);
    if (epoch !== undefined) this.append(callId, { kind: 'replaced', epoch, identity, gateway });
  }

  reloaded(callId: string, announce: boolean): void {
    const epoch = this.owned.get(callId);
    if (epoch !== undefined && !this.registry?.becomeOwner(callId, epoch)) this.registry?.stepDown(callId);
    if (announce) this.append(callId, { kind: 'reload', instance: this.instanceId });
  }

  steppedDown(callId: string): void {
    const epoch = this.owned.get(callId);
    this.owned.delete(callId);
    this.owners.delete(callId);
    ownerLeases.set(this.owned.size);
    if (epoch !== undefined) void this.leases.release(callId, epoch).catch(() => undefined);
  }

  // ---- requests to the owner ----------------------------------------------------------------

  /**
   * Sends a request to the call's owner (taking the call over when nobody owns it) and waits for
   * its answer. `moved` (that instance does not own the call: nothing was done) is asked again of
   * the new owner, once. No answer is not retried for a command or a ballot: the owner may have
   * applied it before it died, and a second try would be refused as a duplicate or counted twice.
   */
  async ask(callId: string, request: Request): Promise<Answer | null> {
    const idempotent = request.op !== 'execute' && request.op !== 'ballot';
    for (let attempt = 0; attempt < 2 && !this.stopped; attempt++) {
      const owner = await this.ownerOf(callId);
      if (!owner) return null;
      if (owner.instance === this.instanceId) return this.serve(callId, request, this.instanceId);
      const answer = await this.send(owner.instance, callId, request, true);
      if (answer && answer.kind !== 'moved') return answer;
      this.owners.delete(callId);
      if (!answer && !idempotent) return null;
    }
    return null;
  }

  /** A request without an answer (sockets attached or detached, a webhook). */
  async tell(callId: string, request: Request): Promise<void> {
    const owner = await this.ownerOf(callId);
    if (!owner) return;
    if (owner.instance === this.instanceId) void this.serve(callId, request, this.instanceId);
    else void this.send(owner.instance, callId, request, false);
  }

  private async send(to: string, callId: string, request: Request, answered: boolean): Promise<Answer | null> {
    const id = answered ? randomUUID() : undefined;
    const text = JSON.stringify({ t: 'req', id, from: this.instanceId, callId, request });
    if (!id) {
      await this.redis.publish(keys.channel(to), text).catch((err: Error) => this.busError('publish', err));
      return null;
    }
    return new Promise<Answer | null>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(null);
      }, ANSWER_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      this.redis.publish(keys.channel(to), text).catch((err: Error) => {
        this.busError('publish', err);
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(null);
      });
    });
  }

  private onDirect(text: string): void {
    const message = parseJson(directSchema, text);
    if (!message) return this.busError('parse', new Error('a message on this instance channel did not parse'));
    if (message.t === 'ans') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      clearTimeout(waiting.timer);
      this.pending.delete(message.id);
      waiting.resolve(message.answer);
      return;
    }
    const { id, from, callId, request } = message;
    void this.serve(callId, request, from).then((answer) => {
      if (id) void this.redis.publish(keys.channel(from), JSON.stringify({ t: 'ans', id, answer: answerSchema.parse(answer) })).catch((err: Error) => this.busError('publish', err));
    });
  }

  /** The owner's side of a request: `moved` when this instance does not own the call (any more). */
  private async serve(callId: string, request: Request, from: string): Promise<Answer> {
    this.heardFrom.set(from, Date.now());
    const core = this.registry?.core(callId) ?? null;
    if (!core) return { kind: 'moved' };
    switch (request.op) {
      case 'execute': {
        const result = core.execute(request.command, request.actor);
        return { kind: 'executed', result: result.ok ? { ok: true, seq: result.seq } : { ok: false, error: result.error } };
      }
      case 'ballot':
        return { kind: 'ballot', refused: core.ballot(request.identity, request.voteId, request.choices, request.ref) };
      case 'attached':
        core.attached(request.identity, from);
        return { kind: 'done' };
      case 'detached':
        this.options.log.debug({ callId, from, identity: request.identity, left: request.left }, 'detached');
        core.detached(request.identity, from, request.left);
        return { kind: 'done' };
      case 'roster':
        this.options.log.debug({ callId, from, identities: request.identities }, 'roster from a gateway');
        core.roster(from, request.identities);
        return { kind: 'done' };
      case 'tokened':
        await core.enforcer?.ensureRoom().catch((err: Error) => this.warn(`could not create the LiveKit room of ${callId}: ${err.message}`));
        core.enforcer?.tokenIssued(request.identity);
        return { kind: 'done' };
      case 'webhook':
        this.webhook?.(callId, request.webhook);
        return { kind: 'done' };
      default: {
        const never: never = request;
        throw new Error(`unknown request ${JSON.stringify(never)}`);
      }
    }
  }

  // ---- ownership ----------------------------------------------------------------------------

  /** The call's owner: as last seen, or from its lease, or this instance when nobody held it and we took it. */
  private async ownerOf(callId: string): Promise<LeaseHolder | null> {
    const known = this.owners.get(callId);
    if (known) return known;
    try {
      const [holder] = await this.leases.holders([callId]);
      if (holder && (await this.forgetPreviousLife(callId, holder))) return (await this.takeOver(callId)) ? this.owners.get(callId)! : null;
      if (holder) {
        // Learning of a new owner here too tells it who this gateway holds.
        this.noteOwner(callId, holder);
        return holder;
      }
    } catch (err) {
      this.busError('lease lookup', err as Error);
      return null;
    }
    return (await this.takeOver(callId)) ? { instance: this.instanceId, epoch: this.owned.get(callId)! } : null;
  }

  /** Tries to take the call's lease; on success this instance's core starts (from the event log). */
  private takeOver(callId: string): Promise<boolean> {
    let running = this.acquiring.get(callId);
    if (!running) {
      running = this.acquire(callId).finally(() => this.acquiring.delete(callId));
      this.acquiring.set(callId, running);
    }
    return running;
  }

  private async acquire(callId: string): Promise<boolean> {
    const registry = this.registry;
    if (!registry || this.stopped) return false;
    const room = registry.get(callId);
    if (!room || room.state.status === 'ended') return false;
    let epoch: number;
    try {
      epoch = await this.leases.acquire(callId, this.options.store.logEpoch(callId));
    } catch (err) {
      this.busError('lease', err as Error);
      return false;
    }
    if (epoch === 0) return false;
    if (!registry.becomeOwner(callId, epoch)) {
      await this.leases.release(callId, epoch).catch(() => undefined);
      return false;
    }
    this.owned.set(callId, epoch);
    this.owners.set(callId, { instance: this.instanceId, epoch });
    ownerLeases.set(this.owned.size);
    ownerChanges.inc();
    this.append(callId, { kind: 'owner', epoch, instance: this.instanceId });
    return true;
  }

  /** Renews leases, takes over calls nobody owns, notices dead gateways, catches gateways up. */
  private async tick(): Promise<void> {
    const registry = this.registry;
    if (!registry || this.stopped) return;
    try {
      await this.heartbeat();
      for (const [callId, epoch] of [...this.owned]) {
        if (await this.leases.renew(callId, epoch)) continue;
        // Lost (expired while this process was paused, or Redis restarted empty): take it back
        // if nobody else did, else stop deciding.
        this.owned.delete(callId);
        this.owners.delete(callId);
        if (!(await this.takeOver(callId))) registry.stepDown(callId);
      }
      const open = [...this.followed.keys()].filter((id) => !this.owned.has(id) && registry.loaded(id)?.state.status !== 'ended');
      const holders = await this.leases.holders(open);
      for (const [i, callId] of open.entries()) {
        const holder = holders[i];
        if (holder && (await this.forgetPreviousLife(callId, holder))) await this.takeOver(callId);
        else if (holder) this.noteOwner(callId, holder);
        else await this.takeOver(callId);
      }
      await this.watchGateways();
    } catch (err) {
      this.busError('tick', err as Error);
    }
  }

  /** Whatever the stream did not bring (Redis down, entries trimmed) the event log has. */
  private catchUpAll(): void {
    if (this.stopped) return;
    for (const callId of this.followed.keys()) {
      if (!this.owned.has(callId)) this.guard(`catch-up of ${callId}`, () => this.registry?.loaded(callId)?.catchUp());
    }
  }

  /** One failing call must not stop the loops that serve every call. */
  private guard(what: string, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.options.log.error({ err: (err as Error).message, stack: (err as Error).stack }, `cluster: ${what} failed`);
    }
  }

  /**
   * A lease in this instance's name that this process does not hold: left by this instance before
   * a restart (same CAUCUS_INSTANCE_ID). It is released at once rather than waited out.
   */
  private async forgetPreviousLife(callId: string, holder: LeaseHolder): Promise<boolean> {
    if (holder.instance !== this.instanceId || this.owned.has(callId) || this.acquiring.has(callId)) return false;
    await this.leases.release(callId, holder.epoch);
    return true;
  }

  /**
   * This instance is alive. If its heartbeat had lapsed (it was paused, or cut off from Redis),
   * owners may have counted its people as dropped: it tells them again who it holds.
   */
  private async heartbeat(): Promise<void> {
    const previous = await this.redis.call('SET', keys.instance(this.instanceId), String(Date.now()), 'PX', String(this.options.leaseMs * 2), 'GET');
    if (previous !== null) return;
    for (const callId of this.followed.keys()) {
      const owner = this.owners.get(callId);
      if (owner && owner.instance !== this.instanceId) this.sendRoster(callId, owner.instance);
    }
  }

  private noteOwner(callId: string, holder: LeaseHolder): void {
    const before = this.owners.get(callId);
    this.owners.set(callId, holder);
    if (before && before.instance === holder.instance && before.epoch === holder.epoch) return;
    if (holder.instance !== this.instanceId) this.sendRoster(callId, holder.instance);
  }

  /** The people this gateway holds, to a new owner: they keep their place. */
  private sendRoster(callId: string, owner: string): void {
    const identities = this.registry?.loaded(callId)?.connectedIdentities() ?? [];
    this.options.log.debug({ callId, owner, people: identities.length }, 'roster to the owner');
    if (identities.length) void this.send(owner, callId, { op: 'roster', identities }, false);
  }

  /** A gateway whose instance stopped heart-beating lost its sockets: its people count as dropped. */
  private async watchGateways(): Promise<void> {
    const cores = [...this.owned.keys()].flatMap((id) => this.registry?.core(id) ?? []);
    const gateways = [...new Set(cores.flatMap((core) => [...core.gateways()]))].filter((g) => g !== this.instanceId);
    if (gateways.length === 0) return;
    const asked = Date.now();
    const beats = await this.redis.mget(gateways.map(keys.instance));
    // Heard from while the heartbeats were read: alive (its heartbeat is on its way).
    const gone = gateways.filter((g, i) => beats[i] === null && (this.heardFrom.get(g) ?? 0) < asked);
    for (const gateway of gone) {
      this.options.log.debug({ gateway }, 'gateway gone');
      this.warn(`gateway ${gateway} stopped; its people count as dropped`);
      for (const core of cores) core.gatewayGone(gateway);
    }
  }

  // ---- the streams --------------------------------------------------------------------------

  private append(callId: string, entry: StreamEntry): void {
    void this.redis.xadd(keys.events(callId), 'MAXLEN', '~', STREAM_MAX, '*', 'e', JSON.stringify(entry)).catch((err: Error) => this.busError('xadd', err));
  }

  /** Starts reading a call's stream from its end; what came before is in the event log. */
  private async position(callId: string): Promise<void> {
    let last = '0-0';
    try {
      const entries = (await this.redis.xrevrange(keys.events(callId), '+', '-', 'COUNT', 1)) as [string, string[]][];
      last = entries[0]?.[0] ?? '0-0';
    } catch (err) {
      this.busError('xrevrange', err as Error);
    }
    if (!this.followed.has(callId)) return;
    this.followed.set(callId, last);
    this.registry?.loaded(callId)?.catchUp();
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      const positioned = [...this.followed].filter((e): e is [string, string] => e[1] !== null);
      if (positioned.length === 0) {
        await sleep(100);
        continue;
      }
      let result: [string, [string, string[]][]][] | null;
      try {
        result = (await this.reader.xread('COUNT', 1000, 'BLOCK', 500, 'STREAMS', ...positioned.map(([id]) => keys.events(id)), ...positioned.map(([, at]) => at))) as typeof result;
      } catch (err) {
        if (this.stopped) return;
        this.busError('xread', err as Error);
        await sleep(500);
        continue;
      }
      for (const [key, entries] of result ?? []) {
        const callId = key.slice(keys.events('').length);
        for (const [id, fields] of entries) {
          if (this.followed.has(callId)) this.followed.set(callId, id);
          const text = fields[1];
          const entry = text === undefined ? null : parseJson(streamEntrySchema, text);
          if (!entry) this.busError('parse', new Error(`a stream entry of ${callId} did not parse`));
          else this.guard(`stream entry of ${callId}`, () => this.onEntry(callId, entry));
        }
      }
    }
  }

  private onEntry(callId: string, entry: StreamEntry): void {
    const room = this.registry?.loaded(callId);
    if (!room) return;
    switch (entry.kind) {
      case 'events':
        // The owner's own gateway folded them already; fold() skips what it has anyway.
        if (this.owned.get(callId) === entry.epoch) return;
        busLagSeconds.observe(Math.max(0, Date.now() - entry.sentAt) / 1000);
        room.fold(entry.events);
        return;
      case 'frame':
        if (this.owned.get(callId) !== entry.epoch) room.sendTo(entry.to, entry.frame);
        return;
      case 'reload':
        if (entry.instance !== this.instanceId) this.registry?.reloadUntouched(callId, false);
        return;
      case 'replaced':
        if (entry.gateway === this.instanceId) room.replaced(entry.identity);
        return;
      case 'owner':
        if (entry.instance === this.instanceId) return;
        // Another instance took the call: a core of ours under an older epoch must stop.
        if ((this.owned.get(callId) ?? Infinity) < entry.epoch) this.registry?.stepDown(callId);
        this.noteOwner(callId, { instance: entry.instance, epoch: entry.epoch });
        return;
      default: {
        const never: never = entry;
        throw new Error(`unknown stream entry ${JSON.stringify(never)}`);
      }
    }
  }

  private busError(step: string, err: Error): void {
    busErrors.inc();
    this.warn(`bus ${step}: ${err.message}`);
  }

  private lastWarnAt = 0;
  /** Warnings are rate-limited: a Redis outage must not flood the log. */
  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarnAt < 1000) return;
    this.lastWarnAt = now;
    this.options.log.warn({ instance: this.instanceId }, message);
  }
}

/** The owner of a call on another instance, as a gateway here sees it. */
class RemoteOwner implements OwnerLink {
  readonly enforcer = null;

  constructor(
    private readonly cluster: Cluster,
    private readonly callId: string,
  ) {}

  async execute(command: Parameters<OwnerLink['execute']>[0], actor: string): Promise<ExecuteResult> {
    const answer = await this.cluster.ask(this.callId, { op: 'execute', command, actor });
    if (answer?.kind !== 'executed') return { ok: false, error: UNAVAILABLE };
    return answer.result.ok ? { ok: true, events: [], seq: answer.result.seq } : { ok: false, error: answer.result.error };
  }

  async ballot(identity: string, voteId: string, choices: readonly number[], ref: string | undefined): Promise<ProtocolError | null> {
    const answer = await this.cluster.ask(this.callId, { op: 'ballot', identity, voteId, choices: [...choices], ref });
    return answer?.kind === 'ballot' ? answer.refused : UNAVAILABLE;
  }

  attached(identity: string): void {
    void this.cluster.tell(this.callId, { op: 'attached', identity });
  }

  detached(identity: string, left: boolean): void {
    void this.cluster.tell(this.callId, { op: 'detached', identity, left });
  }

  async tokened(identity: string): Promise<void> {
    await this.cluster.ask(this.callId, { op: 'tokened', identity });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// Bans that hold across the coalition. A call's `member_banned` events land on the coalition's
// ban list (ban-ledger.ts); this service reads that list at every door (the HTTP join, the
// websocket hello), carries a coalition ban into the other calls that are running (whoever it
// holds is expelled there at once), lifts and widens bans from the console, and ends bans whose
// time is up. The call's own state keeps enforcing its own bans (the core's join refuses them);
// the list adds what the call cannot know: bans imposed in other calls.
import type { CallState, Event, Role } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { CallRoom } from '../calls/call-room';
import type { Clock } from '../calls/clock';
import { systemClock } from '../calls/clock';
import { actorName, entryOf, followBans } from './ban-ledger';
import type { BanEntry, Visitor } from './ban-match';
import type { BanMatch, BanStore } from './ban-store';
import { settle } from '../calls/maybe-async';

/** How often bans whose time is up are lifted in their running call. */
export const BAN_EXPIRY_SWEEP_MS = 15_000;

/** The rooms this service reaches into (the call registry). */
export interface Rooms {
  get(callId: string): CallRoom | null;
  allOpen(): CallRoom[];
}

export interface CoalitionBanOptions {
  reason: string;
  /** Who bans: an identity in the call, or 'system'. */
  by: string;
  /** Also the network (the address each person last came from). */
  network: boolean;
  /** Absent or null: until lifted. */
  durationMin?: number | null | undefined;
}

export class CoalitionBans {
  private rooms: Rooms | null = null;
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    readonly store: BanStore,
    private readonly log: FastifyBaseLogger,
    private readonly clock: Clock = systemClock,
  ) {}

  /** The registry, once it exists (it is built after this service, and asks it to follow each call). */
  attach(rooms: Rooms): void {
    this.rooms = rooms;
  }

  start(): void {
    this.sweep = setInterval(() => this.expire(), BAN_EXPIRY_SWEEP_MS);
    this.sweep.unref();
    this.expire();
  }

  stop(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
  }

  /** Whether these events change the ban list (the pipeline opens a wider transaction only then). */
  follows(events: readonly Event[]): boolean {
    return events.some((e) => e.type === 'member_banned' || e.type === 'member_unbanned');
  }

  /** A call room's hook inside the events' transaction. */
  follow(callId: string, events: readonly Event[], before: CallState): void {
    followBans(this.store, callId, events, before);
  }

  /** A call room's hook after its events are applied: coalition bans reach the other running calls. */
  applied(callId: string, events: readonly Event[]): void {
    const coalition: BanEntry[] = [];
    for (const event of events) {
      if (event.type !== 'member_banned' || event.scope !== 'coalition') continue;
      const ban = this.store.liveOf(callId, event.participant);
      if (ban) coalition.push(ban);
    }
    this.reachRunningCalls(coalition);
  }

  /** The ban that keeps this visitor out, if any. */
  check(visitor: Visitor): BanMatch | null {
    return this.store.matching(visitor, this.clock.now());
  }

  /** The person's account and personal invitation in that call, for a Visitor. */
  personOf(callId: string, identity: string) {
    return this.store.personOf(callId, identity);
  }

  /** Lifts a ban from the list; if its call is running, the call lifts it too (`member_unbanned` by system). */
  lift(id: string, byName: string): BanEntry | null {
    const ban = this.store.get(id);
    if (!ban || !this.store.lift(id, byName, this.clock.now())) return null;
    this.liftInCall(ban);
    return this.store.get(id);
  }

  /** A per-call ban made coalition-wide (an organizer reviewing a moderator's ban). */
  widen(id: string, byName: string): BanEntry | null {
    if (!this.store.widen(id, byName, this.clock.now())) return null;
    const ban = this.store.get(id)!;
    this.reachRunningCalls([ban]);
    return ban;
  }

  /** Marks bans whose time is up as lifted and lifts them in their running call. */
  expire(): number {
    const now = this.clock.now();
    const due = this.store.dueToExpire(now);
    for (const ban of due) {
      if (this.store.lift(ban.id, 'expired', now)) this.liftInCall(ban);
    }
    return due.length;
  }

  /**
   * Bans these identities of one call across the coalition, in one transaction: people the call
   * already banned have their ban widened, everyone else gets a new coalition ban built from what
   * the call knows of them (name, role, browser, network). Whoever is present or waiting in any
   * running call and held by one of these bans is expelled there. Unknown identities are skipped.
   * Returns the bans in force afterwards, one per identity found.
   */
  banAcrossCoalition(callId: string, identities: readonly string[], options: CoalitionBanOptions): BanEntry[] {
    const room = this.rooms?.get(callId);
    if (!room) return [];
    const state = room.state;
    const now = this.clock.now();
    const byName = actorName(state, options.by);
    const ids = [...new Set(identities)];
    const fresh: BanEntry[] = [];
    const widened: string[] = [];
    for (const identity of ids) {
      const existing = this.store.liveOf(callId, identity);
      if (existing) {
        if (existing.scope === 'call') widened.push(existing.id);
        continue;
      }
      const seen = state.lobby.get(identity) ?? state.members.get(identity);
      if (!seen) continue;
      fresh.push(
        entryOf(
          this.store,
          callId,
          {
            type: 'member_banned',
            at: now,
            by: options.by,
            participant: identity,
            name: seen.name,
            role: seen.role,
            reason: options.reason,
            ip: options.network,
            device: seen.device,
            ipHash: seen.ipHash,
            scope: 'coalition',
            expiresAt: options.durationMin ? now + options.durationMin * 60_000 : null,
            evidence: { reports: [], chat: [] },
          },
          state,
        ),
      );
    }
    this.store.atomically(() => {
      this.store.record(fresh);
      for (const id of widened) this.store.widen(id, byName, now);
    });
    const result = ids.map((identity) => this.store.liveOf(callId, identity)).filter((b): b is BanEntry => b !== null);
    this.reachRunningCalls(result);
    return result;
  }

  /**
   * Everyone these coalition bans hold by identity, account, personal invitation or browser who is
   * present or waiting in a running call is expelled from it (in their own call, unless the call
   * banned them itself). The network holds only at the doors: expelling everyone present behind the same
   * address would punish a whole office or campus for one person.
   */
  private reachRunningCalls(bans: readonly BanEntry[]): void {
    if (bans.length === 0) return;
    const holds = holdsOf(bans);
    for (const room of this.rooms?.allOpen() ?? []) {
      if (room.state.status === 'ended') continue;
      for (const identity of heldIn(room, holds, this.store)) {
        settle(room.execute({ type: 'expel', identity, reason: "banned from the coalition's calls" }, 'system'), (result) => {
          if (!result.ok) this.log.warn({ callId: room.callId, identity, error: result.error }, 'could not expel a person banned across the coalition');
          else this.log.info({ callId: room.callId, identity }, 'expelled: banned across the coalition');
        });
      }
    }
  }

  private liftInCall(ban: BanEntry): void {
    const room = this.rooms?.get(ban.callId);
    if (!room || room.state.status === 'ended') return;
    settle(room.execute({ type: 'lift_ban', identity: ban.identity }, 'system'), (result) => {
      if (!result.ok) this.log.warn({ callId: ban.callId, identity: ban.identity, error: result.error }, 'could not lift a ban in its call');
    });
  }
}

interface Holds {
  /** `${callId} ${identity}` of the banned people themselves. */
  people: Set<string>;
  accounts: Set<string>;
  invitations: Set<string>;
  /** Browsers: they hold participants only (see banHold). */
  devices: Set<string>;
}

function holdsOf(bans: readonly BanEntry[]): Holds {
  const holds: Holds = { people: new Set(), accounts: new Set(), invitations: new Set(), devices: new Set() };
  for (const ban of bans) {
    if (ban.scope !== 'coalition' || ban.liftedAt !== null) continue;
    holds.people.add(`${ban.callId} ${ban.identity}`);
    if (ban.accountId !== null) holds.accounts.add(ban.accountId);
    if (ban.invitationId !== null) holds.invitations.add(ban.invitationId);
    if (ban.device !== null) holds.devices.add(ban.device);
  }
  return holds;
}

/** Identities present or waiting in this room that the holds catch, the same rule as banHold without the network. */
function heldIn(room: CallRoom, holds: Holds, store: BanStore): string[] {
  const state = room.state;
  const people: { identity: string; role: Role; device: string | null }[] = [
    ...[...state.members.values()].filter((m) => m.status === 'present'),
    ...[...state.lobby.values()].filter((w) => w.status === 'waiting'),
  ];
  const byCredential = holds.accounts.size > 0 || holds.invitations.size > 0;
  const held: string[] = [];
  for (const person of people) {
    if (holds.people.has(`${room.callId} ${person.identity}`)) {
      // Banned in its own call by the call itself, or put on the list from outside it (banAcrossCoalition).
      if (!state.bans.has(person.identity)) held.push(person.identity);
      continue;
    }
    if (person.role === 'participant' && person.device !== null && holds.devices.has(person.device)) {
      held.push(person.identity);
      continue;
    }
    // Accounts and personal invitations are how hosts, moderators and speakers come in.
    if (!byCredential || person.role === 'participant') continue;
    const { accountId, invitationId } = store.personOf(room.callId, person.identity);
    if ((accountId !== null && holds.accounts.has(accountId)) || (invitationId !== null && holds.invitations.has(invitationId))) {
      held.push(person.identity);
    }
  }
  return held;
}

// The coalition's ban list (migration 006), in the calls' database (SQLite or Postgres). Synchronous like the
// call store: a ban is written in the same transaction as the call's `member_banned` event
// (ban-ledger.ts), so the list and the event log never disagree after a crash.
import { banEvidenceSchema, type BanScope, type Role } from '@caucus/shared';
import type { SqlDatabase } from '../store/sql-database';
import { banHold, type BanEntry, type BanHold, type Visitor } from './ban-match';

interface BanRow {
  id: string;
  call_id: string;
  identity: string;
  name: string;
  role: Role;
  scope: BanScope;
  reason: string;
  by_identity: string;
  by_name: string;
  created_at: number;
  expires_at: number | null;
  device: string | null;
  network: number;
  ip_hash: string | null;
  account_id: string | null;
  invitation_id: string | null;
  evidence: string;
  widened_at: number | null;
  widened_by: string | null;
  lifted_at: number | null;
  lifted_by: string | null;
}

const toEntry = (r: BanRow): BanEntry => ({
  id: r.id,
  callId: r.call_id,
  identity: r.identity,
  name: r.name,
  role: r.role,
  scope: r.scope,
  reason: r.reason,
  byIdentity: r.by_identity,
  byName: r.by_name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  device: r.device,
  network: r.network === 1,
  ipHash: r.ip_hash,
  accountId: r.account_id,
  invitationId: r.invitation_id,
  evidence: banEvidenceSchema.parse(JSON.parse(r.evidence)),
  widenedAt: r.widened_at,
  widenedBy: r.widened_by,
  liftedAt: r.lifted_at,
  liftedBy: r.lifted_by,
});

const toRow = (b: BanEntry) => ({
  id: b.id,
  callId: b.callId,
  identity: b.identity,
  name: b.name,
  role: b.role,
  scope: b.scope,
  reason: b.reason,
  byIdentity: b.byIdentity,
  byName: b.byName,
  createdAt: b.createdAt,
  expiresAt: b.expiresAt,
  device: b.device,
  network: b.network ? 1 : 0,
  // The network is kept only when it was ticked: an unticked ban holds no address at all.
  ipHash: b.network ? b.ipHash : null,
  accountId: b.accountId,
  invitationId: b.invitationId,
  evidence: JSON.stringify(b.evidence),
});

export interface BanMatch {
  ban: BanEntry;
  hold: BanHold;
}

export interface BanListQuery {
  /** Lifted and expired bans too (the history). */
  all: boolean;
  /** Only the bans imposed in this call. */
  callId?: string | undefined;
  limit: number;
  /** Paging: bans created strictly before this (ms). */
  before?: number | undefined;
}

/** Who was in a call under an identity: the coalition account and personal invitation they came with. */
export interface CallPerson {
  accountId: string | null;
  invitationId: string | null;
}

export type BanStore = ReturnType<typeof openBanStore>;

export function openBanStore(db: SqlDatabase) {
  const q = {
    insert: db.prepare(
      `INSERT INTO bans (id, call_id, identity, name, role, scope, reason, by_identity, by_name, created_at, expires_at,
         device, network, ip_hash, account_id, invitation_id, evidence)
       VALUES (@id, @callId, @identity, @name, @role, @scope, @reason, @byIdentity, @byName, @createdAt, @expiresAt,
         @device, @network, @ipHash, @accountId, @invitationId, @evidence)
       ON CONFLICT (call_id, identity) WHERE lifted_at IS NULL DO NOTHING`,
    ),
    get: db.prepare<[string], BanRow>('SELECT * FROM bans WHERE id = ?'),
    liveOf: db.prepare<[string, string], BanRow>('SELECT * FROM bans WHERE call_id = ? AND identity = ? AND lifted_at IS NULL'),
    // Candidates by each indexed hold; banHold() then applies scope, expiry and role.
    candidates: db.prepare<
      { callId: string; identity: string | null; device: string | null; ip1: string | null; ip2: string | null; accountId: string | null; invitationId: string | null; now: number },
      BanRow
    >(
      `SELECT * FROM bans WHERE lifted_at IS NULL AND (expires_at IS NULL OR expires_at > @now) AND (
         (call_id = @callId AND identity = @identity) OR device = @device OR ip_hash IN (@ip1, @ip2)
         OR account_id = @accountId OR invitation_id = @invitationId)
       ORDER BY created_at LIMIT 50`,
    ),
    lift: db.prepare('UPDATE bans SET lifted_at = ?, lifted_by = ? WHERE id = ? AND lifted_at IS NULL'),
    liftLive: db.prepare('UPDATE bans SET lifted_at = ?, lifted_by = ? WHERE call_id = ? AND identity = ? AND lifted_at IS NULL'),
    widen: db.prepare(
      "UPDATE bans SET scope = 'coalition', widened_at = ?, widened_by = ? WHERE id = ? AND lifted_at IS NULL AND scope = 'call'",
    ),
    due: db.prepare<[number], BanRow>('SELECT * FROM bans WHERE lifted_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ? LIMIT 500'),
    person: db.prepare<[string, string], { id: string; account_id: string | null }>(
      'SELECT id, account_id FROM call_invitations WHERE call_id = ? AND identity = ? ORDER BY created_at DESC LIMIT 1',
    ),
  };
  const record = db.transaction((entries: readonly BanEntry[]) => {
    let added = 0;
    for (const entry of entries) added += q.insert.run(toRow(entry)).changes;
    return added;
  });

  return {
    atomically: <T>(write: () => T): T => db.transaction(write)(),
    /** Adds bans (one transaction); a person already banned in that call keeps the existing ban. Returns how many were added. */
    record: (entries: readonly BanEntry[]): number => record(entries),
    get: (id: string): BanEntry | null => {
      const row = q.get.get(id);
      return row ? toEntry(row) : null;
    },
    /** The ban in force on this identity in this call, if any. */
    liveOf: (callId: string, identity: string): BanEntry | null => {
      const row = q.liveOf.get(callId, identity);
      return row ? toEntry(row) : null;
    },
    /** The first ban that keeps this visitor out, and what it holds them by. */
    matching(visitor: Visitor, now: number): BanMatch | null {
      const [ip1 = null, ip2 = null] = visitor.ipHashes;
      const rows = q.candidates.all({
        callId: visitor.callId,
        identity: visitor.identity,
        device: visitor.device,
        ip1,
        ip2,
        accountId: visitor.accountId,
        invitationId: visitor.invitationId,
        now,
      });
      for (const row of rows) {
        const ban = toEntry(row);
        const hold = banHold(ban, visitor, now);
        if (hold) return { ban, hold };
      }
      return null;
    },
    list(query: BanListQuery, now: number): BanEntry[] {
      const where = [query.all ? '1 = 1' : 'lifted_at IS NULL AND (expires_at IS NULL OR expires_at > @now)'];
      if (query.callId !== undefined) where.push('call_id = @callId');
      if (query.before !== undefined) where.push('created_at < @before');
      const sql = `SELECT * FROM bans WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id LIMIT @limit`;
      return (db.prepare(sql).all({ now, callId: query.callId, before: query.before, limit: query.limit }) as BanRow[]).map(toEntry);
    },
    lift: (id: string, by: string, at: number): boolean => q.lift.run(at, by, id).changes > 0,
    /** The call's own unban (a moderator in the call, or lift_ban): the list follows. */
    liftLive: (callId: string, identity: string, by: string, at: number): boolean => q.liftLive.run(at, by, callId, identity).changes > 0,
    widen: (id: string, by: string, at: number): boolean => q.widen.run(at, by, id).changes > 0,
    /** Bans whose time is up but that are not yet marked lifted. */
    dueToExpire: (now: number): BanEntry[] => q.due.all(now).map(toEntry),
    /** The coalition account and personal invitation behind an identity in a call. */
    personOf(callId: string, identity: string): CallPerson {
      const row = q.person.get(callId, identity);
      return { accountId: row?.account_id ?? null, invitationId: row?.id ?? null };
    },
  };
}

// The call store over SqlDatabase: the same SQL on SQLite (sqlite-store.ts) and on Postgres
// (postgres-store.ts), so both behave alike by construction. What differs between them (how a
// commit reaches the disk, how the connection closes) comes in as `durability`.
import { callSettingsSchema, callSnapshotSchema, eventSchema, memberOrgSchema, roomSettingsSchema } from '@caucus/shared';
import { z } from 'zod';
import type { SqlDatabase } from './sql-database';
import { StaleEpochError, type CallRecord, type CallSchedule, type InviteRecord, type SessionRecord, type Store, type StoredEvent, type StoredRole, type StoredSnapshot } from './store';

/** Snapshots written before calls had a format and doors ran on stage with the doors open. */
const storedSnapshotSchema = callSnapshotSchema.extend({
  settings: roomSettingsSchema.extend({
    format: roomSettingsSchema.shape.format.default('stage'),
    doorsOpen: roomSettingsSchema.shape.doorsOpen.default(true),
  }),
});

function readSnapshot(seq: number, json: string): StoredSnapshot {
  const parsed = storedSnapshotSchema.safeParse(JSON.parse(json));
  return parsed.success ? { seq, snapshot: parsed.data } : { seq, unreadable: parsed.error.message.slice(0, 500) };
}

interface CallRow {
  id: string;
  title: string;
  settings: string;
  created_at: number;
  ended_at: number | null;
  is_public: number;
  starts_at: number | null;
  time_zone: string | null;
  duration_min: number | null;
  description: string | null;
  speakers: string | null;
  public_invite: string | null;
}
interface InviteRow {
  token_hash: string;
  call_id: string;
  role: StoredRole;
  created_at: number;
  revoked_at: number | null;
}
interface SessionRow {
  token_hash: string;
  call_id: string;
  identity: string;
  role: StoredRole;
  name: string;
  device: string | null;
  ip_hash: string | null;
  created_at: number;
  minted_by: string | null;
  last_seen_at: number | null;
  revoked_at: number | null;
  /** Migration 007: the registration's organization (JSON) and whether the link was a registration's. */
  org: string | null;
  registered: number;
}

/** Stored settings hold the passcode's hash (or, from older versions, a passcode of any length). */
const storedSettingsSchema = callSettingsSchema.extend({ passcode: z.string().min(1).max(512).nullable().default(null) });

const toCall = (r: CallRow): CallRecord => ({
  id: r.id,
  title: r.title,
  settings: storedSettingsSchema.parse(JSON.parse(r.settings)),
  createdAt: r.created_at,
  endedAt: r.ended_at,
  schedule: {
    public: r.is_public === 1,
    startsAt: r.starts_at,
    timeZone: r.time_zone,
    durationMin: r.duration_min,
    description: r.description ?? '',
    speakers: r.speakers ? JSON.parse(r.speakers) : [],
  },
  publicInvite: r.public_invite,
});

const scheduleColumns = (s: CallSchedule, publicInvite: string | null) => ({
  isPublic: s.public ? 1 : 0,
  startsAt: s.startsAt,
  timeZone: s.timeZone,
  durationMin: s.durationMin,
  description: s.description,
  speakers: JSON.stringify(s.speakers),
  publicInvite,
});
const toInvite = (r: InviteRow): InviteRecord => ({
  tokenHash: r.token_hash,
  callId: r.call_id,
  role: r.role,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});
const toSession = (r: SessionRow): SessionRecord => ({
  tokenHash: r.token_hash,
  callId: r.call_id,
  identity: r.identity,
  role: r.role,
  name: r.name,
  device: r.device,
  ipHash: r.ip_hash,
  createdAt: r.created_at,
  mintedBy: r.minted_by,
  lastSeenAt: r.last_seen_at,
  revokedAt: r.revoked_at,
  org: r.org === null ? null : memberOrgSchema.parse(JSON.parse(r.org)),
  registered: r.registered === 1,
});

/** What the engine under the SQL adds: durability of commits, health, closing. */
export interface Durability {
  /** Resolves once every commit so far survives a power loss. */
  flush(): Promise<void>;
  /** False when the engine knows that what it acknowledged may be lost (a refused fsync). */
  healthy(): boolean;
  close(): void;
}

export type SqlStore<D extends SqlDatabase = SqlDatabase> = Store & { readonly db: D };

export function openSqlStore<D extends SqlDatabase>(db: D, durability: Durability): SqlStore<D> {
  const q = {
    insertCall: db.prepare(
      `INSERT INTO calls (id, title, settings, created_at, ended_at, is_public, starts_at, time_zone, duration_min, description, speakers, public_invite)
       VALUES (@id, @title, @settings, @createdAt, @endedAt, @isPublic, @startsAt, @timeZone, @durationMin, @description, @speakers, @publicInvite)`,
    ),
    updateSchedule: db.prepare(
      `UPDATE calls SET is_public = @isPublic, starts_at = @startsAt, time_zone = @timeZone, duration_min = @durationMin,
       description = @description, speakers = @speakers, public_invite = @publicInvite WHERE id = @id`,
    ),
    upcoming: db.prepare<[number, number], CallRow>(
      'SELECT * FROM calls WHERE is_public = 1 AND starts_at >= ? ORDER BY starts_at ASC LIMIT ?',
    ),
    recent: db.prepare<[number, number], CallRow>(
      'SELECT * FROM calls WHERE is_public = 1 AND starts_at < ? ORDER BY starts_at DESC LIMIT ?',
    ),
    getCall: db.prepare<[string], CallRow>('SELECT * FROM calls WHERE id = ?'),
    endCall: db.prepare('UPDATE calls SET ended_at = ? WHERE id = ? AND ended_at IS NULL'),
    openCalls: db.prepare<[], CallRow>('SELECT * FROM calls WHERE ended_at IS NULL ORDER BY created_at'),
    insertInvite: db.prepare(
      'INSERT INTO invites (token_hash, call_id, role, created_at, revoked_at) VALUES (@tokenHash, @callId, @role, @createdAt, @revokedAt)',
    ),
    revokeInvites: db.prepare(
      'UPDATE invites SET revoked_at = ? WHERE call_id = ? AND role = ? AND revoked_at IS NULL',
    ),
    findInvite: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE token_hash = ?'),
    insertSession: db.prepare(
      `INSERT INTO sessions (token_hash, call_id, identity, role, name, device, ip_hash, created_at, minted_by, last_seen_at, revoked_at, org, registered)
       VALUES (@tokenHash, @callId, @identity, @role, @name, @device, @ipHash, @createdAt, @mintedBy, @lastSeenAt, @revokedAt, @org, @registered)`,
    ),
    findSession: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    touchSession: db.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
    sessionsOfRevokedLinks: db.prepare<[string, string, string], { token_hash: string; identity: string }>(
      `SELECT s.token_hash, s.identity FROM sessions s JOIN invites i ON i.token_hash = s.minted_by
       WHERE s.call_id = ? AND i.call_id = ? AND i.role = ? AND i.revoked_at IS NOT NULL AND s.revoked_at IS NULL`,
    ),
    revokeSession: db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?'),
    insertEvent: db.prepare('INSERT INTO events (call_id, seq, at, type, body) VALUES (?, ?, ?, ?, ?)'),
    readEvents: db.prepare<[string, number, number], { seq: number; body: string }>(
      'SELECT seq, body FROM events WHERE call_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE call_id = ?'),
    saveSnapshot: db.prepare(
      'INSERT INTO snapshots (call_id, seq, state) VALUES (?, ?, ?) ON CONFLICT(call_id) DO UPDATE SET seq = excluded.seq, state = excluded.state',
    ),
    loadSnapshot: db.prepare<[string], { seq: number; state: string }>('SELECT seq, state FROM snapshots WHERE call_id = ?'),
    // A claim takes the log only from a lower (or the same) epoch.
    claimLog: db.prepare(
      `INSERT INTO call_epochs (call_id, epoch) VALUES (?, ?)
       ON CONFLICT (call_id) DO UPDATE SET epoch = excluded.epoch WHERE call_epochs.epoch <= excluded.epoch`,
    ),
    logEpoch: db.prepare<[string], number>('SELECT epoch FROM call_epochs WHERE call_id = ?').pluck(),
    // The fencing check of an append: a write (not a read) so that it locks the row until the
    // append commits, and a claim by a new owner waits for it instead of slipping in between.
    holdEpoch: db.prepare('UPDATE call_epochs SET epoch = epoch WHERE call_id = ? AND epoch = ?'),
  };

  const createCall = db.transaction((call: CallRecord, invites: InviteRecord[]) => {
    q.insertCall.run({
      id: call.id,
      title: call.title,
      settings: JSON.stringify(call.settings),
      createdAt: call.createdAt,
      endedAt: call.endedAt,
      ...scheduleColumns(call.schedule, call.publicInvite),
    });
    for (const invite of invites) q.insertInvite.run(invite);
  });
  const rotateInvite = db.transaction((invite: InviteRecord) => {
    q.revokeInvites.run(invite.createdAt, invite.callId, invite.role);
    q.insertInvite.run(invite);
  });
  const revokeSessionsOfRevokedLinks = db.transaction((callId: string, role: StoredRole, keep: ReadonlySet<string>, at: number) => {
    const revoked = new Set<string>();
    for (const row of q.sessionsOfRevokedLinks.all(callId, callId, role)) {
      if (keep.has(row.identity)) continue;
      q.revokeSession.run(at, row.token_hash);
      revoked.add(row.identity);
    }
    return [...revoked];
  });
  /** The epochs this store object claimed, by call: its appends are fenced by them. */
  const claims = new Map<string, number>();
  // A snapshot only shortens replay: an ex-owner's is dropped (not thrown) so that it cannot
  // replace the new owner's, and nothing else is refused for it.
  const fencedSnapshot = db.transaction((callId: string, seq: number, state: string) => {
    if (q.holdEpoch.run(callId, claims.get(callId)).changes === 0) return;
    q.saveSnapshot.run(callId, seq, state);
  });
  const appendEvents = db.transaction((callId: string, events: StoredEvent[]) => {
    const epoch = claims.get(callId);
    if (epoch !== undefined && q.holdEpoch.run(callId, epoch).changes === 0) {
      throw new StaleEpochError(callId, epoch, (q.logEpoch.get(callId) as number | undefined) ?? 0);
    }
    for (const { seq, event } of events) q.insertEvent.run(callId, seq, event.at, event.type, JSON.stringify(event));
  });

  return {
    db,
    createCall: (call, invites) => createCall(call, invites),
    getCall: (id) => {
      const row = q.getCall.get(id);
      return row ? toCall(row) : null;
    },
    endCall: (id, at) => void q.endCall.run(at, id),
    listOpenCalls: () => q.openCalls.all().map(toCall),
    updateSchedule: (id, schedule, publicInvite) => void q.updateSchedule.run({ id, ...scheduleColumns(schedule, publicInvite) }),
    listPublicCalls: (from, limit) => ({
      upcoming: q.upcoming.all(from, limit).map(toCall),
      recent: q.recent.all(from, limit).map(toCall),
    }),
    findInvite: (hash) => {
      const row = q.findInvite.get(hash);
      return row ? toInvite(row) : null;
    },
    rotateInvite: (invite) => rotateInvite(invite),
    putSession: (s) => void q.insertSession.run({ ...s, org: s.org ? JSON.stringify(s.org) : null, registered: s.registered ? 1 : 0 }),
    findSession: (hash) => {
      const row = q.findSession.get(hash);
      return row ? toSession(row) : null;
    },
    touchSession: (hash, at) => void q.touchSession.run(at, hash),
    revokeSessionsOfRevokedLinks: (callId, role, keep, at) => revokeSessionsOfRevokedLinks(callId, role, keep, at),
    appendEvents: (callId, events) => appendEvents(callId, events),
    flush: durability.flush,
    readEvents: (callId, afterSeq, limit = 1_000_000) =>
      q.readEvents.all(callId, afterSeq, limit).map((r) => ({ seq: r.seq, event: eventSchema.parse(JSON.parse(r.body)) })),
    lastSeq: (callId) => q.lastSeq.get(callId)?.seq ?? 0,
    saveSnapshot: (callId, seq, snapshot) => {
      if (claims.has(callId)) fencedSnapshot(callId, seq, JSON.stringify(snapshot));
      else q.saveSnapshot.run(callId, seq, JSON.stringify(snapshot));
    },
    loadSnapshot: (callId) => {
      const row = q.loadSnapshot.get(callId);
      return row ? readSnapshot(row.seq, row.state) : null;
    },
    claimLog: (callId, epoch) => {
      const claimed = q.claimLog.run(callId, epoch).changes > 0;
      if (claimed) claims.set(callId, epoch);
      return claimed;
    },
    logEpoch: (callId) => (q.logEpoch.get(callId) as number | undefined) ?? 0,
    atomically: (write) => db.transaction(write)(),
    ping: () => {
      if (!durability.healthy()) return false;
      try {
        return db.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    close: durability.close,
  };
}

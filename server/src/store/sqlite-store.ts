// better-sqlite3 v12 (v13 needs Node 22 and crashes on Node 20), WAL mode, versioned migrations.
import { callSettingsSchema, callSnapshotSchema, eventSchema, memberOrgSchema, roomSettingsSchema } from '@caucus/shared';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { fsync, mkdirSync, openSync, closeSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StaleEpochError, type CallRecord, type CallSchedule, type InviteRecord, type SessionRecord, type Store, type StoredEvent, type StoredRole, type StoredSnapshot } from './store';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies migrations/NNN_name.sql files above PRAGMA user_version, each in its own transaction. */
export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (version <= current) continue;
    const sql = readFileSync(join(MIGRATIONS_DIR, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

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

/** The SQLite store; `db` is exposed for diagnostics and fault tests (e.g. simulating a full disk). */
export type SqliteStore = Store & { readonly db: Database.Database };

export function openSqliteStore(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL: a commit is in the WAL file when it returns (it survives a crash of this process, so
  // "stored before anyone hears of it" holds) without waiting for the disk. flush() fsyncs the WAL
  // on the thread pool, one fsync for every commit since the last: an HTTP answer that creates
  // something waits for it (plugins/store.ts), and every moderation event is on disk within about
  // one fsync of its broadcast. FULL made each commit wait for an fsync on the event loop (2-10 ms
  // here): a join storm stalled at ~100 joins/s and every broadcast waited for the disk.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

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
    claimLog: db.prepare(
      'INSERT INTO call_epochs (call_id, epoch) VALUES (?, ?) ON CONFLICT(call_id) DO UPDATE SET epoch = excluded.epoch WHERE call_epochs.epoch < excluded.epoch',
    ),
    logEpoch: db.prepare<[string], { epoch: number }>('SELECT epoch FROM call_epochs WHERE call_id = ?'),
    readEvents: db.prepare<[string, number, number], { seq: number; body: string }>(
      'SELECT seq, body FROM events WHERE call_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE call_id = ?'),
    saveSnapshot: db.prepare(
      'INSERT INTO snapshots (call_id, seq, state) VALUES (?, ?, ?) ON CONFLICT(call_id) DO UPDATE SET seq = excluded.seq, state = excluded.state',
    ),
    loadSnapshot: db.prepare<[string], { seq: number; state: string }>('SELECT seq, state FROM snapshots WHERE call_id = ?'),
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
  // The epochs this store claimed, per call: its appends check the log is still theirs.
  const claimed = new Map<string, number>();
  const logEpoch = (callId: string) => q.logEpoch.get(callId)?.epoch ?? 0;
  const appendEvents = db.transaction((callId: string, events: StoredEvent[]) => {
    const held = claimed.get(callId);
    if (held !== undefined) {
      const current = logEpoch(callId);
      if (current !== held) throw new StaleEpochError(callId, held, current);
    }
    for (const { seq, event } of events) q.insertEvent.run(callId, seq, event.at, event.type, JSON.stringify(event));
  });

  // Group commit: total_changes() counts every row this connection wrote, so a flush with nothing
  // new costs nothing, and flushes that arrive while an fsync runs share the next one.
  const totalChanges = db.prepare('SELECT total_changes()').pluck();
  const walPath = path === ':memory:' ? null : `${path}-wal`;
  let walFd: number | null = null;
  let synced = 0;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  let syncError: Error | null = null;
  const fsyncWal = (): Promise<void> => {
    const upTo = totalChanges.get() as number;
    if (walPath === null || upTo === synced || !db.open) return Promise.resolve();
    walFd ??= openSync(walPath, 'r+');
    return new Promise((resolve, reject) =>
      fsync(walFd!, (err) => {
        if (err) {
          syncError = err;
          return reject(err);
        }
        synced = Math.max(synced, upTo);
        resolve();
      }),
    );
  };
  const startSync = (): Promise<void> => {
    const p: Promise<void> = fsyncWal().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  };
  const flush = (): Promise<void> => {
    if (next) return next;
    if (!running) return startSync();
    // The running fsync may have started before the caller's writes: one more after it.
    next = running
      .catch(() => {})
      .then(() => {
        next = null;
        return startSync();
      });
    return next;
  };

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
    claimLog: (callId, epoch) => {
      const ok = q.claimLog.run(callId, epoch).changes > 0 || logEpoch(callId) === epoch;
      if (ok) claimed.set(callId, epoch);
      return ok;
    },
    logEpoch,
    flush,
    readEvents: (callId, afterSeq, limit = 1_000_000) =>
      q.readEvents.all(callId, afterSeq, limit).map((r) => ({ seq: r.seq, event: eventSchema.parse(JSON.parse(r.body)) })),
    lastSeq: (callId) => q.lastSeq.get(callId)?.seq ?? 0,
    saveSnapshot: (callId, seq, snapshot) => void q.saveSnapshot.run(callId, seq, JSON.stringify(snapshot)),
    loadSnapshot: (callId) => {
      const row = q.loadSnapshot.get(callId);
      return row ? readSnapshot(row.seq, row.state) : null;
    },
    atomically: (write) => db.transaction(write)(),
    ping: () => {
      if (syncError) return false; // the disk refused an fsync: what we acknowledge may not be on it
      try {
        return db.prepare('SELECT 1 AS ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    close: () => {
      if (walFd !== null) closeSync(walFd);
      walFd = null;
      if (db.open) db.close();
    },
  };
}

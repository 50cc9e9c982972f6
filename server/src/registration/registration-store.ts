// Registrations, member organizations, series and per-call registration settings (migration 007),
// in the calls' database (SQLite or Postgres). Synchronous like the other stores; link secrets arrive hashed.
import type { SqlDatabase } from '../store/sql-database';
import { fromRow, type Row } from '../accounts/account-store';

export const ACCESS_MODES = ['open', 'members'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];
export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export interface MemberOrg {
  id: string;
  name: string;
  weight: number;
  createdAt: number;
}

export interface Series {
  id: string;
  name: string;
  createdAt: number;
}

export interface Question {
  id: string;
  label: string;
  required: boolean;
}

export interface CallRegistrationSettings {
  callId: string;
  access: AccessMode;
  /** Whether the public page takes registrations. */
  registration: boolean;
  /** Registrations beyond it go to the waitlist; null = no limit. */
  capacity: number | null;
  /** Minutes before the start a reminder goes out (e.g. 1440 and 60). */
  reminders: number[];
  questions: Question[];
  seriesId: string | null;
}

/** How long an unconfirmed registration holds its place. */
export const PENDING_HOLD_MS = 24 * 3600_000;

export const DEFAULT_REGISTRATION_SETTINGS: Omit<CallRegistrationSettings, 'callId'> = {
  access: 'open',
  registration: true,
  capacity: null,
  reminders: [1440, 60],
  questions: [],
  seriesId: null,
};

export interface Registration {
  id: string;
  callId: string;
  /** Set when the registration covers every call of this series. */
  seriesId: string | null;
  name: string;
  email: string;
  orgId: string | null;
  answers: Record<string, string>;
  status: RegistrationStatus;
  tokenHash: string;
  manageHash: string;
  linkVersion: number;
  device: string | null;
  identity: string | null;
  createdAt: number;
  confirmedAt: number | null;
  cancelledAt: number | null;
}

type SettingsRow = { callId: string; access: AccessMode; registration: number; capacity: number | null; reminders: string; questions: string; seriesId: string | null };
const toSettings = (r: SettingsRow): CallRegistrationSettings => ({
  ...r,
  registration: r.registration === 1,
  reminders: JSON.parse(r.reminders) as number[],
  questions: JSON.parse(r.questions) as Question[],
});
const toRegistration = (row: Row | undefined): Registration | null => {
  const r = fromRow<Registration & { answers: string }>(row);
  return r ? { ...r, answers: JSON.parse(r.answers) as Record<string, string> } : null;
};

export type RegistrationStore = ReturnType<typeof openRegistrationStore>;

export function openRegistrationStore(db: SqlDatabase) {
  const stmt = (sql: string) => db.prepare(sql);
  const q = {
    insertOrg: stmt('INSERT INTO member_orgs (id, name, weight, created_at) VALUES (@id, @name, @weight, @createdAt)'),
    updateOrg: stmt('UPDATE member_orgs SET name = @name, weight = @weight WHERE id = @id'),
    deleteOrg: stmt('DELETE FROM member_orgs WHERE id = ?'),
    orgs: stmt('SELECT * FROM member_orgs ORDER BY name'),
    org: stmt('SELECT * FROM member_orgs WHERE id = ?'),
    insertSeries: stmt('INSERT INTO series (id, name, created_at) VALUES (@id, @name, @createdAt)'),
    series: stmt('SELECT * FROM series ORDER BY created_at DESC'),
    oneSeries: stmt('SELECT * FROM series WHERE id = ?'),
    seriesCalls: stmt('SELECT call_id FROM call_registration WHERE series_id = ?'),
    settings: stmt('SELECT * FROM call_registration WHERE call_id = ?'),
    putSettings: stmt(
      `INSERT INTO call_registration (call_id, access, registration, capacity, reminders, questions, series_id)
       VALUES (@callId, @access, @registration, @capacity, @reminders, @questions, @seriesId)
       ON CONFLICT(call_id) DO UPDATE SET access = excluded.access, registration = excluded.registration, capacity = excluded.capacity,
       reminders = excluded.reminders, questions = excluded.questions, series_id = excluded.series_id`,
    ),
    // Calls set up for registration, and calls people registered for with the default settings.
    callsTakingRegistrations: stmt('SELECT call_id FROM call_registration UNION SELECT DISTINCT call_id FROM registrations'),
    insertRegistration: stmt(
      `INSERT INTO registrations (id, call_id, series_id, name, email, org_id, answers, status, token_hash, manage_hash, link_version, created_at, confirmed_at)
       VALUES (@id, @callId, @seriesId, @name, @email, @orgId, @answers, @status, @tokenHash, @manageHash, @linkVersion, @createdAt, @confirmedAt)`,
    ),
    registration: stmt('SELECT * FROM registrations WHERE id = ?'),
    byToken: stmt('SELECT * FROM registrations WHERE token_hash = ?'),
    byManage: stmt('SELECT * FROM registrations WHERE manage_hash = ?'),
    // A call's registrations: its own, and those of its series.
    ofCall: stmt(
      `SELECT * FROM registrations WHERE call_id = @callId
       OR (series_id IS NOT NULL AND series_id = (SELECT series_id FROM call_registration WHERE call_id = @callId))
       ORDER BY created_at`,
    ),
    liveByEmail: stmt(
      `SELECT * FROM registrations WHERE status != 'cancelled' AND email = @email AND (call_id = @callId
       OR (series_id IS NOT NULL AND series_id = (SELECT series_id FROM call_registration WHERE call_id = @callId)))`,
    ),
    byEmail: stmt('SELECT * FROM registrations WHERE email = ? ORDER BY created_at'),
    setStatus: stmt('UPDATE registrations SET status = ?, confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ?'),
    cancel: stmt("UPDATE registrations SET status = 'cancelled', cancelled_at = ? WHERE id = ? AND status != 'cancelled'"),
    update: stmt('UPDATE registrations SET name = ?, org_id = ? WHERE id = ?'),
    relink: stmt('UPDATE registrations SET token_hash = ?, link_version = ?, device = NULL, identity = NULL WHERE id = ?'),
    // Binding is a compare-and-set, as for personal invitations: of two browsers racing, one wins.
    bind: stmt("UPDATE registrations SET device = ?, identity = ?, status = CASE WHEN status = 'pending' THEN 'confirmed' ELSE status END, confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ? AND device IS NULL AND status IN ('pending', 'confirmed')"),
    unbind: stmt('UPDATE registrations SET device = NULL, identity = NULL WHERE id = ? AND device = ?'),
    erase: stmt(
      "UPDATE registrations SET name = '(erased)', email = 'erased-' || id || '@invalid', answers = '{}', org_id = NULL, device = NULL, status = 'cancelled', cancelled_at = COALESCE(cancelled_at, ?) WHERE id = ?",
    ),
    retention: stmt('SELECT retention_days AS "retentionDays", purged_through AS "purgedThrough" FROM privacy_settings WHERE id = 1'),
    setRetention: stmt('UPDATE privacy_settings SET retention_days = ? WHERE id = 1'),
    setPurged: stmt('UPDATE privacy_settings SET purged_through = ? WHERE id = 1'),
  };
  const one = <T>(row: unknown) => fromRow<T>(row as Row | undefined);
  const many = <T>(rows: unknown[]) => rows.map((r) => fromRow<T>(r as Row)!);

  const waitlisted = (callId: string) => store.ofCall(callId).filter((r) => r.status === 'waitlisted');

  const store = {
    db,
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),

    orgs: () => many<MemberOrg>(q.orgs.all()),
    org: (id: string) => one<MemberOrg>(q.org.get(id)),
    createOrg: (o: MemberOrg) => void q.insertOrg.run(o),
    updateOrg: (o: Pick<MemberOrg, 'id' | 'name' | 'weight'>) => q.updateOrg.run(o).changes > 0,
    deleteOrg: (id: string) => q.deleteOrg.run(id).changes > 0,

    series: () => many<Series>(q.series.all()),
    oneSeries: (id: string) => one<Series>(q.oneSeries.get(id)),
    createSeries: (s: Series) => void q.insertSeries.run(s),
    callsOfSeries: (id: string) => (q.seriesCalls.all(id) as { call_id: string }[]).map((r) => r.call_id),

    settings: (callId: string): CallRegistrationSettings => {
      const row = one<SettingsRow>(q.settings.get(callId));
      return row ? toSettings(row) : { callId, ...DEFAULT_REGISTRATION_SETTINGS };
    },
    putSettings: (s: CallRegistrationSettings) =>
      void q.putSettings.run({ ...s, registration: s.registration ? 1 : 0, reminders: JSON.stringify(s.reminders), questions: JSON.stringify(s.questions) }),
    /** Calls with registration settings or registrations (the scheduler looks only at these). */
    callsWithRegistration: () => (q.callsTakingRegistrations.all() as { call_id: string }[]).map((r) => r.call_id),

    createRegistration: (r: Omit<Registration, 'device' | 'identity' | 'cancelledAt'>) =>
      void q.insertRegistration.run({ ...r, answers: JSON.stringify(r.answers) }),
    registration: (id: string) => toRegistration(q.registration.get(id) as Row | undefined),
    findByToken: (hash: string) => toRegistration(q.byToken.get(hash) as Row | undefined),
    findByManage: (hash: string) => toRegistration(q.byManage.get(hash) as Row | undefined),
    ofCall: (callId: string) => (q.ofCall.all({ callId }) as Row[]).map((r) => toRegistration(r)!),
    liveByEmail: (callId: string, email: string) => toRegistration(q.liveByEmail.get({ callId, email }) as Row | undefined),
    byEmail: (email: string) => (q.byEmail.all(email) as Row[]).map((r) => toRegistration(r)!),
    /**
     * People holding a place for the call (its series' registrations included): the confirmed, and
     * the pending for PENDING_HOLD_MS after they registered. A troll who registers many addresses
     * and confirms none holds the places for a day at most; then the waitlist moves up.
     */
    placesTaken: (callId: string, now: number) =>
      store.ofCall(callId).filter((r) => r.status === 'confirmed' || (r.status === 'pending' && r.createdAt > now - PENDING_HOLD_MS)).length,
    setStatus: (id: string, status: RegistrationStatus, at: number) => void q.setStatus.run(status, status === 'confirmed' ? at : null, id),
    cancel: (id: string, at: number) => q.cancel.run(at, id).changes > 0,
    update: (id: string, name: string, orgId: string | null) => void q.update.run(name, orgId, id),
    relink: (id: string, tokenHash: string, version: number) => void q.relink.run(tokenHash, version, id),
    bind: (id: string, device: string, identity: string, at: number) => q.bind.run(device, identity, at, id).changes > 0,
    unbind: (id: string, device: string) => void q.unbind.run(id, device),
    erase: (id: string, at: number) => void q.erase.run(at, id),
    /** The oldest waitlisted registration of the call, to move up when a place frees. */
    nextWaitlisted: (callId: string) => waitlisted(callId)[0] ?? null,

    retention: () => q.retention.get() as { retentionDays: number; purgedThrough: number },
    setRetention: (days: number) => void q.setRetention.run(days),
    setPurgedThrough: (at: number) => void q.setPurged.run(at),
  };
  return store;
}

// The coalition's records in the same database as the calls (migration 004; SQLite or Postgres):
// accounts, passkeys, browser sessions, setup and member invitations, API tokens, and personal
// invitations to calls. Synchronous like the call store; secrets arrive here already hashed.
import type { SqlDatabase } from '../store/sql-database';

export const ACCOUNT_ROLES = ['owner', 'organizer', 'moderator'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];
export const CALL_INVITATION_ROLES = ['host', 'moderator', 'speaker'] as const;
export type CallInvitationRole = (typeof CALL_INVITATION_ROLES)[number];

export interface Account {
  id: string;
  name: string;
  email: string;
  role: AccountRole;
  passwordHash: string | null;
  webauthnUserId: string;
  createdAt: number;
}

export interface Passkey {
  id: string;
  accountId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface AccountSession {
  tokenHash: string;
  id: string;
  accountId: string;
  csrfToken: string;
  userAgent: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface AccountInvitation {
  id: string;
  tokenHash: string;
  kind: 'setup' | 'member';
  role: AccountRole;
  name: string;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  revokedAt: number | null;
}

export interface ApiToken {
  id: string;
  tokenHash: string;
  accountId: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface CallInvitation {
  id: string;
  callId: string;
  role: CallInvitationRole;
  name: string;
  tokenHash: string;
  accountId: string | null;
  device: string | null;
  identity: string | null;
  createdBy: string | null;
  createdAt: number;
  sentAt: number;
  revokedAt: number | null;
}

/** What the console adds to a call record (migration 004 columns). */
export interface CallOwnership {
  sharedLinks: boolean;
  createdBy: string | null;
  participantInvite: string | null;
}

export type Row = Record<string, unknown>;
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
export function fromRow<T>(row: Row | undefined): T | null {
  if (!row) return null;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [camel(k), v])) as T;
}
const toPasskey = (row: Row | undefined): Passkey | null => {
  const p = fromRow<Passkey & { transports: string; publicKey: Buffer }>(row);
  return p ? { ...p, publicKey: new Uint8Array(p.publicKey), transports: JSON.parse(p.transports) as string[] } : null;
};

export type AccountStore = ReturnType<typeof openAccountStore>;

export function openAccountStore(db: SqlDatabase) {
  const one = <T>(sql: string) => {
    const stmt = db.prepare(sql);
    return (...args: unknown[]) => fromRow<T>(stmt.get(...args) as Row | undefined);
  };
  const all = <T>(sql: string) => {
    const stmt = db.prepare(sql);
    return (...args: unknown[]) => (stmt.all(...args) as Row[]).map((r) => fromRow<T>(r)!);
  };
  const run = (sql: string) => {
    const stmt = db.prepare(sql);
    return (...args: unknown[]) => stmt.run(...args).changes;
  };

  const q = {
    countAccounts: db.prepare('SELECT COUNT(*) AS n FROM accounts').pluck(),
    insertAccount: run(
      `INSERT INTO accounts (id, name, email, role, password_hash, webauthn_user_id, created_at)
       VALUES (@id, @name, @email, @role, @passwordHash, @webauthnUserId, @createdAt)`,
    ),
    deleteAccount: run('DELETE FROM accounts WHERE id = ?'),
    setRole: run('UPDATE accounts SET role = ? WHERE id = ?'),
    setPassword: run('UPDATE accounts SET password_hash = ? WHERE id = ?'),
    insertPasskey: run(
      `INSERT INTO passkeys (id, account_id, public_key, counter, transports, name, created_at)
       VALUES (@id, @accountId, @publicKey, @counter, @transports, @name, @createdAt)`,
    ),
    passkeysOf: db.prepare('SELECT * FROM passkeys WHERE account_id = ? ORDER BY created_at'),
    getPasskey: db.prepare('SELECT * FROM passkeys WHERE id = ?'),
    usePasskey: run('UPDATE passkeys SET counter = ?, last_used_at = ? WHERE id = ?'),
    deletePasskey: run('DELETE FROM passkeys WHERE id = ? AND account_id = ?'),
    insertSession: run(
      `INSERT INTO account_sessions (token_hash, id, account_id, csrf_token, user_agent, created_at, last_seen_at, expires_at)
       VALUES (@tokenHash, @id, @accountId, @csrfToken, @userAgent, @createdAt, @lastSeenAt, @expiresAt)`,
    ),
    touchSession: run('UPDATE account_sessions SET last_seen_at = ? WHERE token_hash = ?'),
    deleteSession: run('DELETE FROM account_sessions WHERE token_hash = ?'),
    deleteSessionById: run('DELETE FROM account_sessions WHERE id = ? AND account_id = ?'),
    deleteSessionsOf: run('DELETE FROM account_sessions WHERE account_id = ?'),
    deleteOtherSessions: run('DELETE FROM account_sessions WHERE account_id = ? AND token_hash != ?'),
    insertInvitation: run(
      `INSERT INTO account_invitations (id, token_hash, kind, role, name, created_by, created_at, expires_at)
       VALUES (@id, @tokenHash, @kind, @role, @name, @createdBy, @createdAt, @expiresAt)`,
    ),
    useInvitation: run('UPDATE account_invitations SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL'),
    revokeInvitation: run('UPDATE account_invitations SET revoked_at = ? WHERE id = ? AND kind = ? AND used_at IS NULL AND revoked_at IS NULL'),
    revokeSetupLinks: run("UPDATE account_invitations SET revoked_at = ? WHERE kind = 'setup' AND used_at IS NULL AND revoked_at IS NULL"),
    insertToken: run(
      'INSERT INTO api_tokens (id, token_hash, account_id, name, created_at) VALUES (@id, @tokenHash, @accountId, @name, @createdAt)',
    ),
    useToken: run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    deleteToken: run('DELETE FROM api_tokens WHERE id = ? AND account_id = ?'),
    insertCallInvitation: run(
      `INSERT INTO call_invitations (id, call_id, role, name, token_hash, account_id, created_by, created_at, sent_at)
       VALUES (@id, @callId, @role, @name, @tokenHash, @accountId, @createdBy, @createdAt, @sentAt)`,
    ),
    // Binding is a compare-and-set: of two browsers racing with one link, exactly one wins.
    bindCallInvitation: run('UPDATE call_invitations SET device = ?, identity = ? WHERE id = ? AND device IS NULL AND revoked_at IS NULL'),
    unbindCallInvitation: run('UPDATE call_invitations SET device = NULL, identity = NULL WHERE id = ? AND device = ?'),
    resendCallInvitation: run('UPDATE call_invitations SET token_hash = ?, sent_at = ? WHERE id = ? AND revoked_at IS NULL'),
    revokeCallInvitation: run('UPDATE call_invitations SET revoked_at = ? WHERE id = ? AND call_id = ? AND revoked_at IS NULL'),
    deleteCallSessions: run('DELETE FROM sessions WHERE call_id = ? AND identity = ?'),
    markCall: run('UPDATE calls SET shared_links = ?, created_by = ?, participant_invite = ? WHERE id = ?'),
    setParticipantInvite: run('UPDATE calls SET participant_invite = ? WHERE id = ?'),
    setTitle: run('UPDATE calls SET title = ? WHERE id = ?'),
    setSettings: run('UPDATE calls SET settings = ? WHERE id = ?'),
    callIds: db.prepare('SELECT id FROM calls ORDER BY COALESCE(starts_at, created_at) DESC LIMIT ?'),
    // Settings are JSON text; the passcode is looked for here rather than with each engine's JSON functions.
    withPasscode: db.prepare(`SELECT id, settings FROM calls WHERE settings LIKE '%"passcode":"%'`),
    assignedCallIds: db.prepare('SELECT DISTINCT call_id FROM call_invitations WHERE account_id = ? AND revoked_at IS NULL'),
    ownership: db.prepare('SELECT shared_links, created_by, participant_invite FROM calls WHERE id = ?'),
  };

  return {
    db,
    countAccounts: () => q.countAccounts.get() as number,
    createAccount: (a: Account) => void q.insertAccount(a),
    getAccount: one<Account>('SELECT * FROM accounts WHERE id = ?') as (id: string) => Account | null,
    findAccountByEmail: one<Account>('SELECT * FROM accounts WHERE email = ?') as (email: string) => Account | null,
    listAccounts: all<Account>('SELECT * FROM accounts ORDER BY created_at') as () => Account[],
    setRole: (id: string, role: AccountRole) => q.setRole(role, id) > 0,
    setPassword: (id: string, hash: string | null) => void q.setPassword(hash, id),
    /** Deletes the account; its sessions, passkeys and tokens go with it (ON DELETE CASCADE). */
    deleteAccount: (id: string) => q.deleteAccount(id) > 0,

    addPasskey: (p: Passkey) =>
      void q.insertPasskey({ ...p, publicKey: Buffer.from(p.publicKey), transports: JSON.stringify(p.transports) }),
    passkeysOf: (accountId: string) => (q.passkeysOf.all(accountId) as Row[]).map((r) => toPasskey(r)!),
    getPasskey: (id: string) => toPasskey(q.getPasskey.get(id) as Row | undefined),
    usePasskey: (id: string, counter: number, at: number) => void q.usePasskey(counter, at, id),
    deletePasskey: (id: string, accountId: string) => q.deletePasskey(id, accountId) > 0,

    createSession: (s: AccountSession) => void q.insertSession(s),
    findSession: one<AccountSession>('SELECT * FROM account_sessions WHERE token_hash = ?') as (hash: string) => AccountSession | null,
    sessionsOf: all<AccountSession>('SELECT * FROM account_sessions WHERE account_id = ? ORDER BY last_seen_at DESC') as (
      accountId: string,
    ) => AccountSession[],
    touchSession: (hash: string, at: number) => void q.touchSession(at, hash),
    deleteSession: (hash: string) => void q.deleteSession(hash),
    deleteSessionById: (id: string, accountId: string) => q.deleteSessionById(id, accountId) > 0,
    deleteSessionsOf: (accountId: string) => q.deleteSessionsOf(accountId),
    /** Every session of the account but the one making the request. */
    deleteOtherSessions: (accountId: string, keepTokenHash: string | null) => q.deleteOtherSessions(accountId, keepTokenHash ?? ''),

    createInvitation: (i: Omit<AccountInvitation, 'usedAt' | 'revokedAt'>) => void q.insertInvitation(i),
    findInvitation: one<AccountInvitation>('SELECT * FROM account_invitations WHERE token_hash = ?') as (
      hash: string,
    ) => AccountInvitation | null,
    pendingInvitations: all<AccountInvitation>(
      "SELECT * FROM account_invitations WHERE kind = 'member' AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at",
    ) as (now: number) => AccountInvitation[],
    /** Single use: true for the one caller that consumed it. */
    useInvitation: (id: string, at: number) => q.useInvitation(at, id) > 0,
    revokeMemberInvitation: (id: string, at: number) => q.revokeInvitation(at, id, 'member') > 0,
    revokeSetupLinks: (at: number) => void q.revokeSetupLinks(at),

    createToken: (t: Omit<ApiToken, 'lastUsedAt'>) => void q.insertToken(t),
    findToken: one<ApiToken>('SELECT * FROM api_tokens WHERE token_hash = ?') as (hash: string) => ApiToken | null,
    tokensOf: all<ApiToken>('SELECT * FROM api_tokens WHERE account_id = ? ORDER BY created_at') as (accountId: string) => ApiToken[],
    useToken: (id: string, at: number) => void q.useToken(at, id),
    deleteToken: (id: string, accountId: string) => q.deleteToken(id, accountId) > 0,

    createCallInvitation: (i: Omit<CallInvitation, 'device' | 'identity' | 'revokedAt'>) => void q.insertCallInvitation(i),
    getCallInvitation: one<CallInvitation>('SELECT * FROM call_invitations WHERE id = ?') as (id: string) => CallInvitation | null,
    findCallInvitation: one<CallInvitation>('SELECT * FROM call_invitations WHERE token_hash = ?') as (hash: string) => CallInvitation | null,
    callInvitationsOf: all<CallInvitation>('SELECT * FROM call_invitations WHERE call_id = ? ORDER BY created_at') as (
      callId: string,
    ) => CallInvitation[],
    /** The live direct assignment of this account to this call, if any. */
    assignmentOf: one<CallInvitation>(
      'SELECT * FROM call_invitations WHERE call_id = ? AND account_id = ? AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1',
    ) as (callId: string, accountId: string) => CallInvitation | null,
    liveAssignmentsOf: all<CallInvitation>('SELECT * FROM call_invitations WHERE account_id = ? AND revoked_at IS NULL') as (
      accountId: string,
    ) => CallInvitation[],
    bindCallInvitation: (id: string, device: string, identity: string) => q.bindCallInvitation(device, identity, id) > 0,
    unbindCallInvitation: (id: string, device: string) => void q.unbindCallInvitation(id, device),
    resendCallInvitation: (id: string, tokenHash: string, at: number) => q.resendCallInvitation(tokenHash, at, id) > 0,
    revokeCallInvitation: (id: string, callId: string, at: number) => q.revokeCallInvitation(at, id, callId) > 0,
    /** Ends every session this person holds in the call (their websocket hello and token refresh fail). */
    deleteCallSessions: (callId: string, identity: string) => void q.deleteCallSessions(callId, identity),

    markCall: (callId: string, o: CallOwnership) => void q.markCall(o.sharedLinks ? 1 : 0, o.createdBy, o.participantInvite, callId),
    ownership: (callId: string): CallOwnership | null => {
      const row = q.ownership.get(callId) as { shared_links: number; created_by: string | null; participant_invite: string | null } | undefined;
      return row ? { sharedLinks: row.shared_links === 1, createdBy: row.created_by, participantInvite: row.participant_invite } : null;
    },
    setParticipantInvite: (callId: string, invite: string) => void q.setParticipantInvite(invite, callId),
    setTitle: (callId: string, title: string) => void q.setTitle(title, callId),
    /** Settings as JSON (the call store parses them when it reads the call). */
    setSettings: (callId: string, settings: unknown) => void q.setSettings(JSON.stringify(settings), callId),
    /** Newest first by start (or creation) time. */
    callIds: (limit: number) => (q.callIds.all(limit) as { id: string }[]).map((r) => r.id),
    /** Calls that have a passcode (ended ones too). */
    callIdsWithPasscode: () =>
      (q.withPasscode.all() as { id: string; settings: string }[])
        .filter((r) => (JSON.parse(r.settings) as { passcode?: unknown }).passcode != null)
        .map((r) => r.id),
    callIdsAssignedTo: (accountId: string) => (q.assignedCallIds.all(accountId) as { call_id: string }[]).map((r) => r.call_id),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
  };
}

// The narrow interface the rest of the server uses. SQLite stands behind it in the embedded mode,
// Postgres when several instances serve one deployment (sql-store.ts runs the same SQL on both).
// Every method is synchronous (Postgres is reached through a worker thread, see postgres/), because
// "stored before broadcast" is easiest to keep when a write either returns or throws. What comes out is typed and
// parsed once here (settings, events, snapshots): past this boundary nobody casts or re-parses.
import type { CallSettings, CallSnapshot, Event, MemberOrg, Role } from '@caucus/shared';

/** Roles as the store keeps them on invites and sessions: the protocol's roles. */
export type StoredRole = Role;

export interface ScheduledSpeaker {
  name: string;
  bio: string;
}

/** How a call is announced. `startsAt` null = not scheduled (starts when people come). */
export interface CallSchedule {
  public: boolean;
  startsAt: number | null;
  timeZone: string | null;
  durationMin: number | null;
  description: string;
  speakers: ScheduledSpeaker[];
}

export interface CallRecord {
  id: string;
  title: string;
  /** The passcode as its argon2id hash (never sent to clients; see calls/passcodes.ts). */
  settings: CallSettings;
  createdAt: number;
  endedAt: number | null;
  schedule: CallSchedule;
  /** The participant invite in the clear, only for public calls (it is on their public page). */
  publicInvite: string | null;
}

export interface InviteRecord {
  tokenHash: string;
  callId: string;
  role: StoredRole;
  createdAt: number;
  revokedAt: number | null;
}

export interface SessionRecord {
  tokenHash: string;
  callId: string;
  identity: string;
  role: StoredRole;
  name: string;
  device: string | null;
  ipHash: string | null;
  createdAt: number;
  /** The link that minted it: a shared invite's hash, or a personal invitation's id (null: an account, or older). */
  mintedBy: string | null;
  /** When a hello, a close or an HTTP request last used it (null: never since it was minted). */
  lastSeenAt: number | null;
  revokedAt: number | null;
  /** The member organization of a registration's personal link (stored by registration). */
  org?: MemberOrg | null;
  /** Minted through a registration's personal link. */
  registered?: boolean;
}

export interface StoredEvent {
  seq: number;
  event: Event;
}

/** A stored snapshot, or why it could not be read (the log is then replayed from the start). */
export type StoredSnapshot = { seq: number; snapshot: CallSnapshot } | { seq: number; unreadable: string };

export interface Store {
  createCall(call: CallRecord, invites: InviteRecord[]): void;
  getCall(id: string): CallRecord | null;
  endCall(id: string, at: number): void;
  listOpenCalls(): CallRecord[];
  updateSchedule(id: string, schedule: CallSchedule, publicInvite: string | null): void;
  /** Public calls starting at or after `from` (soonest first) and public calls before it (newest first). */
  listPublicCalls(from: number, limit: number): { upcoming: CallRecord[]; recent: CallRecord[] };

  findInvite(tokenHash: string): InviteRecord | null;
  /** Revokes every live invite of that role and adds the new one, atomically. */
  rotateInvite(invite: InviteRecord): void;

  putSession(session: SessionRecord): void;
  findSession(tokenHash: string): SessionRecord | null;
  /** Records a use of the session (it expires after a long idle). */
  touchSession(tokenHash: string, at: number): void;
  /**
   * Revokes the live sessions of this call minted through a revoked shared link of this role,
   * except those of the identities in `keep` (the people present). Returns the identities revoked.
   */
  revokeSessionsOfRevokedLinks(callId: string, role: StoredRole, keep: ReadonlySet<string>, at: number): string[];

  /**
   * Appends events with consecutive seqs after the last stored one; throws (and stores nothing) on
   * failure. When it returns the events survive a crash of this process; flush() for power loss.
   */
  appendEvents(callId: string, events: StoredEvent[]): void;
  /** Resolves once everything written so far is on the disk (fsync); rejects if the disk refused. */
  flush(): Promise<void>;
  readEvents(callId: string, afterSeq: number, limit?: number): StoredEvent[];
  lastSeq(callId: string): number;
  saveSnapshot(callId: string, seq: number, snapshot: CallSnapshot): void;
  loadSnapshot(callId: string): StoredSnapshot | null;

  /**
   * The call's event log belongs to `epoch` from now on (the owner's fencing token, issue 16).
   * False when a higher epoch already claimed it. After a claim, appendEvents on this store object
   * checks in its transaction that the claim still holds, and throws StaleEpochError (storing
   * nothing) once a higher epoch took the log. A store that never claimed a call appends freely.
   */
  claimLog(callId: string, epoch: number): boolean;
  /** The epoch that last claimed the call's log (0: never claimed). */
  logEpoch(callId: string): number;

  /** Runs `write` in one transaction: other stores on the same database commit with the events. */
  atomically<T>(write: () => T): T;

  /** For /readyz: true when the database answers. */
  ping(): boolean;
  close(): void;
}

/** An append by an owner whose claim on the call's log was taken over by a higher epoch. */
export class StaleEpochError extends Error {
  constructor(
    readonly callId: string,
    readonly epoch: number,
    readonly current: number,
  ) {
    super(`The event log of call ${callId} belongs to epoch ${current}, not ${epoch}: this instance no longer owns the call`);
    this.name = 'StaleEpochError';
  }
}

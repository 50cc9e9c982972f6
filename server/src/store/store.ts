// The narrow interface the rest of the server uses. SQLite stands behind it today; a shared store
// (Postgres, or SQLite behind one writer) can stand behind it when several instances serve one
// deployment. Every method is synchronous because better-sqlite3 is, and because "stored before
// broadcast" is easiest to keep when a write either returns or throws.

export type StoredRole = 'host' | 'moderator' | 'speaker' | 'participant';

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
  /** JSON-serialisable settings, passcode included (never sent to clients). */
  settings: unknown;
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
}

export interface StoredEvent {
  seq: number;
  event: { type: string; at: number } & Record<string, unknown>;
}

export interface Store {
  createCall(call: CallRecord, invites: InviteRecord[]): void;
  getCall(id: string): CallRecord | null;
  updateCallSettings(id: string, settings: unknown): void;
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
  /** The newest session of this device for this call and role, to give a returning person their identity back. */
  findSessionByDevice(callId: string, device: string, role: StoredRole): SessionRecord | null;

  /**
   * Appends events with consecutive seqs after the last stored one; throws (and stores nothing) on
   * failure. When it returns the events survive a crash of this process; flush() for power loss.
   */
  appendEvents(callId: string, events: StoredEvent[]): void;
  /** Resolves once everything written so far is on the disk (fsync); rejects if the disk refused. */
  flush(): Promise<void>;
  readEvents(callId: string, afterSeq: number, limit?: number): StoredEvent[];
  lastSeq(callId: string): number;
  saveSnapshot(callId: string, seq: number, state: unknown): void;
  loadSnapshot(callId: string): { seq: number; state: unknown } | null;

  /** For /readyz: true when the database answers. */
  ping(): boolean;
  close(): void;
}

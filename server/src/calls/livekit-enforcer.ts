// Makes LiveKit match the moderation state. The core derives, for every person, the complete
// permission set they should have (or that they must not be in the room at all); this class
// applies the difference, paced, and repairs drift on webhooks and on a periodic reconcile.
//
// LiveKit facts it relies on (shared/notes/livekit-facts.md): updateParticipant replaces the whole
// permission set; revoking a source unpublishes its tracks at once; removeParticipant does not
// invalidate tokens on self-hosted LiveKit, so permissions are stripped BEFORE removal, and a
// banned identity that comes back is removed again on sight.
import { livekitPermissionFor, permissionKey, type CallState, type LivekitPermission, type PermissionChange } from '@caucus/shared';
import type { FastifyBaseLogger } from 'fastify';
import { TrackSource, type ParticipantInfo } from 'livekit-server-sdk';
import { permissionOf, type Livekit } from '../plugins/livekit';

const NO_RIGHTS: LivekitPermission = {
  canSubscribe: false,
  canPublish: false,
  canPublishData: false,
  canPublishSources: [],
  hidden: false,
};

type Job = () => Promise<void>;

/** Bulk changes (mute all, suspend) touch every participant: at most this many admin calls at once. */
const CONCURRENCY = 4;

export class LivekitEnforcer {
  /** Identities LiveKit reported in the room (webhooks and reconcile). */
  private inRoom = new Set<string>();
  /**
   * Identities we minted a LiveKit token for since this process started. Someone neither here nor
   * in `inRoom` cannot be in the room (tokens come only from us; after a restart the first
   * reconcile fills inRoom), so their changes need no admin call: a join storm would otherwise cost
   * one refused updateParticipant per arrival. The webhook on their LiveKit join enforces at once.
   */
  private tokened = new Set<string>();
  /** What we last applied successfully, per identity. */
  private applied = new Map<string, string>();
  private queue: { key: string; job: Job }[] = [];
  private queued = new Set<string>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  lastError: string | null = null;

  /** `state` reads the current moderation state: queued jobs apply what is true when they run. */
  constructor(
    private readonly livekit: Livekit,
    private readonly room: string,
    private readonly log: FastifyBaseLogger,
    private readonly state: () => CallState,
  ) {}

  /**
   * Applies the permission changes one command caused (permissionDiff). People not in LiveKit
   * right now cost one refused call at most; their token is minted from the same state anyway.
   */
  apply(changes: PermissionChange[]): void {
    for (const { identity } of changes) if (this.mayBeInRoom(identity)) this.enforceOne(identity);
  }

  /** A token was minted for this identity: from now on it may be in the LiveKit room. */
  tokenIssued(identity: string): void {
    this.tokened.add(identity);
  }

  private mayBeInRoom(identity: string): boolean {
    return this.inRoom.has(identity) || this.tokened.has(identity);
  }

  /** The call ended: everyone out at once (deleting the room disconnects every participant). */
  endRoom(): void {
    this.enqueue('end', async () => {
      try {
        await this.livekit.rooms.deleteRoom(this.room);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.inRoom.clear();
      this.applied.clear();
    });
  }

  /** LiveKit says this identity joined (webhook): enforce at once, which removes banned people on sight. */
  joined(identity: string): void {
    this.inRoom.add(identity);
    this.applied.delete(identity); // a new session starts with its token's grants, not ours
    this.enforceOne(identity);
  }

  left(identity: string): void {
    this.inRoom.delete(identity);
    this.applied.delete(identity);
  }

  /** Removes a person from the LiveKit room: strip every right first, then remove. */
  kick(identity: string, reason: string): void {
    this.enqueue(`kick:${identity}`, async () => {
      try {
        await this.livekit.setPermission(this.room, identity, NO_RIGHTS);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      try {
        await this.livekit.rooms.removeParticipant(this.room, identity);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.log.info({ room: this.room, identity, reason }, 'removed from LiveKit');
      this.left(identity);
    });
  }

  /** Soft mute: mutes their microphone track; they may unmute themselves (LiveKit allows it). */
  muteMicrophone(identity: string): void {
    this.enqueue(`mute:${identity}`, async () => {
      let info: ParticipantInfo;
      try {
        info = await this.livekit.rooms.getParticipant(this.room, identity);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      for (const track of info.tracks) {
        if (track.source === TrackSource.MICROPHONE && !track.muted) {
          await this.livekit.rooms.mutePublishedTrack(this.room, identity, track.sid, true);
        }
      }
    });
  }

  /**
   * Compares LiveKit's view with ours and repairs drift: a missed webhook, a LiveKit restart, our own
   * restart. People LiveKit has but we would not admit are removed; wrong permissions are re-applied.
   */
  async reconcile(): Promise<void> {
    let participants: ParticipantInfo[];
    try {
      participants = await this.livekit.rooms.listParticipants(this.room);
      this.lastError = null;
    } catch (err) {
      if (isNotFound(err)) participants = [];
      else {
        this.lastError = (err as Error).message;
        return;
      }
    }
    this.inRoom = new Set(participants.map((p) => p.identity));
    const state = this.state();
    for (const info of participants) {
      const desired = livekitPermissionFor(state, info.identity);
      if (!desired) {
        this.kick(info.identity, 'not admitted (reconcile)');
        continue;
      }
      const actual = permissionKey(permissionOf(info) ?? NO_RIGHTS);
      this.applied.set(info.identity, actual);
      if (actual !== permissionKey(desired)) {
        this.log.info({ room: this.room, identity: info.identity }, 'reconcile: permission drift repaired');
        this.enforceOne(info.identity);
      }
    }
  }

  /** Resolves when every queued LiveKit call has finished (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private enforceOne(identity: string): void {
    const desired = livekitPermissionFor(this.state(), identity);
    if (!desired) {
      this.kick(identity, 'not admitted');
      return;
    }
    if (this.applied.get(identity) === permissionKey(desired)) return;
    // Keyed by identity: while a change is queued, later ones fold into it (it applies the latest state).
    this.enqueue(`perm:${identity}`, async () => {
      const latest = livekitPermissionFor(this.state(), identity);
      if (!latest) return this.kick(identity, 'not admitted');
      const key = permissionKey(latest);
      if (this.applied.get(identity) === key) return;
      try {
        await this.livekit.setPermission(this.room, identity, latest);
        this.applied.set(identity, key);
      } catch (err) {
        if (isNotFound(err)) return this.left(identity);
        throw err;
      }
    });
  }

  private enqueue(key: string, job: Job): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push({ key, job });
    this.pump();
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.queue.length > 0) {
      const { key, job } = this.queue.shift()!;
      this.queued.delete(key);
      this.running += 1;
      job()
        .catch((err: Error) => {
          // Left for the periodic reconcile to retry: LiveKit may be restarting or unreachable.
          this.lastError = err.message;
          this.log.warn({ room: this.room, key, err: err.message }, 'LiveKit call failed; the reconcile will retry');
        })
        .finally(() => {
          this.running -= 1;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) {
            for (const resolve of this.idleWaiters.splice(0)) resolve();
          }
        });
    }
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { status?: number; code?: string; message?: string };
  return e?.status === 404 || e?.code === 'not_found' || /not found|does not exist/i.test(e?.message ?? '');
}

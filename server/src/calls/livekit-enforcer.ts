// Makes LiveKit match the moderation state. The core derives, for every person, the complete
// permission set they should have (or that they must not be in the room at all); this class
// applies the difference, paced, and repairs drift on webhooks and on a periodic reconcile.
//
// LiveKit facts it relies on (shared/notes/livekit-facts.md): updateParticipant replaces the whole
// permission set; revoking a source unpublishes its tracks at once; removeParticipant does not
// invalidate tokens on self-hosted LiveKit, so permissions are stripped BEFORE removal, and a
// banned identity that comes back is removed again on sight.
import { livekitPermissionFor, permissionKey, presentCount, type CallState, type LivekitPermission, type PermissionChange } from '@caucus/shared';
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

/** What every participant token carries (deny by default): listen, publish nothing. */
export const AUDIENCE_GRANT: LivekitPermission = { ...NO_RIGHTS, canSubscribe: true };

type Job = () => Promise<void>;

/** Bulk changes (mute all, suspend) touch every participant: at most this many admin calls at once. */
const CONCURRENCY = 4;

/** When to look for a participant a token was minted for, if no webhook said it joined (ms after minting). */
const FOLLOW_UP_MS = [700, 2000, 5000, 12_000];

/** How long a createRoom is trusted before the next token checks again. */
const ROOM_RECHECK_MS = 5_000;

/** How LiveKit keeps our rooms (we create them: the server runs with room.auto_create false). */
const ROOM_OPTIONS = { emptyTimeout: 300, departureTimeout: 20 };

/**
 * Whether going from `current` to `next` only takes rights away: such a change (and every kick)
 * goes in the urgent lane, ahead of routine grants, so a bot storm's permission updates cannot
 * delay a ban or a silence.
 */
export function isRevocation(next: LivekitPermission, current: LivekitPermission | undefined): boolean {
  if (!next.canPublish) return true;
  if (!current?.canPublish) return false;
  return next.canPublishSources.every((s) => current.canPublishSources.includes(s)) && (current.canSubscribe || !next.canSubscribe);
}

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
  /** What LiveKit holds, per identity: what it reported (webhook, reconcile) or we last applied. */
  private applied = new Map<string, LivekitPermission>();
  /** Two lanes: kicks and revocations first, then routine grants. */
  private urgent: { key: string; job: Job }[] = [];
  private routine: { key: string; job: Job }[] = [];
  /** Queued keys, and whether in the urgent lane. */
  private queued = new Map<string, boolean>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  private roomReady: Promise<void> | null = null;
  private roomCheckedAt = 0;
  lastError: string | null = null;
  private stopped = false;
  /** Admin calls skipped because LiveKit already held the permission (tests, metrics). */
  skipped = 0;

  /** `state` reads the current moderation state: queued jobs apply what is true when they run. */
  constructor(
    private readonly livekit: Livekit,
    private readonly room: string,
    private readonly log: FastifyBaseLogger,
    private readonly state: () => CallState,
  ) {}

  /**
   * Creates the LiveKit room before a token is minted for it: at most once per ROOM_RECHECK_MS
   * (createRoom is idempotent), so a join storm costs few calls and a LiveKit that restarted
   * empty gets the room back with the next token.
   */
  ensureRoom(): Promise<void> {
    if (this.roomReady && Date.now() - this.roomCheckedAt < ROOM_RECHECK_MS) return this.roomReady;
    this.roomCheckedAt = Date.now();
    this.roomReady = this.livekit.rooms.createRoom({ name: this.room, ...ROOM_OPTIONS }).then(
      () => undefined,
      (err: Error) => {
        this.roomReady = null;
        throw err;
      },
    );
    return this.roomReady;
  }

  /** LiveKit closed the room (room_finished: empty for a while, or deleted). */
  roomFinished(): void {
    this.roomReady = null;
    this.inRoom.clear();
    this.applied.clear();
  }

  /** Jobs waiting to run (both lanes). */
  get pending(): number {
    return this.urgent.length + this.routine.length;
  }

  /**
   * Applies the permission changes one command caused (permissionDiff). People not in LiveKit
   * right now cost one refused call at most; their token is minted from the same state anyway.
   */
  apply(changes: PermissionChange[]): void {
    // People LiveKit reported in the room first: when one decision touches hundreds (the raid
    // shield), the few really in the room are not kept waiting behind calls for people who only
    // hold a token (each costs a refused call; their join webhook enforces at once anyway).
    for (const { identity } of changes) if (this.inRoom.has(identity)) this.enforceOne(identity);
    for (const { identity } of changes) if (!this.inRoom.has(identity) && this.tokened.has(identity)) this.enforceOne(identity);
  }

  /**
   * A token was minted for this identity: from now on it may be in the LiveKit room. Its rights
   * arrive when the participant_joined webhook says it is there; should that webhook be late or
   * lost (or webhooks not configured), we look for it ourselves a few times.
   */
  tokenIssued(identity: string): void {
    this.tokened.add(identity);
    this.followUp(identity, 0);
  }

  private followUp(identity: string, step: number): void {
    const delay = FOLLOW_UP_MS[step];
    if (delay === undefined) return;
    setTimeout(() => {
      if (this.inRoom.has(identity) || !livekitPermissionFor(this.state(), identity)) return;
      this.enqueue(`look:${identity}`, false, async () => {
        if (this.inRoom.has(identity)) return;
        let info: ParticipantInfo;
        try {
          info = await this.livekit.rooms.getParticipant(this.room, identity);
        } catch (err) {
          if (isNotFound(err)) return this.followUp(identity, step + 1);
          throw err;
        }
        this.joined(identity, permissionOf(info));
      });
    }, delay).unref();
  }

  private mayBeInRoom(identity: string): boolean {
    return this.inRoom.has(identity) || this.tokened.has(identity);
  }

  /** The call ended: everyone out at once (deleting the room disconnects every participant). */
  endRoom(): void {
    this.roomReady = Promise.reject(new Error('the call has ended'));
    this.roomReady.catch(() => undefined);
    this.enqueue('end', true, async () => {
      try {
        await this.livekit.rooms.deleteRoom(this.room);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      this.inRoom.clear();
      this.applied.clear();
    });
  }


  /**
   * LiveKit says this identity joined or published (webhook), holding `reported` (null: unknown).
   * Enforce at once: banned people are removed on sight, and a reconnect with a token LiveKit
   * refreshed while its holder had more rights is stripped to what the state gives now.
   */
  joined(identity: string, reported: LivekitPermission | null = null): void {
    this.inRoom.add(identity);
    // A new session starts with its token's grants, not ours.
    if (reported) this.applied.set(identity, reported);
    else this.applied.delete(identity);
    this.enforceOne(identity);
  }

  left(identity: string): void {
    this.inRoom.delete(identity);
    this.applied.delete(identity);
  }

  /** Removes a person from the LiveKit room: strip every right first, then remove. */
  kick(identity: string, reason: string): void {
    this.enqueue(`kick:${identity}`, true, async () => {
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
    this.enqueue(`mute:${identity}`, true, async () => {
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
    if (participants.length === 0 && presentCount(state) > 0) {
      // Nobody in LiveKit while people are in the call: LiveKit may have lost the room (a
      // restart). Create it again (idempotent) so they can reconnect with their tokens.
      this.roomReady = null;
      await this.ensureRoom().catch((e: Error) => (this.lastError = e.message));
    }
    for (const info of participants) {
      const desired = livekitPermissionFor(state, info.identity);
      if (!desired) {
        this.kick(info.identity, 'not admitted (reconcile)');
        continue;
      }
      const actual = permissionOf(info) ?? NO_RIGHTS;
      this.applied.set(info.identity, actual);
      if (permissionKey(actual) !== permissionKey(desired)) {
        this.log.info({ room: this.room, identity: info.identity }, 'reconcile: permission drift repaired');
        this.enforceOne(info.identity);
      }
    }
  }

  /** Resolves when every queued LiveKit call has finished (tests, shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private enforceOne(identity: string): void {
    const desired = livekitPermissionFor(this.state(), identity);
    if (!desired) {
      this.kick(identity, 'not admitted');
      return;
    }
    const current = this.applied.get(identity);
    if (current && permissionKey(current) === permissionKey(desired)) {
      this.skipped += 1;
      return;
    }
    // Keyed by identity: while a change is queued, later ones fold into it (it applies the latest
    // state); a revocation moves a queued routine change to the urgent lane.
    this.enqueue(`perm:${identity}`, isRevocation(desired, current), async () => {
      const latest = livekitPermissionFor(this.state(), identity);
      if (!latest) return this.kick(identity, 'not admitted');
      const held = this.applied.get(identity);
      if (held && permissionKey(held) === permissionKey(latest)) {
        this.skipped += 1;
        return;
      }
      try {
        await this.livekit.setPermission(this.room, identity, latest);
        this.applied.set(identity, latest);
      } catch (err) {
        if (isNotFound(err)) return this.left(identity);
        throw err;
      }
    });
  }

  /**
   * Another instance owns the call now (cluster mode): queued changes are dropped (they would apply
   * this instance's stale view) and nothing new is queued; the new owner's enforcer takes over.
   */
  stop(): void {
    this.stopped = true;
    this.urgent = [];
    this.routine = [];
    this.queued.clear();
  }

  private enqueue(key: string, urgent: boolean, job: Job): void {
    if (this.stopped) return;
    const queued = this.queued.get(key);
    if (queued !== undefined) {
      if (!urgent || queued) return;
      // Promote: the same job, now ahead of the routine lane.
      const at = this.routine.findIndex((q) => q.key === key);
      if (at >= 0) this.routine.splice(at, 1);
    }
    this.queued.set(key, urgent);
    (urgent ? this.urgent : this.routine).push({ key, job });
    this.pump();
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.pending > 0) {
      const { key, job } = (this.urgent.length > 0 ? this.urgent : this.routine).shift()!;
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
          if (this.running === 0 && this.pending === 0) {
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

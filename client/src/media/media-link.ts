// The LiveKit side of the bridge: connects the Room when the moderation state says we are in,
// maps its connection events into the store, reconnects with a fresh token after a drop it could
// not repair itself (never after a removal). When the server grants the right to publish, a device
// starts only if the person chose it for that situation (media/consent.ts): a grant is a
// permission, never a switch.
import { allowsSource, type MemberStatus } from '@caucus/shared';
import { ConnectionState, DisconnectReason, ParticipantEvent, Room, RoomEvent } from 'livekit-client';
import { ApiError } from '../lib/api';
import type { MediaChoices } from '../lib/saved-session';
import { backoffDelay } from '../protocol/socket';
import { startsOnGrant, type Device } from './consent';
import type { CallStore } from '../protocol/store';
import type { GoneReason, LivekitCredentials } from '../protocol/view';

// LiveKit's protocol TrackSource numbers (ParticipantPermission.canPublishSources).
const SOURCE_CAMERA = 1;
const SOURCE_MICROPHONE = 2;

/** The part of LiveKit's ParticipantPermission that decides publishing (sources are protocol numbers). */
type Perms = { canPublish: boolean; canPublishSources: readonly number[] } | undefined;

export function mayPublish(perms: Perms, source: number): boolean {
  return perms !== undefined && allowsSource(perms, source);
}

/**
 * Disconnect reasons after which reconnecting would be wrong, and what they mean for the person.
 * Someone the raid shield moved to the lobby is removed from the media room but is still in the
 * call (the lobby snapshot came first on the moderation socket): for them it is like leaving it.
 */
export function terminalDisconnect(reason: DisconnectReason | undefined, status?: MemberStatus): GoneReason | 'client' | null {
  switch (reason) {
    case DisconnectReason.PARTICIPANT_REMOVED:
      return status === 'lobby' ? 'client' : 'removed';
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'replaced';
    case DisconnectReason.ROOM_DELETED:
      return 'call_ended';
    case DisconnectReason.CLIENT_INITIATED:
      return 'client';
    default:
      return null;
  }
}

export interface MediaLinkDeps {
  store: CallStore;
  room: Room;
  media: MediaChoices;
  /** A fresh token (POST /token); throws ApiError 403 when we may not be in the room. */
  freshToken: () => Promise<LivekitCredentials>;
}

export class MediaLink {
  private wanted = false;
  private connecting = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: MediaLinkDeps) {
    const { room, store } = deps;
    room
      .on(RoomEvent.ConnectionStateChanged, (state) => {
        if (state === ConnectionState.Connected) store.dispatch({ type: 'media', status: { state: 'connected' } });
        if (state === ConnectionState.Reconnecting || state === ConnectionState.SignalReconnecting) {
          store.dispatch({ type: 'media', status: { state: 'reconnecting' } });
        }
      })
      .on(RoomEvent.Disconnected, (reason) => this.handleDisconnected(reason))
      .on(RoomEvent.MediaDevicesError, (err) =>
        store.dispatch({ type: 'notice', kind: 'error', text: `Camera or microphone problem: ${err.message}` }),
      );
    room.localParticipant.on(ParticipantEvent.ParticipantPermissionsChanged, (prev) => this.syncPublishing(prev));
  }

  /** Called whenever the moderation state changes: be in the room exactly when admitted. */
  setWanted(wanted: boolean): void {
    this.wanted = wanted && !this.stopped;
    if (this.wanted && this.deps.room.state === ConnectionState.Disconnected && !this.connecting && !this.retryTimer) void this.connect();
    if (!this.wanted && this.deps.room.state !== ConnectionState.Disconnected) void this.deps.room.disconnect();
  }

  stop(): void {
    this.stopped = true;
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.deps.room.disconnect();
  }

  private async connect(): Promise<void> {
    const { store, room } = this.deps;
    this.connecting = true;
    store.dispatch({ type: 'media', status: { state: 'connecting' } });
    try {
      // A token handed over by the join or the admission is used once; later (re)connects and
      // reloads ask for a fresh one with the rights we have now.
      const given = store.getSnapshot().livekit;
      store.dispatch({ type: 'livekit', livekit: null });
      const creds = given ?? (await this.deps.freshToken());
      if (!this.wanted) return;
      // Subscriptions are chosen by media/subscriptions.ts (every voice; cameras the screen shows).
      await room.connect(creds.url, creds.token, { autoSubscribe: false });
      this.attempt = 0;
      store.dispatch({ type: 'media', status: { state: 'connected' } });
      this.syncPublishing(undefined);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'banned' || err.code === 'call_ended')) {
        // The socket's close code will say why; never ask again.
        this.stopped = true;
        this.wanted = false;
        store.dispatch({ type: 'media', status: { state: 'stopped', message: err.message } });
        return;
      }
      this.scheduleRetry(err instanceof Error ? err.message : String(err));
    } finally {
      this.connecting = false;
    }
  }

  private handleDisconnected(reason: DisconnectReason | undefined): void {
    const { store } = this.deps;
    const terminal = terminalDisconnect(reason, store.getSnapshot().you?.status);
    if (terminal === 'client') {
      store.dispatch({ type: 'media', status: { state: 'idle' } });
      return;
    }
    if (terminal) {
      // Removed by the server: never reconnect on our own. The socket's close code says why.
      this.stopped = true;
      this.wanted = false;
      store.dispatch({ type: 'media', status: { state: 'stopped', message: terminal } });
      store.dispatch({ type: 'gone', reason: terminal });
      return;
    }
    if (this.wanted) this.scheduleRetry('the media connection dropped');
  }

  private scheduleRetry(message: string): void {
    if (!this.wanted || this.stopped) return;
    this.attempt += 1;
    const delay = backoffDelay(this.attempt);
    this.deps.store.dispatch({ type: 'media', status: { state: 'retrying', message } });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.wanted && this.deps.room.state === ConnectionState.Disconnected) void this.connect();
    }, delay);
  }

  /**
   * Starts what just became allowed AND was chosen for this situation (consent.ts). Revocations
   * need nothing here: LiveKit unpublishes on the server's side.
   */
  private syncPublishing(prev: Perms): void {
    const { room, media, store } = this.deps;
    if (room.state !== ConnectionState.Connected) return;
    const lp = room.localParticipant;
    const now = lp.permissions;
    const view = store.getSnapshot();
    if (!view.you) return;
    const situation = { role: view.you.role, onFloor: view.state?.floor?.identity === view.you.identity };
    const starts = (source: number, device: Device) => mayPublish(now, source) && !mayPublish(prev, source) && startsOnGrant(device, media, situation);
    if (starts(SOURCE_MICROPHONE, 'microphone')) {
      lp.setMicrophoneEnabled(true, media.audioDeviceId ? { deviceId: media.audioDeviceId } : undefined).catch((err: Error) =>
        this.deps.store.dispatch({ type: 'notice', kind: 'error', text: `Could not start your microphone: ${err.message}` }),
      );
    }
    if (starts(SOURCE_CAMERA, 'camera')) {
      lp.setCameraEnabled(true, media.videoDeviceId ? { deviceId: media.videoDeviceId } : undefined).catch((err: Error) =>
        this.deps.store.dispatch({ type: 'notice', kind: 'error', text: `Could not start your camera: ${err.message}` }),
      );
    }
  }
}

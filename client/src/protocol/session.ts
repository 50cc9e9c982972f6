// One call, one session: the moderation socket, the LiveKit room and the store, wired together.
// This is the only place where event sources meet React state (through CallStore).
import type { CallState } from '@caucus/shared';
import { Room } from 'livekit-client';
import { refreshLivekitToken } from '../lib/api';
import { clearSession, type SavedSession } from '../lib/saved-session';
import { MediaLink } from '../media/media-link';
import { Subscriptions } from '../media/subscriptions';
import { voicesAllowed } from '../media/voices';
import { commandErrorText } from './command-text';
import { CaucusSocket, CommandError, type OutgoingCommand } from './socket';
import { CallStore } from './store';
import { initialView, phaseOf, type LivekitCredentials } from './view';

export class CallSession {
  readonly store: CallStore;
  readonly room: Room;
  private readonly socket: CaucusSocket;
  private readonly media: MediaLink;
  readonly subscriptions: Subscriptions;
  /** The cameras the conversation gallery shows now (null until it has rendered). */
  private galleryVideo: ReadonlySet<string> | null = null;
  private unsubscribe: (() => void) | null = null;
  private voices: { state: CallState; allowed: ReadonlySet<string> } | null = null;
  private readonly onOnline = () => this.socket.reconnectNow();

  constructor(
    readonly saved: SavedSession,
    livekit: LivekitCredentials | null,
  ) {
    this.store = new CallStore(initialView(livekit));
    this.room = new Room({
      adaptiveStream: true,
      dynacast: true,
      stopLocalTrackOnUnpublish: true,
      audioCaptureDefaults: saved.media.audioDeviceId ? { deviceId: saved.media.audioDeviceId } : {},
      videoCaptureDefaults: saved.media.videoDeviceId ? { deviceId: saved.media.videoDeviceId } : {},
    });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.socket = new CaucusSocket({
      url: `${scheme}://${location.host}/api/calls/${encodeURIComponent(saved.callId)}/ws`,
      sessionToken: saved.sessionToken,
      lastSeq: () => this.store.getSnapshot().seq,
      onFrame: (frame) => this.store.dispatch({ type: 'frame', frame, receivedAt: Date.now() }),
      onStatus: (status) => this.store.dispatch({ type: 'socket', status }),
      onBadFrame: (message) => this.store.dispatch({ type: 'notice', kind: 'error', text: `Unreadable message from the server: ${message}` }),
    });
    this.subscriptions = new Subscriptions(this.room);
    this.media = new MediaLink({
      store: this.store,
      room: this.room,
      media: saved.media,
      freshToken: () => refreshLivekitToken(saved.callId, saved.sessionToken),
    });
  }

  start(): void {
    this.unsubscribe = this.store.subscribe(() => this.reconcile());
    window.addEventListener('online', this.onOnline);
    this.socket.connect();
  }

  stop(reason: 'bye' | 'leave' = 'bye'): void {
    this.unsubscribe?.();
    window.removeEventListener('online', this.onOnline);
    this.socket.stop(reason);
    this.media.stop();
  }

  /** Leaving on purpose: the server lets go at once; the session is forgotten so a reload shows the join screen. */
  leave(): void {
    clearSession(this.saved.callId);
    this.store.dispatch({ type: 'gone', reason: 'left' });
    this.stop('leave');
  }

  /** For tests and the debug hook: drop both connections as a network failure would. */
  dropConnection(): void {
    this.socket.reconnectNow();
  }

  /**
   * Sends a command. Success shows `success` (if given) as a toast; a refusal is always shown,
   * with the server's reason. Resolves to whether the command was accepted.
   */
  async command(command: OutgoingCommand, success?: string): Promise<boolean> {
    try {
      await this.socket.send(command);
      if (success) this.store.dispatch({ type: 'notice', kind: 'success', text: success });
      return true;
    } catch (err) {
      const e = err instanceof CommandError ? err : new CommandError('internal', String(err));
      this.store.dispatch({ type: 'notice', kind: 'error', text: commandErrorText(command.type, e) });
      return false;
    }
  }

  /**
   * A secret ballot: sent without a timeout (it waits in the server's ballot box until a batch is
   * sealed); the view shows it waiting until `ballot_sealed` or a refusal comes back.
   */
  castSecretBallot(voteId: string, choices: number[]): void {
    const ref = this.socket.sendUnawaited({ type: 'cast_ballot', voteId, choices });
    if (ref === null) return this.store.dispatch({ type: 'notice', kind: 'error', text: 'Not connected to the call right now; try again in a moment.' });
    this.store.dispatch({ type: 'ballot_waiting', voteId, ref });
  }

  /** Asks the server for the raid shield's review list (staff); false when not connected. */
  requestReview(): boolean {
    return this.socket.requestReview();
  }

  /** The conversation gallery says which cameras it shows (its page, the floor-holder, the active speaker). */
  setGalleryVideo(identities: ReadonlySet<string>): void {
    this.galleryVideo = identities;
    this.reconcile();
  }

  /** The voices to receive, derived once per state (the store hands the same object until an event). */
  private voicesOf(state: CallState): ReadonlySet<string> {
    if (this.voices?.state !== state) this.voices = { state, allowed: voicesAllowed(state) };
    return this.voices.allowed;
  }

  /** Side effects of the view: be in the LiveKit room exactly while admitted; forget a dead session. */
  private reconcile(): void {
    const view = this.store.getSnapshot();
    const phase = phaseOf(view);
    this.media.setWanted(phase.state === 'call' && isOpen(phase.call));
    // On stage only the stage can publish a camera: receive them all. In a conversation, only
    // the cameras the gallery shows.
    const conversation = phase.state === 'call' && phase.call.settings.format === 'conversation';
    this.subscriptions.setWanted(conversation ? (this.galleryVideo ?? NO_VIDEO) : 'all');
    if (phase.state === 'call') this.subscriptions.setVoices(this.voicesOf(phase.call));
    if (phase.state === 'gone') {
      if (phase.reason !== 'replaced') clearSession(this.saved.callId);
      this.media.stop();
    }
  }
}

const NO_VIDEO: ReadonlySet<string> = new Set();

function isOpen(state: CallState): boolean {
  return state.status === 'open';
}

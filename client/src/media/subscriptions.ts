// Which remote tracks this browser receives. The room connects with autoSubscribe off and this
// decides: the voices (microphones, screen-share audio) of the people the moderation state lets
// speak (voices.ts) and every screen share, always; cameras
// only of the people wanted. On stage that is everyone (only the stage can publish a camera); in a
// conversation of 200 people the gallery names the tiles it shows (at most GALLERY_TILES), so a
// phone never receives 200 video streams. Off-page cameras are unsubscribed in LiveKit, not merely
// hidden, so the SFU stops sending them.
import { Room, RoomEvent, Track, type RemoteParticipant, type RemoteTrackPublication } from 'livekit-client';

/** 'all', or the identities whose camera to receive. */
export type VideoWanted = 'all' | ReadonlySet<string>;

/** 'all', or the identities whose voice to receive (voicesAllowed). */
export type VoicesWanted = 'all' | ReadonlySet<string>;

export function wantsTrack(source: Track.Source, identity: string, wanted: VideoWanted, voices: VoicesWanted = 'all'): boolean {
  if (source === Track.Source.Microphone || source === Track.Source.ScreenShareAudio) return voices === 'all' || voices.has(identity);
  if (source !== Track.Source.Camera) return true;
  return wanted === 'all' || wanted.has(identity);
}

export function sameWanted(a: VideoWanted, b: VideoWanted): boolean {
  if (a === 'all' || b === 'all') return a === b;
  if (a.size !== b.size) return false;
  for (const id of a) if (!b.has(id)) return false;
  return true;
}

export class Subscriptions {
  private wanted: VideoWanted = 'all';
  private voices: VoicesWanted = 'all';

  constructor(private readonly room: Room) {
    room
      .on(RoomEvent.TrackPublished, (pub, participant) => this.applyOne(pub, participant.identity))
      .on(RoomEvent.ParticipantConnected, (participant) => this.applyParticipant(participant))
      .on(RoomEvent.Connected, () => this.applyAll())
      .on(RoomEvent.Reconnected, () => this.applyAll());
  }

  setWanted(wanted: VideoWanted): void {
    if (sameWanted(this.wanted, wanted)) return;
    this.wanted = wanted;
    this.applyAll();
  }

  setVoices(voices: VoicesWanted): void {
    if (sameWanted(this.voices, voices)) return;
    this.voices = voices;
    this.applyAll();
  }

  /** How many cameras this browser asked LiveKit for right now (tests and the debug hook). */
  subscribedCameras(): string[] {
    const ids: string[] = [];
    for (const p of this.room.remoteParticipants.values()) {
      for (const pub of p.trackPublications.values()) if (pub.source === Track.Source.Camera && pub.isDesired) ids.push(p.identity);
    }
    return ids.sort();
  }

  private applyAll(): void {
    for (const p of this.room.remoteParticipants.values()) this.applyParticipant(p);
  }

  private applyParticipant(p: RemoteParticipant): void {
    for (const pub of p.trackPublications.values()) this.applyOne(pub, p.identity);
  }

  private applyOne(pub: RemoteTrackPublication, identity: string): void {
    const want = wantsTrack(pub.source, identity, this.wanted, this.voices);
    if (pub.isDesired !== want) pub.setSubscribed(want);
  }
}

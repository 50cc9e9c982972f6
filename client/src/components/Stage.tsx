// The stage: guest speakers, the current floor-holder, and hosts or moderators who publish, as
// large tiles. Media comes from LiveKit's own components; who is on stage comes from our state.
import { initials } from '../lib/format';
import { useSpeakingParticipants, useTracks, VideoTrack } from '@livekit/components-react';
import type { CallState, Identity } from '@caucus/shared';
import { Track } from 'livekit-client';
import type { TrackReference } from '@livekit/components-core';

interface StageTile {
  identity: Identity;
  name: string;
  label: string;
  camera: TrackReference | undefined;
  micOn: boolean;
  floor: boolean;
}

export function stageIdentities(call: CallState, publishing: ReadonlySet<string>): Identity[] {
  const ids: Identity[] = [];
  for (const m of call.members.values()) {
    if (m.status !== 'present') continue;
    const onStage = m.role === 'speaker' || call.floor?.identity === m.identity || ((m.role === 'host' || m.role === 'moderator') && publishing.has(m.identity));
    if (onStage) ids.push(m.identity);
  }
  // The floor-holder first, then speakers, then staff; by name within each.
  const rank = (id: Identity) => (call.floor?.identity === id ? 0 : call.members.get(id)?.role === 'speaker' ? 1 : 2);
  return ids.sort((a, b) => rank(a) - rank(b) || (call.members.get(a)!.name < call.members.get(b)!.name ? -1 : 1));
}

export function Stage({ call, you }: { call: CallState; you: Identity }) {
  const tracks = useTracks([Track.Source.Camera, Track.Source.Microphone], { onlySubscribed: false });
  const speaking = new Set(useSpeakingParticipants().map((p) => p.identity));
  const publishing = new Set(tracks.filter((t) => !t.publication.isMuted).map((t) => t.participant.identity));
  const tiles: StageTile[] = stageIdentities(call, publishing).map((identity) => {
    const m = call.members.get(identity)!;
    const camera = tracks.find((t) => t.participant.identity === identity && t.source === Track.Source.Camera && !t.publication.isMuted);
    const mic = tracks.find((t) => t.participant.identity === identity && t.source === Track.Source.Microphone);
    const floor = call.floor?.identity === identity;
    return {
      identity,
      name: m.name,
      label: floor ? 'Has the floor' : m.role === 'speaker' ? 'Guest speaker' : m.role === 'host' ? 'Host' : 'Moderator',
      camera,
      micOn: !!mic && !mic.publication.isMuted,
      floor,
    };
  });

  return (
    <section className="stage" aria-label="Stage">
      {tiles.length === 0 ? (
        <p className="stage-empty">Nobody is on stage yet.</p>
      ) : (
        <ul className={`tiles tiles-${Math.min(tiles.length, 4)}`}>
          {tiles.map((t) => (
            <li
              key={t.identity}
              className={`tile${speaking.has(t.identity) ? ' tile-speaking' : ''}${t.floor ? ' tile-floor' : ''}`}
              data-testid="stage-tile"
              data-identity={t.identity}
              data-speaking={speaking.has(t.identity) ? 'true' : 'false'}
            >
              {t.camera ? (
                <VideoTrack trackRef={t.camera} className="tile-video" aria-label={`Video of ${t.name}`} />
              ) : (
                <div className="tile-avatar" aria-hidden="true">
                  {initials(t.name)}
                </div>
              )}
              <div className="tile-caption">
                <span className="tile-name">
                  {t.name}
                  {t.identity === you ? ' (you)' : ''}
                </span>
                <span className="tile-label">{t.label}</span>
                <span className={t.micOn ? 'tile-mic' : 'tile-mic tile-mic-off'}>{t.micOn ? (speaking.has(t.identity) ? 'Speaking' : 'Mic on') : 'Mic off'}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

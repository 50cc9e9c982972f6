// THE tile, for the stage (main view and strip) and the conversation gallery alike: video (camera
// or a shared screen) or initials, the name with its suffix, what the person is, their microphone,
// a weak connection when there is one, a pin on the stage and a volume on the main tile. Media
// comes from LiveKit's components; who the person is comes from our state.
import { VideoTrack } from '@livekit/components-react';
import type { TrackReference } from '@livekit/components-core';
import { initials } from '../lib/format';
import { ConnectionQuality } from './ConnectionQuality';
import { VolumeControl } from './VolumeControl';

export type TileSize = 'main' | 'strip' | 'grid';

export interface TileModel {
  identity: string;
  /** The shown name (with its suffix when two people share it). */
  name: string;
  /** "Has the floor", "Guest speaker", "Host"...; null for a participant in the gallery. */
  label: string | null;
  video: TrackReference | undefined;
  /** A shared screen rather than a camera. */
  screen: boolean;
  micOn: boolean;
  speaking: boolean;
  floor: boolean;
  you: boolean;
}

export function ParticipantTile({
  tile,
  size,
  pinned = false,
  onPin,
  testId,
}: {
  tile: TileModel;
  size: TileSize;
  pinned?: boolean;
  /** Offered on the stage: pin this tile to the main view (or unpin it). */
  onPin?: () => void;
  testId: string;
}) {
  const t = tile;
  const what = t.screen ? `Screen shared by ${t.name}` : `Video of ${t.name}`;
  return (
    <li
      className={`tile tile-${size}${t.speaking ? ' tile-speaking' : ''}${t.floor ? ' tile-floor' : ''}${t.screen ? ' tile-screen' : ''}`}
      data-testid={testId}
      data-identity={t.identity}
      data-speaking={t.speaking ? 'true' : 'false'}
      data-pinned={pinned ? 'true' : undefined}
    >
      {t.video?.publication.track ? (
        <VideoTrack trackRef={t.video} className="tile-video" aria-label={what} />
      ) : (
        <div className="tile-avatar" aria-hidden="true">
          {initials(t.name)}
        </div>
      )}
      <div className="tile-caption">
        <span className="tile-name">
          {t.screen ? `${t.name}'s screen` : t.name}
          {t.you ? ' (you)' : ''}
        </span>
        {t.label && size !== 'strip' ? <span className="tile-label">{t.label}</span> : null}
        {t.screen ? null : (
          <span className={t.micOn ? 'tile-mic' : 'tile-mic tile-mic-off'}>{t.micOn ? (t.speaking ? 'Speaking' : 'Mic on') : 'Mic off'}</span>
        )}
        {t.screen ? null : <ConnectionQuality identity={t.identity} you={t.you} />}
        {size === 'main' && !t.you && !t.screen ? <VolumeControl identity={t.identity} name={t.name} /> : null}
        {onPin ? (
          <button type="button" className="small tile-pin" aria-pressed={pinned} onClick={onPin} aria-label={`Pin ${t.screen ? `${t.name}'s screen` : t.name}`}>
            Pin
          </button>
        ) : null}
      </div>
    </li>
  );
}

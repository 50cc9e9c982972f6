// The conversation format: a gallery of everyone with a camera on, paged (lib/gallery.ts) so a
// call of 200 stays smooth: only the cameras of the tiles shown are received. The floor-holder and
// the active speaker are on every page. Who is in the LiveKit room comes from LiveKit (a
// participant's state lists only the people on the public record); names and roles from our
// state when it has them.
import { initials } from '../lib/format';
import { useParticipants, useSpeakingParticipants, useTracks, VideoTrack } from '@livekit/components-react';
import type { TrackReference } from '@livekit/components-core';
import type { CallState, Identity } from '@caucus/shared';
import { Track } from 'livekit-client';
import { useEffect, useMemo, useState } from 'react';
import { useSession } from '../hooks/useSession';
import { camerasShown, galleryPage, type GalleryPerson } from '../lib/gallery';

const RANK = { speaker: 1, host: 2, moderator: 2, participant: 3 } as const;

export function Gallery({ call, you }: { call: CallState; you: Identity }) {
  const session = useSession();
  const participants = useParticipants();
  const tracks = useTracks([Track.Source.Camera, Track.Source.Microphone], { onlySubscribed: false });
  const speaking = useSpeakingParticipants();
  const [page, setPage] = useState(0);

  const cameras = useMemo(() => {
    const map = new Map<string, TrackReference>();
    for (const t of tracks) if (t.source === Track.Source.Camera && !t.publication.isMuted) map.set(t.participant.identity, t);
    return map;
  }, [tracks]);
  const mics = useMemo(() => {
    const set = new Set<string>();
    for (const t of tracks) if (t.source === Track.Source.Microphone && !t.publication.isMuted) set.add(t.participant.identity);
    return set;
  }, [tracks]);

  const people: GalleryPerson[] = participants.map((p) => {
    const m = call.members.get(p.identity);
    return {
      identity: p.identity,
      name: m?.name ?? (p.name || 'Someone'),
      rank: m ? RANK[m.role] : 3,
      camera: cameras.has(p.identity),
    };
  });
  const floor = call.floor?.identity ?? null;
  const activeSpeaker = speaking[0]?.identity ?? null;
  const view = galleryPage(people, { floor, activeSpeaker, page });
  const shown = camerasShown(view);
  const shownKey = [...shown].sort().join(',');
  const speakingIds = new Set(speaking.map((p) => p.identity));

  // Receive exactly the cameras on screen (our own is local, never subscribed).
  useEffect(() => {
    const remote = new Set(shownKey ? shownKey.split(',') : []);
    remote.delete(you);
    session.setGalleryVideo(remote);
  }, [session, shownKey, you]);

  const tiles = [...view.pinned, ...view.tiles];
  return (
    <section className="stage gallery" aria-label="Gallery" data-testid="gallery" data-page={view.page} data-pages={view.pages}>
      {tiles.length === 0 ? (
        <p className="stage-empty">Nobody has a camera on yet. Turn yours on to be seen.</p>
      ) : (
        <ul className="gallery-tiles">
          {tiles.map((t) => {
            const camera = cameras.get(t.identity);
            const isFloor = floor === t.identity;
            const talking = speakingIds.has(t.identity);
            const role = call.members.get(t.identity)?.role;
            const label = isFloor ? 'Has the floor' : role === 'speaker' ? 'Guest speaker' : role === 'host' ? 'Host' : role === 'moderator' ? 'Moderator' : null;
            return (
              <li
                key={t.identity}
                className={`tile${talking ? ' tile-speaking' : ''}${isFloor ? ' tile-floor' : ''}`}
                data-testid="gallery-tile"
                data-identity={t.identity}
                data-speaking={talking ? 'true' : 'false'}
              >
                {camera?.publication.track ? (
                  <VideoTrack trackRef={camera} className="tile-video" aria-label={`Video of ${t.name}`} />
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
                  {label ? <span className="tile-label">{label}</span> : null}
                  {mics.has(t.identity) ? <span className="tile-mic">{talking ? 'Speaking' : 'Mic on'}</span> : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className="gallery-footer">
        <span className="gallery-count" data-testid="gallery-count">
          {shown.size} camera{shown.size === 1 ? '' : 's'} shown
          {view.withoutCamera ? ` · ${view.withoutCamera} without video` : ''}
        </span>
        {view.pages > 1 ? (
          <span className="gallery-pager">
            <button type="button" className="small" onClick={() => setPage(view.page - 1)} disabled={view.page === 0} data-testid="gallery-prev">
              Previous
            </button>
            <span aria-live="polite">
              Page {view.page + 1} of {view.pages}
            </span>
            <button type="button" className="small" onClick={() => setPage(view.page + 1)} disabled={view.page >= view.pages - 1} data-testid="gallery-next">
              Next
            </button>
          </span>
        ) : null}
      </div>
    </section>
  );
}

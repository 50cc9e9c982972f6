// The conversation format: a gallery of everyone with a camera on, paged (lib/gallery.ts) so a
// call of 200 stays smooth: only the cameras of the tiles shown are received. The floor-holder and
// the active speaker are on every page. Who is in the LiveKit room comes from LiveKit (a
// participant's state lists only the people on the public record); names and roles from our
// state when it has them.
import { useParticipants, useSpeakingParticipants, useTracks } from '@livekit/components-react';
import type { TrackReference } from '@livekit/components-core';
import type { Identity } from '@caucus/shared';
import { Track } from 'livekit-client';
import { useEffect, useMemo, useState } from 'react';
import { useCall } from '../hooks/useCallSelector';
import { useSession } from '../hooks/useSession';
import { useShownNames } from '../hooks/useShownNames';
import { camerasShown, galleryPage, type GalleryPerson } from '../lib/gallery';
import { memberOf } from '../lib/members';
import { ParticipantTile } from './ParticipantTile';

const RANK = { speaker: 1, host: 2, moderator: 2, participant: 3 } as const;
const LABEL = { speaker: 'Guest speaker', host: 'Host', moderator: 'Moderator', participant: null } as const;

export function Gallery({ you }: { you: Identity }) {
  const session = useSession();
  const members = useCall((c) => c.members);
  const floor = useCall((c) => c.floor?.identity ?? null);
  const names = useShownNames();
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
    const m = memberOf({ members }, p.identity);
    return {
      identity: p.identity,
      name: names.get(p.identity) ?? (p.name || 'Someone'),
      rank: m ? RANK[m.role] : 3,
      camera: cameras.has(p.identity),
    };
  });
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
            const role = memberOf({ members }, t.identity)?.role;
            const isFloor = floor === t.identity;
            return (
              <ParticipantTile
                key={t.identity}
                size="grid"
                testId="gallery-tile"
                tile={{
                  identity: t.identity,
                  name: t.name,
                  label: isFloor ? 'Has the floor' : role ? LABEL[role] : null,
                  video: cameras.get(t.identity),
                  screen: false,
                  micOn: mics.has(t.identity),
                  speaking: speakingIds.has(t.identity),
                  floor: isFloor,
                  you: t.identity === you,
                }}
              />
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

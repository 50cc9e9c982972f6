// The stage as a speaker view: guest speakers, the floor-holder, hosts or moderators who publish,
// and any shared screen. The main tile follows the active speaker unless a screen is shared or
// this person pinned a tile (lib/speaker-view.ts). Media from LiveKit's components; who is on
// stage from our state.
import { useSpeakingParticipants, useTracks } from '@livekit/components-react';
import type { TrackReference } from '@livekit/components-core';
import type { CallState, Identity } from '@caucus/shared';
import { Track } from 'livekit-client';
import { useEffect, useState } from 'react';
import { useCall } from '../hooks/useCallSelector';
import { useShownNames } from '../hooks/useShownNames';
import { allMembers, memberOf } from '../lib/members';
import { nameIn } from '../lib/names';
import { speakerView, type TileKey } from '../lib/speaker-view';
import { ParticipantTile, type TileModel } from './ParticipantTile';

export function stageIdentities(call: Pick<CallState, 'members' | 'floor'>, publishing: ReadonlySet<string>): Identity[] {
  const ids: Identity[] = [];
  for (const m of allMembers(call)) {
    if (m.status !== 'present') continue;
    const onStage = m.role === 'speaker' || call.floor?.identity === m.identity || ((m.role === 'host' || m.role === 'moderator') && publishing.has(m.identity));
    if (onStage) ids.push(m.identity);
  }
  // The floor-holder first, then speakers, then staff; by name within each.
  const rank = (id: Identity) => (call.floor?.identity === id ? 0 : memberOf(call, id)?.role === 'speaker' ? 1 : 2);
  return ids.sort((a, b) => rank(a) - rank(b) || (memberOf(call, a)!.name < memberOf(call, b)!.name ? -1 : 1));
}

const SOURCES = [Track.Source.Camera, Track.Source.Microphone, Track.Source.ScreenShare];

export function Stage({ you }: { you: Identity }) {
  const members = useCall((c) => c.members);
  const floor = useCall((c) => c.floor);
  const call = { members, floor };
  const names = useShownNames();
  const tracks = useTracks(SOURCES, { onlySubscribed: false });
  const speakingNow = useSpeakingParticipants();
  const speaking = new Set(speakingNow.map((p) => p.identity));
  const [pinned, setPinned] = useState<TileKey | null>(null);
  const [lastSpeaker, setLastSpeaker] = useState<string | null>(null);
  const loudest = speakingNow[0]?.identity ?? null;
  useEffect(() => {
    if (loudest) setLastSpeaker(loudest);
  }, [loudest]);

  const live = (t: TrackReference) => !t.publication.isMuted;
  const publishing = new Set(tracks.filter((t) => live(t) && t.source !== Track.Source.ScreenShare).map((t) => t.participant.identity));
  const people = stageIdentities(call, publishing);
  const screens = tracks.filter((t) => t.source === Track.Source.ScreenShare && live(t));
  const view = speakerView({
    people,
    screens: screens.map((t) => t.participant.identity),
    pinned,
    lastSpeaker: lastSpeaker && people.includes(lastSpeaker) ? lastSpeaker : null,
    floor: call.floor?.identity ?? null,
  });

  const tileOf = (key: TileKey): TileModel => {
    const [kind, identity] = key.split(/:(.*)/) as ['person' | 'screen', string];
    const m = memberOf(call, identity);
    const floor = call.floor?.identity === identity;
    const find = (source: Track.Source) => tracks.find((t) => t.participant.identity === identity && t.source === source && live(t));
    return {
      identity,
      name: nameIn(names, identity, 'Someone'),
      label: kind === 'screen' ? null : floor ? 'Has the floor' : m?.role === 'speaker' ? 'Guest speaker' : m?.role === 'host' ? 'Host' : 'Moderator',
      video: find(kind === 'screen' ? Track.Source.ScreenShare : Track.Source.Camera),
      screen: kind === 'screen',
      micOn: !!find(Track.Source.Microphone),
      speaking: kind === 'person' && speaking.has(identity),
      floor: kind === 'person' && floor,
      you: identity === you,
    };
  };
  const togglePin = (key: TileKey) => setPinned((p) => (p === key ? null : key));
  const tile = (key: TileKey, size: 'main' | 'strip') => {
    const t = tileOf(key);
    return (
      <ParticipantTile
        key={key}
        tile={t}
        size={size}
        pinned={pinned === key}
        onPin={view.strip.length || pinned === key ? () => togglePin(key) : undefined}
        testId={t.screen ? 'screen-tile' : 'stage-tile'}
      />
    );
  };

  return (
    <section className="stage" aria-label="Stage" data-testid="stage">
      {view.main === null ? (
        <p className="stage-empty">Nobody is on stage yet.</p>
      ) : (
        <>
          <ul className="stage-main" aria-label="Main view">
            {tile(view.main, 'main')}
          </ul>
          {view.strip.length ? (
            <ul className="stage-strip" aria-label="Others on stage">
              {view.strip.map((k) => tile(k, 'strip'))}
            </ul>
          ) : null}
        </>
      )}
    </section>
  );
}

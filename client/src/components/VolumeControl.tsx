// How loud one person is for you (0 to 100 %), kept for the whole session: a tile that leaves and
// comes back keeps its volume. Only this browser's playback changes; nobody else is affected.
import { useRemoteParticipant } from '@livekit/components-react';
import { useEffect, useId, useState } from 'react';

const volumes = new Map<string, number>();

export function VolumeControl({ identity, name }: { identity: string; name: string }) {
  const participant = useRemoteParticipant(identity);
  const [volume, setVolume] = useState(() => volumes.get(identity) ?? 1);
  const id = useId();
  useEffect(() => {
    participant?.setVolume(volume);
  }, [participant, volume]);
  return (
    <span className="tile-volume">
      <label htmlFor={id} className="visually-hidden">
        Volume for {name}
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={100}
        step={5}
        value={Math.round(volume * 100)}
        aria-valuetext={`${Math.round(volume * 100)} percent`}
        onChange={(e) => {
          const v = Number(e.target.value) / 100;
          volumes.set(identity, v);
          setVolume(v);
        }}
        data-testid="tile-volume"
      />
    </span>
  );
}

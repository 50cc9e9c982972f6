// A person's connection, as LiveKit measures it, shown on their tile only when it is a problem
// (a calm stage for everyone else): "Weak connection" or "Connection lost".
import { useConnectionQualityIndicator, useLocalParticipant, useRemoteParticipant } from '@livekit/components-react';
import { ConnectionQuality as Quality, type Participant } from 'livekit-client';

function QualityOf({ participant }: { participant: Participant }) {
  const { quality } = useConnectionQualityIndicator({ participant });
  if (quality !== Quality.Poor && quality !== Quality.Lost) return null;
  return (
    <span className="tile-quality" data-testid="connection-quality" data-quality={quality}>
      {quality === Quality.Lost ? 'Connection lost' : 'Weak connection'}
    </span>
  );
}

export function ConnectionQuality({ identity, you }: { identity: string; you: boolean }) {
  const { localParticipant } = useLocalParticipant();
  const remote = useRemoteParticipant(identity);
  const participant = you ? localParticipant : remote;
  return participant ? <QualityOf participant={participant} /> : null;
}

// Your own microphone and camera. Shown only with the right to publish (LiveKit permissions are
// the truth: the server sets them); a silenced person sees why the microphone is off.
import { useLocalParticipant, useLocalParticipantPermissions } from '@livekit/components-react';
import type { Member } from '@caucus/shared';
import { useState } from 'react';
import { mayPublish } from '../media/media-link';

const MIC = 2;
const CAM = 1;

export function MediaControls({ me, suspended, conversation = false, onFloor = false }: { me: Member; suspended: boolean; conversation?: boolean; onFloor?: boolean }) {
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled } = useLocalParticipant();
  const perms = useLocalParticipantPermissions();
  const [error, setError] = useState<string | null>(null);
  const canMic = mayPublish(perms, MIC);
  const canCam = mayPublish(perms, CAM);

  const toggle = async (kind: 'mic' | 'cam') => {
    setError(null);
    try {
      if (kind === 'mic') await localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled);
      else await localParticipant.setCameraEnabled(!isCameraEnabled);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const voiceless = me.silenced || (suspended && me.role === 'participant');
  return (
    <div className="media-controls">
      {voiceless ? (
        <p className="notice notice-danger" role="status" data-testid="silenced-notice">
          {me.silenced
            ? 'You are silenced by a moderator. Your microphone is off and cannot be turned on.'
            : 'The call is suspended: the audience cannot speak for now.'}
        </p>
      ) : null}
      {me.cameraOff ? <p className="notice">A moderator turned off your camera.</p> : null}
      {conversation && me.role === 'participant' && !onFloor && !voiceless && !me.cameraOff ? (
        <p className="help" data-testid="conversation-hint">
          Conversation: everyone may keep their camera on. Your microphone opens when a moderator gives you the floor.
        </p>
      ) : null}
      {canMic || canCam || voiceless ? (
        <div className="media-buttons">
          <button type="button" aria-pressed={isMicrophoneEnabled} disabled={!canMic} onClick={() => toggle('mic')} data-testid="toggle-mic">
            {isMicrophoneEnabled ? 'Mute microphone' : 'Unmute microphone'}
          </button>
          <button type="button" aria-pressed={isCameraEnabled} disabled={!canCam} onClick={() => toggle('cam')} data-testid="toggle-camera">
            {isCameraEnabled ? 'Turn camera off' : 'Turn camera on'}
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="notice notice-danger" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The unmistakable "you are live" state: on the floor, or on stage with the microphone on. */
export function LiveBadge({ onFloor, onStage }: { onFloor: boolean; onStage: boolean }) {
  const { isMicrophoneEnabled } = useLocalParticipant();
  const live = onFloor || (onStage && isMicrophoneEnabled);
  if (!live) return null;
  return (
    <div className="live-badge" role="status" data-testid="live-badge">
      <span className="live-dot" aria-hidden="true" />
      {isMicrophoneEnabled ? 'You are live: everyone can hear you' : 'You have the floor: turn on your microphone to speak'}
    </div>
  );
}

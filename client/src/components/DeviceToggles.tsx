// Your own microphone, camera and screen share, as honest toggles: the name says what the button
// is ("Microphone"), aria-pressed says whether it is on, and the visible word agrees. A device the
// server does not let you use is shown as unavailable with the reason; screen sharing appears for
// those LiveKit lets share (hosts, moderators, speakers).
import { useLocalParticipant } from '@livekit/components-react';
import { useLocalPermissions } from '../hooks/useLocalPermissions';
import { useState } from 'react';
import { useSession } from '../hooks/useSession';
import { rememberMedia } from '../lib/saved-session';
import { mayPublish } from '../media/media-link';

// LiveKit's protocol TrackSource numbers.
const CAMERA = 1;
const MICROPHONE = 2;
const SCREEN_SHARE = 3;

function useDevicePermissions() {
  const perms = useLocalPermissions();
  return { mic: mayPublish(perms, MICROPHONE), camera: mayPublish(perms, CAMERA), screen: mayPublish(perms, SCREEN_SHARE) };
}

/** On or off at a glance without words (the name stays the name; aria-pressed carries the state). */
function StateMark({ on }: { on: boolean }) {
  return (
    <svg className={`state-mark ${on ? 'state-on' : 'state-off'}`} width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <circle cx="7" cy="7" r="6" />
      {on ? null : <line x1="2.5" y1="11.5" x2="11.5" y2="2.5" />}
    </svg>
  );
}

function Toggle({
  label,
  short,
  on,
  allowed,
  why,
  onToggle,
  testId,
}: {
  label: string;
  short: string;
  on: boolean;
  allowed: boolean;
  why: string;
  onToggle: () => void;
  testId: string;
}) {
  return (
    <button
      type="button"
      className={`bar-button toggle${on ? ' toggle-on' : ''}`}
      aria-pressed={on}
      aria-disabled={!allowed && !on}
      aria-label={label}
      title={!allowed && !on ? why : undefined}
      onClick={() => {
        if (allowed || on) onToggle();
      }}
      data-testid={testId}
    >
      <span className="bar-label">{short}</span>
      <StateMark on={on} />
    </button>
  );
}

export function DeviceToggles({ whyNoMic }: { whyNoMic: string }) {
  const session = useSession();
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled, isScreenShareEnabled } = useLocalParticipant();
  const allowed = useDevicePermissions();
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      <Toggle
        label="Microphone"
        short="Microphone"
        on={isMicrophoneEnabled}
        allowed={allowed.mic}
        why={whyNoMic}
        testId="toggle-mic"
        onToggle={() =>
          run(async () => {
            await localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled);
            rememberMedia(session.saved, { audioEnabled: !isMicrophoneEnabled });
          })
        }
      />
      <Toggle
        label="Camera"
        short="Camera"
        on={isCameraEnabled}
        allowed={allowed.camera}
        why="Your camera can be on when you are on stage or have the floor."
        testId="toggle-camera"
        onToggle={() =>
          run(async () => {
            await localParticipant.setCameraEnabled(!isCameraEnabled);
            rememberMedia(session.saved, { videoEnabled: !isCameraEnabled });
          })
        }
      />
      {allowed.screen || isScreenShareEnabled ? (
        <Toggle
          label="Share screen"
          short="Share"
          on={isScreenShareEnabled}
          allowed={allowed.screen}
          why="Screen sharing is for hosts, moderators and speakers."
          testId="toggle-screen"
          onToggle={() => run(() => localParticipant.setScreenShareEnabled(!isScreenShareEnabled, { audio: false }))}
        />
      ) : null}
      {error ? (
        <p className="bar-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}


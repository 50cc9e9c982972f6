// "You have the floor: unmute?" The server's floor grant is a permission; this asks the person
// before their microphone (or camera) goes on, with the turn's countdown. It takes the focus when
// it appears (it needs an answer) and hands it to the control bar's microphone once answered.
import { useLocalParticipant } from '@livekit/components-react';
import type { LocalParticipant } from 'livekit-client';
import { useEffect, useRef, useState } from 'react';
import { useCall, useCallSelector } from '../hooks/useCallSelector';
import { useFloorCountdown } from '../hooks/useFloorCountdown';
import { useSession } from '../hooks/useSession';
import { byTestId, focusWhenReady } from '../lib/focus';
import { formatCountdown, spokenCountdown } from '../lib/format';
import { rememberMedia } from '../lib/saved-session';
import { mayPublish } from '../media/media-link';

const MICROPHONE = 2;
const CAMERA = 1;

/** The grant reaches LiveKit a moment after our event: wait for it (bounded) before publishing. */
async function whenAllowed(lp: LocalParticipant, source: number, waitMs = 8000): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (!mayPublish(lp.permissions, source)) {
    if (Date.now() > deadline) throw new Error('the permission to speak has not arrived yet; try again');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function FloorPrompt({ you }: { you: string }) {
  const session = useSession();
  const floor = useCall((c) => (c.floor?.identity === you ? c.floor : null));
  const skew = useCallSelector((v) => v.clockSkewMs);
  const countdown = useFloorCountdown(floor, skew);
  const { localParticipant, isMicrophoneEnabled } = useLocalParticipant();
  const [answered, setAnswered] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const unmuteRef = useRef<HTMLButtonElement>(null);
  const open = floor !== null && answered !== floor.grantedAt && !isMicrophoneEnabled;

  useEffect(() => {
    if (open) unmuteRef.current?.focus();
  }, [open]);
  if (!open || !floor) return null;

  const answer = async (camera: boolean | null) => {
    setError(null);
    try {
      if (camera !== null) {
        await whenAllowed(localParticipant, MICROPHONE);
        await localParticipant.setMicrophoneEnabled(true, session.saved.media.audioDeviceId ? { deviceId: session.saved.media.audioDeviceId } : undefined);
        if (camera) {
          await whenAllowed(localParticipant, CAMERA);
          await localParticipant.setCameraEnabled(true);
        }
        rememberMedia(session.saved, camera ? { audioEnabled: true, videoEnabled: true } : { audioEnabled: true });
      }
      setAnswered(floor.grantedAt);
      focusWhenReady(byTestId('toggle-mic'));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <section className="floor-prompt" role="alertdialog" aria-labelledby="floor-prompt-title" aria-describedby="floor-prompt-time" data-testid="floor-prompt">
      <h2 id="floor-prompt-title">You have the floor: unmute?</h2>
      <p id="floor-prompt-time">
        Your microphone stays off until you choose.{' '}
        {countdown ? (
          <span>
            Time for your turn: <strong className="floor-prompt-countdown" role="timer" aria-label={spokenCountdown(countdown.msLeft)}>{formatCountdown(countdown.msLeft)}</strong>
          </span>
        ) : (
          'Your turn has no time limit.'
        )}
      </p>
      <div className="button-row">
        <button ref={unmuteRef} type="button" className="primary" onClick={() => void answer(false)} data-testid="floor-unmute">
          Unmute
        </button>
        <button type="button" onClick={() => void answer(true)} data-testid="floor-unmute-camera">
          Unmute with camera
        </button>
        <button type="button" onClick={() => void answer(null)} data-testid="floor-not-now">
          Not now
        </button>
      </div>
      {error ? (
        <p className="notice notice-danger" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

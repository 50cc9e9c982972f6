// Switching microphone, camera and speaker during the call, with a level meter for the microphone.
// The meter reads the published microphone when it is on; otherwise "Test my microphone" opens it
// locally (never published) for as long as the person wants, and closes it with the dialog.
import { useLocalParticipant, useMediaDeviceSelect, useRoomContext, useTrackVolume } from '@livekit/components-react';
import { createLocalAudioTrack, Track, type LocalAudioTrack } from 'livekit-client';
import { useEffect, useId, useState } from 'react';
import { useSession } from '../hooks/useSession';
import { rememberMedia } from '../lib/saved-session';
import { Dialog } from './Dialog';

const KINDS = [
  { kind: 'audioinput', label: 'Microphone', remember: 'audioDeviceId' },
  { kind: 'videoinput', label: 'Camera', remember: 'videoDeviceId' },
  { kind: 'audiooutput', label: 'Speaker', remember: null },
] as const;

function DeviceSelect({ kind, label, remember }: (typeof KINDS)[number]) {
  const room = useRoomContext();
  const session = useSession();
  const id = useId();
  const { devices, activeDeviceId, setActiveMediaDevice } = useMediaDeviceSelect({ kind, room });
  const listed = devices.filter((d) => d.deviceId);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={activeDeviceId}
        onChange={(e) => {
          const deviceId = e.target.value;
          void setActiveMediaDevice(deviceId);
          if (remember) rememberMedia(session.saved, { [remember]: deviceId });
        }}
        data-testid={`device-${kind}`}
      >
        {listed.length === 0 ? <option value="">Default</option> : null}
        {listed.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </option>
        ))}
      </select>
    </div>
  );
}

function LevelMeter({ track }: { track: LocalAudioTrack | undefined }) {
  const volume = useTrackVolume(track);
  const percent = Math.min(100, Math.round(volume * 100));
  return (
    <div className="level">
      <span id="level-label">Microphone level</span>
      <meter aria-labelledby="level-label" min={0} max={100} value={track ? percent : 0} data-testid="level-meter" data-level={percent} />
    </div>
  );
}

function MicrophoneCheck() {
  const { microphoneTrack, isMicrophoneEnabled } = useLocalParticipant();
  const session = useSession();
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<LocalAudioTrack | undefined>();
  useEffect(() => {
    if (!testing || isMicrophoneEnabled) return;
    let track: LocalAudioTrack | undefined;
    let live = true;
    const deviceId = session.saved.media.audioDeviceId;
    void createLocalAudioTrack(deviceId ? { deviceId } : {}).then((t) => {
      if (live) setTest((track = t));
      else t.stop();
    });
    return () => {
      live = false;
      track?.stop();
      setTest(undefined);
    };
  }, [testing, isMicrophoneEnabled, session]);
  const published = microphoneTrack?.source === Track.Source.Microphone ? (microphoneTrack.track as LocalAudioTrack | undefined) : undefined;
  return (
    <div className="mic-check">
      <LevelMeter track={isMicrophoneEnabled ? published : test} />
      {isMicrophoneEnabled ? (
        <p className="help">Your microphone is on: the meter shows what the others hear.</p>
      ) : (
        <button type="button" aria-pressed={testing} onClick={() => setTesting((t) => !t)} data-testid="test-mic">
          Test my microphone
        </button>
      )}
      {testing && !isMicrophoneEnabled ? <p className="help">Only you see this: nothing is sent to the call.</p> : null}
    </div>
  );
}

export function DeviceSettings() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="bar-button" onClick={() => setOpen(true)} data-testid="open-devices">
        <span className="bar-label">Devices</span>
      </button>
      <Dialog open={open} title="Microphone, camera and speaker" onClose={() => setOpen(false)} testId="devices-dialog">
        {open ? (
          <>
            {KINDS.map((k) => (
              <DeviceSelect key={k.kind} {...k} />
            ))}
            <MicrophoneCheck />
            <div className="dialog-actions">
              <button type="button" className="primary" onClick={() => setOpen(false)}>
                Done
              </button>
            </div>
          </>
        ) : null}
      </Dialog>
    </>
  );
}

// Microphone and camera check before joining, with device choice. Uses LiveKit's preview hooks;
// the tracks are stopped when the person leaves this screen.
import { useMediaDevices, usePreviewTracks } from '@livekit/components-react';
import { Track, type LocalAudioTrack, type LocalVideoTrack } from 'livekit-client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MediaChoices } from '../lib/saved-session';

export default function DevicePreview({ media, onChange }: { media: MediaChoices; onChange: (m: MediaChoices) => void }) {
  const [error, setError] = useState<string | null>(null);
  const options = useMemo(
    () => ({
      audio: media.audioEnabled ? { deviceId: media.audioDeviceId || undefined } : false,
      video: media.videoEnabled ? { deviceId: media.videoDeviceId || undefined } : false,
    }),
    [media.audioEnabled, media.videoEnabled, media.audioDeviceId, media.videoDeviceId],
  );
  // Stable on purpose: usePreviewTracks re-creates the tracks whenever this callback changes.
  const onError = useCallback((err: Error) => setError(err.message), []);
  const tracks = usePreviewTracks(options, onError);
  const video = tracks?.find((t) => t.kind === Track.Kind.Video) as LocalVideoTrack | undefined;
  const audio = tracks?.find((t) => t.kind === Track.Kind.Audio) as LocalAudioTrack | undefined;
  const cams = useMediaDevices({ kind: 'videoinput' });
  const mics = useMediaDevices({ kind: 'audioinput' });
  const videoEl = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const el = videoEl.current;
    if (!video || !el) return;
    video.attach(el);
    return () => {
      video.detach(el);
    };
  }, [video]);

  return (
    <fieldset className="preview">
      <legend>Microphone and camera</legend>
      <div className="preview-video">
        {video ? <video ref={videoEl} autoPlay muted playsInline aria-label="Your camera preview" data-testid="camera-preview" /> : <div className="preview-off">Camera off</div>}
      </div>
      <div className="preview-row">
        <label className="check">
          <input type="checkbox" checked={media.audioEnabled} onChange={(e) => onChange({ ...media, audioEnabled: e.target.checked })} />
          Microphone {audio ? <span className="ok">working</span> : null}
        </label>
        <label className="visually-hidden" htmlFor="mic-select">
          Microphone device
        </label>
        <select id="mic-select" value={media.audioDeviceId} onChange={(e) => onChange({ ...media, audioDeviceId: e.target.value })} disabled={!media.audioEnabled}>
          <option value="">Default microphone</option>
          {mics.filter((d) => d.deviceId && d.deviceId !== 'default').map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `Microphone ${i + 1}`}
            </option>
          ))}
        </select>
      </div>
      <div className="preview-row">
        <label className="check">
          <input type="checkbox" checked={media.videoEnabled} onChange={(e) => onChange({ ...media, videoEnabled: e.target.checked })} />
          Camera
        </label>
        <label className="visually-hidden" htmlFor="cam-select">
          Camera device
        </label>
        <select id="cam-select" value={media.videoDeviceId} onChange={(e) => onChange({ ...media, videoDeviceId: e.target.value })} disabled={!media.videoEnabled}>
          <option value="">Default camera</option>
          {cams.filter((d) => d.deviceId && d.deviceId !== 'default').map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `Camera ${i + 1}`}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p className="notice" role="status">
          Could not open your camera or microphone ({error}). You can still join and listen.
        </p>
      ) : null}
    </fieldset>
  );
}

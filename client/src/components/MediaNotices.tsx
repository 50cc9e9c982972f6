// Why your microphone or camera is off when a moderator decided it, and the unmistakable "you are
// live" state. The switches themselves are in the control bar.
import { useLocalParticipant } from '@livekit/components-react';
import { useCall } from '../hooks/useCallSelector';
import { useYou } from '../hooks/useYou';
import { memberOf } from '../lib/members';

export function MediaNotices() {
  const you = useYou();
  const me = useCall((c) => memberOf(c, you.identity));
  const suspended = useCall((c) => c.suspended !== null);
  const conversation = useCall((c) => c.settings.format === 'conversation');
  const onFloor = useCall((c) => c.floor?.identity === you.identity);
  if (!me) return null;
  const voiceless = me.silenced || (suspended && me.role === 'participant');
  return (
    <>
      {voiceless ? (
        <p className="notice notice-danger" role="status" data-testid="silenced-notice">
          {me.silenced ? 'You are silenced by a moderator. Your microphone is off and cannot be turned on.' : 'The call is suspended: the audience cannot speak for now.'}
        </p>
      ) : null}
      {me.cameraOff ? <p className="notice">A moderator turned off your camera.</p> : null}
      {conversation && me.role === 'participant' && !onFloor && !voiceless && !me.cameraOff ? (
        <p className="help" data-testid="conversation-hint">
          Conversation: everyone may keep their camera on. Your microphone opens when a moderator gives you the floor.
        </p>
      ) : null}
    </>
  );
}

/** On the floor, or on stage with the microphone on. */
export function LiveBadge() {
  const you = useYou();
  const onFloor = useCall((c) => c.floor?.identity === you.identity);
  const { isMicrophoneEnabled } = useLocalParticipant();
  const live = isMicrophoneEnabled && (onFloor || you.role !== 'participant');
  if (!live && !onFloor) return null;
  return (
    <div className={live ? 'live-badge' : 'live-badge live-badge-muted'} role="status" data-testid="live-badge">
      <span className="live-dot" aria-hidden="true" />
      {live ? 'You are live: everyone can hear you' : 'You have the floor, muted: unmute to speak'}
    </div>
  );
}

// The control bar, always in reach at the bottom of the screen on desktop and phone alike:
// microphone, camera, screen share (for those allowed), hand with its lane, chat, devices, leave;
// for those the permission table allows, next speaker and end turn. Unavailable controls stay in
// place with aria-disabled (a disabled button would drop the keyboard focus to the page).
import { useEffect, useRef } from 'react';
import { useCall } from '../hooks/useCallSelector';
import { useCommand } from '../hooks/useCommand';
import { useMayIssue } from '../hooks/useMayIssue';
import { useYou } from '../hooks/useYou';
import { memberOf } from '../lib/members';
import { DeviceSettings } from './DeviceSettings';
import { DeviceToggles } from './DeviceToggles';
import { HandToggle } from './HandToggle';
import { LeaveControl } from './LeaveControl';

function StaffControls() {
  const send = useCommand();
  const queued = useCall((c) => c.queue.length);
  const floor = useCall((c) => c.floor !== null);
  return (
    <span className="bar-group bar-staff">
      <button
        type="button"
        className="bar-button primary"
        aria-disabled={queued === 0}
        onClick={() => queued > 0 && void send({ type: 'next_speaker' }, 'Next speaker called')}
        data-testid="bar-next-speaker"
      >
        <span className="bar-label">Next speaker</span>
      </button>
      <button type="button" className="bar-button" aria-disabled={!floor} onClick={() => floor && void send({ type: 'end_floor' }, 'Turn ended')} data-testid="bar-end-floor">
        <span className="bar-label">End turn</span>
      </button>
    </span>
  );
}

function whyNoMic(role: string, silenced: boolean, suspended: boolean): string {
  if (silenced) return 'A moderator silenced you: your microphone cannot be turned on.';
  if (suspended && role === 'participant') return 'The call is suspended: the audience cannot speak for now.';
  return 'You can speak when a moderator gives you the floor.';
}

export function ControlBar({ chatOpen, unread, onChat }: { chatOpen: boolean; unread: number; onChat: () => void }) {
  const you = useYou();
  const silenced = useCall((c) => memberOf(c, you.identity)?.silenced ?? false);
  const suspended = useCall((c) => c.suspended !== null);
  const runsQueue = useMayIssue('next_speaker');
  const ref = useRef<HTMLElement>(null);

  // The page keeps room for the bar, whatever its height (it wraps on narrow screens).
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const set = () => document.documentElement.style.setProperty('--bar-height', `${el.offsetHeight}px`);
    set();
    const observer = new ResizeObserver(set);
    observer.observe(el);
    return () => {
      observer.disconnect();
      document.documentElement.style.removeProperty('--bar-height');
    };
  }, []);

  return (
    <nav ref={ref} className="control-bar" aria-label="Call controls" data-testid="control-bar">
      <DeviceToggles whyNoMic={whyNoMic(you.role, silenced, suspended)} />
      <HandToggle />
      <button type="button" className="bar-button" aria-pressed={chatOpen} onClick={onChat} data-testid="bar-chat">
        <span className="bar-label">Chat</span>
        {unread > 0 && !chatOpen ? (
          <span className="bar-badge">
            {unread}
            <span className="visually-hidden"> new</span>
          </span>
        ) : null}
      </button>
      <DeviceSettings />
      {runsQueue ? <StaffControls /> : null}
      <LeaveControl />
    </nav>
  );
}

// The call: stage (or gallery), the floor, captions, the queue, people and chat, the control bar
// always in reach; the moderator console (its own chunk) for those the permission table lets run
// the queue. Each part selects only what it shows from the store (hooks/useCallSelector.ts).
import { RoomAudioRenderer, RoomContext, StartAudio } from '@livekit/components-react';
import { isStaff, presentCount, roleMayIssue, waitingList, type Identity } from '@caucus/shared';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { CaptionComposer } from '../components/CaptionComposer';
import { Captions } from '../components/Captions';
import { Chat } from '../components/Chat';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { ControlBar } from '../components/ControlBar';
import { FloorPrompt } from '../components/FloorPrompt';
import { FloorTimer } from '../components/FloorTimer';
import { Gallery } from '../components/Gallery';
import { LiveRegion } from '../components/LiveRegion';
import { LiveBadge, MediaNotices } from '../components/MediaNotices';
import { ParticipantList } from '../components/ParticipantList';
import { QueueList } from '../components/QueueList';
import { ReportDialog } from '../components/ReportDialog';
import { Stage } from '../components/Stage';
import { MessageHistory, Toasts } from '../components/Toasts';
import { useAnnouncements } from '../hooks/useAnnouncements';
import { useCall, useCallSelector } from '../hooks/useCallSelector';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useSession } from '../hooks/useSession';
import { useShownNames } from '../hooks/useShownNames';
import { useYou } from '../hooks/useYou';
import { focusWhenReady } from '../lib/focus';
import { DecisionsOnStage } from '../call/decide/DecisionsOnStage';
import { QuestionsPanel } from '../call/decide/QuestionsPanel';
import { VotesPanel } from '../call/decide/VotesPanel';
import '../call/decide/decide.css';

const ModeratorConsole = lazy(() => import('../moderator/ModeratorConsole'));
const PersonActions = lazy(() => import('../moderator/PersonActions'));

const SIDE_TABS = ['people', 'chat', 'questions', 'votes'] as const;
type SideTab = (typeof SIDE_TABS)[number];
const TAB_NAMES: Record<SideTab, string> = { people: 'People', chat: 'Chat', questions: 'Questions', votes: 'Votes' };

const ROLE_NAMES = { host: 'Host', moderator: 'Moderator', speaker: 'Guest speaker', participant: 'Participant' } as const;

function CallHeader({ title }: { title: string }) {
  const you = useYou();
  const listed = useCall((c) => presentCount(c));
  const onStage = useCall((c) => presentCount(c, ['host', 'moderator', 'speaker']));
  const present = useCallSelector((v) => v.present);
  const total = Math.max(present ?? listed, listed);
  const heading = useRef<HTMLHeadingElement>(null);
  // Arriving in the call (after Join, or the lobby) puts the focus on its name, not on the page.
  useEffect(() => heading.current?.focus(), []);
  return (
    <header className="call-header">
      <div className="call-title">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p className="muted" data-testid="audience-count">
          {total - onStage} in the audience · {onStage} hosts, moderators and speakers
        </p>
      </div>
      <div className="call-header-actions">
        <span className={`role role-${you.role}`}>{ROLE_NAMES[you.role]}</span>
        <MessageHistory />
      </div>
    </header>
  );
}

function CallBanners() {
  const session = useSession();
  const you = useYou();
  const suspended = useCall((c) => c.suspended !== null);
  const doorsClosed = useCall((c) => c.settings.doorsOpen === false);
  const waiting = useCall((c) => (isStaff(you.role) ? waitingList(c).length : 0));
  return (
    <>
      <ConnectionBanner />
      {suspended ? (
        <div className="banner banner-danger" role="status">
          The moderators have suspended the call: the audience is silenced and the chat is off.
        </div>
      ) : null}
      {doorsClosed ? (
        <div className="banner banner-green" role="status" data-testid="green-room">
          <span>
            Green room: the doors are closed. Participants wait in the pre-call room until the host opens the doors
            {isStaff(you.role) ? ` (${waiting} waiting)` : ''}.
          </span>
          {roleMayIssue(you.role, 'open_doors') ? (
            <button type="button" className="primary" onClick={() => void session.command({ type: 'open_doors' }, 'The doors are open')} data-testid="open-doors">
              Open the doors
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function FloorStatus({ you }: { you: Identity }) {
  const floor = useCall((c) => c.floor);
  const names = useShownNames();
  const holder = floor ? (names.get(floor.identity) ?? null) : null;
  const skew = useCallSelector((v) => v.clockSkewMs);
  return <FloorTimer floor={floor} holderName={holder} isYou={floor?.identity === you} skewMs={skew} />;
}

function useUnreadChat(open: boolean): number {
  const count = useCall((c) => c.chat.length);
  const [seen, setSeen] = useState(count);
  useEffect(() => {
    if (open) setSeen(count);
  }, [open, count]);
  return Math.max(0, count - seen);
}

export default function CallScreen({ title }: { title: string }) {
  const session = useSession();
  const you = useYou();
  const conversation = useCall((c) => c.settings.format === 'conversation');
  const onFloor = useCall((c) => c.floor?.identity === you.identity);
  const [tab, setTab] = useState<SideTab>('people');
  const [reporting, setReporting] = useState<Identity | null>(null);
  const [managing, setManaging] = useState<Identity | null>(null);
  const announcement = useAnnouncements(tab === 'chat');
  const unread = useUnreadChat(tab === 'chat');
  const runsCall = roleMayIssue(you.role, 'next_speaker');
  useDocumentTitle(title);

  const selectTab = (t: SideTab) => {
    setTab(t);
    document.getElementById(`tab-${t}`)?.focus();
  };
  const toggleChat = () => {
    if (tab === 'chat') return setTab('people');
    setTab('chat');
    focusWhenReady('#chat-input, [data-testid="chat-list"]');
  };

  return (
    <RoomContext.Provider value={session.room}>
      <div className={`call${onFloor ? ' call-live' : ''}`} data-testid="call" data-role={you.role}>
        <a className="skip-link" href="#queue-title">
          Skip to the speaker queue
        </a>
        <CallHeader title={title} />
        <main className="call-main">
          <div className="call-center">
            <CallBanners />
            <LiveBadge />
            <FloorPrompt you={you.identity} />
            <DecisionsOnStage />
            {conversation ? <Gallery you={you.identity} /> : <Stage you={you.identity} />}
            <Captions />
            <CaptionComposer />
            <FloorStatus you={you.identity} />
            <StartAudio label="Click to hear the call" className="primary" />
            <MediaNotices />
            {runsCall ? (
              <Suspense fallback={<p role="status">Loading the moderator console…</p>}>
                <ModeratorConsole onManage={setManaging} />
              </Suspense>
            ) : null}
          </div>
          <section className="call-side" aria-label="Queue, people and chat">
            <QueueList you={you.identity} />
            <div className="tabs" role="tablist" aria-label="People, chat, questions and votes">
              {SIDE_TABS.map((t, i) => (
                <button
                  key={t}
                  type="button"
                  role="tab"
                  id={`tab-${t}`}
                  aria-selected={tab === t}
                  aria-controls={`tabpanel-${t}`}
                  tabIndex={tab === t ? 0 : -1}
                  onClick={() => setTab(t)}
                  onKeyDown={(e) => {
                    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                    if (step) selectTab(SIDE_TABS[(i + step + SIDE_TABS.length) % SIDE_TABS.length]!);
                  }}
                  data-testid={`tab-${t}`}
                >
                  {t === 'chat' && unread > 0 ? `Chat (${unread} new)` : TAB_NAMES[t]}
                </button>
              ))}
            </div>
            <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
              {tab === 'people' ? (
                <ParticipantList you={you.identity} staff={isStaff(you.role)} onManage={setManaging} onReport={setReporting} />
              ) : tab === 'chat' ? (
                <Chat you={you.identity} />
              ) : tab === 'questions' ? (
                <QuestionsPanel />
              ) : (
                <VotesPanel />
              )}
            </div>
          </section>
          <LiveRegion announcement={announcement} />
          <Toasts />
        </main>
        <ControlBar chatOpen={tab === 'chat'} unread={unread} onChat={toggleChat} />
        <RoomAudioRenderer />
        <ReportDialog target={reporting} onClose={() => setReporting(null)} />
        {managing && isStaff(you.role) ? (
          <Suspense fallback={null}>
            <PersonActions target={managing} onClose={() => setManaging(null)} />
          </Suspense>
        ) : null}
      </div>
    </RoomContext.Provider>
  );
}

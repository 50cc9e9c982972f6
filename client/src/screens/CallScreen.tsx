// The call: stage, floor timer, your controls, the queue, people and chat; the moderator console
// (its own chunk) for hosts and moderators.
import { RoomAudioRenderer, RoomContext, StartAudio } from '@livekit/components-react';
import { isStaff, presentCount, waitingList, type CallState, type Member } from '@caucus/shared';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Chat } from '../components/Chat';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { FloorTimer } from '../components/FloorTimer';
import { HandControls } from '../components/HandControls';
import { LiveRegion } from '../components/LiveRegion';
import { LiveBadge, MediaControls } from '../components/MediaControls';
import { ParticipantList } from '../components/ParticipantList';
import { QueueList } from '../components/QueueList';
import { ReportDialog } from '../components/ReportDialog';
import { Gallery } from '../components/Gallery';
import { Stage } from '../components/Stage';
import { Toasts } from '../components/Toasts';
import { InCallContext } from '../hooks/useInCall';
import { useSession } from '../hooks/useSession';
import type { CallView, You } from '../protocol/view';

const ModeratorConsole = lazy(() => import('../moderator/ModeratorConsole'));
const PersonActions = lazy(() => import('../moderator/PersonActions'));

type SideTab = 'people' | 'chat';

export default function CallScreen({ title, call, you, view }: { title: string; call: CallState; you: You; view: CallView }) {
  const session = useSession();
  const staff = isStaff(you.role);
  // Your own record is always in your view; the fallback only covers a malformed snapshot.
  const me: Member = call.members.get(you.identity) ?? {
    identity: you.identity, name: '', role: you.role, status: 'present', joinedAt: 0, silenced: false, chatMuted: false,
    cameraOff: false, hadFloor: false, spokenMs: 0, floorCount: 0, device: null, ipHash: null,
  };
  const [tab, setTab] = useState<SideTab>('people');
  const [reporting, setReporting] = useState<Member | null>(null);
  const [managing, setManaging] = useState<Member | null>(null);
  const inCall = useMemo(() => ({ call, you }), [call, you]);
  const deletions = useMemo(
    () => view.audit.flatMap((e) => (e.event.type === 'chat_deleted' ? [{ id: e.event.messageId, at: e.at }] : [])),
    [view.audit],
  );
  // A participant's state lists only the people on the public record; presence frames give the
  // head count. Staff see everyone, so both agree for them.
  const listed = presentCount(call);
  const total = Math.max(view.present ?? listed, listed);
  const onStageCount = presentCount(call, ['host', 'moderator', 'speaker']);
  const audience = total - onStageCount;
  const onFloor = call.floor?.identity === you.identity;
  const dismiss = useCallback((id: number) => session.store.dispatch({ type: 'dismiss', id }), [session]);
  const managed = managing ? (call.members.get(managing.identity) ?? managing) : null;

  return (
    <InCallContext.Provider value={inCall}>
      <RoomContext.Provider value={session.room}>
        <div className={`call${onFloor ? ' call-live' : ''}`} data-testid="call" data-role={you.role}>
          <a className="skip-link" href="#queue-title">
            Skip to the speaker queue
          </a>
          <header className="call-header">
            <div className="call-title">
              <h1>{title}</h1>
              <p className="muted" data-testid="audience-count">
                {audience} in the audience · {onStageCount} hosts, moderators and speakers
              </p>
            </div>
            <div className="call-header-actions">
              <span className={`role role-${you.role}`}>{roleName(you.role)}</span>
              <button type="button" onClick={() => session.leave()} data-testid="leave">
                Leave
              </button>
            </div>
          </header>
          <ConnectionBanner socket={view.socket} media={view.media} connectedOnce={view.connectedOnce} />
          {call.suspended ? (
            <div className="banner banner-danger" role="status">
              The moderators have suspended the call: the audience is silenced and the chat is off.
            </div>
          ) : null}
          {call.settings.doorsOpen === false ? (
            <div className="banner banner-green" role="status" data-testid="green-room">
              <span>
                Green room: the doors are closed. Participants wait in the pre-call room until the host opens the doors
                {staff ? ` (${waitingList(call).length} waiting)` : ''}.
              </span>
              {you.role === 'host' ? (
                <button type="button" className="primary" onClick={() => void session.command({ type: 'open_doors' }, 'The doors are open')} data-testid="open-doors">
                  Open the doors
                </button>
              ) : null}
            </div>
          ) : null}
          <LiveBadge onFloor={onFloor} onStage={you.role !== 'participant'} />
          <div className="call-main">
            <div className="call-center">
              {call.settings.format === 'conversation' ? <Gallery call={call} you={you.identity} /> : <Stage call={call} you={you.identity} />}
              <FloorTimer floor={call.floor} holderName={call.floor ? (call.members.get(call.floor.identity)?.name ?? null) : null} isYou={onFloor} skewMs={view.clockSkewMs} />
              <div className="controls">
                <StartAudio label="Click to hear the call" className="primary" />
                <MediaControls me={me} suspended={call.suspended !== null} conversation={call.settings.format === 'conversation'} onFloor={onFloor} />
                <HandControls call={call} you={you.identity} role={you.role} />
              </div>
              {staff ? (
                <Suspense fallback={<p role="status">Loading the moderator console…</p>}>
                  <ModeratorConsole audit={view.audit} onManage={setManaging} />
                </Suspense>
              ) : null}
            </div>
            <aside className="call-side" aria-label="Queue, people and chat">
              <QueueList call={call} you={you.identity} />
              <div className="tabs" role="tablist" aria-label="People and chat">
                {(['people', 'chat'] as const).map((t) => (
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
                      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                        const next = t === 'people' ? 'chat' : 'people';
                        setTab(next);
                        document.getElementById(`tab-${next}`)?.focus();
                      }
                    }}
                    data-testid={`tab-${t}`}
                  >
                    {t === 'people' ? `People (${total})` : `Chat (${call.chat.length})`}
                  </button>
                ))}
              </div>
              <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
                {tab === 'people' ? (
                  <ParticipantList
                    call={call}
                    unlisted={total - listed}
                    you={you.identity}
                    actions={(m) =>
                      staff ? (
                        <button type="button" className="small" onClick={() => setManaging(m)} aria-label={`Manage ${m.name}`} data-testid="manage-person">
                          Manage
                        </button>
                      ) : (
                        <button type="button" className="small" onClick={() => setReporting(m)} aria-label={`Report ${m.name}`} data-testid="report-person">
                          Report
                        </button>
                      )
                    }
                  />
                ) : (
                  <Chat call={call} you={you.identity} staff={staff} deletions={deletions} />
                )}
              </div>
            </aside>
          </div>
          <RoomAudioRenderer />
          <ReportDialog target={reporting} onClose={() => setReporting(null)} />
          {staff && managed ? (
            <Suspense fallback={null}>
              <PersonActions target={managed} onClose={() => setManaging(null)} />
            </Suspense>
          ) : null}
          <LiveRegion announcement={view.announcement} />
          <Toasts notices={view.notices} onDismiss={dismiss} />
        </div>
      </RoomContext.Provider>
    </InCallContext.Provider>
  );
}

function roleName(role: You['role']): string {
  return { host: 'Host', moderator: 'Moderator', speaker: 'Guest speaker', participant: 'Participant' }[role];
}

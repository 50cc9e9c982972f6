// Hosts' and moderators' console: a separate chunk (React.lazy), so the participant path stays light.
import { waitingList, type Identity } from '@caucus/shared';
import { useState } from 'react';
import { useCall } from '../hooks/useCallSelector';
import { AuditLog } from './AuditLog';
import { LobbyPanel } from './LobbyPanel';
import { QueueControls } from './QueueControls';
import { RaidPanel } from './raid/RaidPanel';
import { SpikeAlert } from './raid/SpikeAlert';
import { ReportsInbox } from './ReportsInbox';
import { RoomControls } from './RoomControls';
import { SpeakingStats } from './SpeakingStats';

const TABS = ['queue', 'lobby', 'raid', 'reports', 'room', 'stats', 'audit'] as const;
type Tab = (typeof TABS)[number];

export default function ModeratorConsole({ onManage }: { onManage: (identity: Identity) => void }) {
  const queued = useCall((c) => c.queue.length);
  const reports = useCall((c) => c.reports.length);
  const waiting = useCall((c) => waitingList(c).length);
  const shieldUp = useCall((c) => c.shield !== null);
  const spike = useCall((c) => c.spike !== null && c.shield === null);
  const [tab, setTab] = useState<Tab>('queue');
  const labels: Record<Tab, string> = {
    queue: `Queue (${queued})`,
    lobby: `Lobby (${waiting})`,
    raid: shieldUp ? 'Raid (shield up)' : 'Raid',
    reports: `Reports (${reports})`,
    room: 'Room',
    stats: 'Speaking time',
    audit: 'Audit log',
  };
  const move = (from: Tab, delta: number) => {
    const next = TABS[(TABS.indexOf(from) + delta + TABS.length) % TABS.length]!;
    setTab(next);
    document.getElementById(`mod-tab-${next}`)?.focus();
  };
  return (
    <section className="console" aria-labelledby="console-title" data-testid="moderator-console">
      <h2 id="console-title">Moderator console</h2>
      <SpikeAlert />
      <div className="tabs" role="tablist" aria-label="Moderator tools">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`mod-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`mod-panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            className={(t === 'lobby' && waiting > 0) || (t === 'raid' && spike) ? 'tab-alert' : undefined}
            onClick={() => setTab(t)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(t, 1);
              if (e.key === 'ArrowLeft') move(t, -1);
            }}
            data-testid={`mod-tab-${t}`}
          >
            {labels[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`mod-panel-${tab}`} aria-labelledby={`mod-tab-${tab}`} className="console-panel">
        {tab === 'queue' ? <QueueControls /> : null}
        {tab === 'lobby' ? <LobbyPanel /> : null}
        {tab === 'raid' ? <RaidPanel /> : null}
        {tab === 'reports' ? <ReportsInbox onManage={onManage} /> : null}
        {tab === 'room' ? <RoomControls /> : null}
        {tab === 'stats' ? <SpeakingStats /> : null}
        {tab === 'audit' ? <AuditLog /> : null}
      </div>
    </section>
  );
}

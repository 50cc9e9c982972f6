// Everyone present, fast with thousands of people: only the visible rows are in the DOM. Rows grow
// with long names (measured), so a name is readable in full; every row's button names its person.
import { useVirtualizer } from '@tanstack/react-virtual';
import { presentCount, type CallState, type Identity, type Member, type Role } from '@caucus/shared';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useCall, useCallSelector } from '../hooks/useCallSelector';
import { useShownNames } from '../hooks/useShownNames';
import { allMembers } from '../lib/members';
import type { ShownNames } from '../lib/names';

const ROLE_ORDER: Record<Role, number> = { host: 0, moderator: 1, speaker: 2, participant: 3 };
const ROLE_LABEL: Record<Role, string> = { host: 'Host', moderator: 'Moderator', speaker: 'Speaker', participant: '' };

/** Present members, staff and speakers first, then by name; filtered by a search text. */
export function sortedPresent(call: Pick<CallState, 'members'>, filter: string, names?: ShownNames): Member[] {
  const q = filter.trim().toLocaleLowerCase();
  const shown = (m: Member) => names?.get(m.identity) ?? m.name;
  return [...allMembers(call)]
    .filter((m) => m.status === 'present' && (!q || shown(m).toLocaleLowerCase().includes(q)))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name) || (a.identity < b.identity ? -1 : 1));
}

const ROW_HEIGHT = 44;

export function ParticipantList({
  you,
  staff,
  onManage,
  onReport,
}: {
  you: Identity;
  staff: boolean;
  onManage: (identity: Identity) => void;
  onReport: (identity: Identity) => void;
}) {
  const members = useCall((c) => c.members);
  const floor = useCall((c) => c.floor?.identity ?? null);
  const queue = useCall((c) => c.queue);
  const listed = useCall((c) => presentCount(c));
  const present = useCallSelector((v) => v.present);
  // People present but not on the public record (listeners who never raised a hand or wrote).
  const unlisted = Math.max(0, (present ?? listed) - listed);
  const names = useShownNames();
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);
  const people = useMemo(() => sortedPresent({ members }, deferred, names), [members, deferred, names]);
  const parentRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: people.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => people[i]!.identity,
    overscan: 8,
  });
  const queued = new Set(queue.map((e) => e.identity));

  return (
    <section className="panel people" aria-labelledby="people-title">
      <h2 id="people-title" tabIndex={-1}>
        People <span className="count" data-testid="people-count">({people.length + unlisted})</span>
      </h2>
      <label className="search">
        <span className="visually-hidden">Search people</span>
        <input type="search" placeholder="Search people" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <div ref={parentRef} className="people-scroll">
        <ul role="list" style={{ height: virtual.getTotalSize(), position: 'relative' }} data-testid="people-list">
          {virtual.getVirtualItems().map((row) => {
            const m = people[row.index]!;
            const name = names.get(m.identity) ?? m.name;
            return (
              <li
                key={m.identity}
                ref={virtual.measureElement}
                data-index={row.index}
                className="person"
                data-testid="person"
                data-identity={m.identity}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, minHeight: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <span className="person-name">
                  {name}
                  {m.identity === you ? ' (you)' : ''}
                </span>
                <span className="person-tags">
                  {ROLE_LABEL[m.role] ? <span className={`tag tag-${m.role}`}>{ROLE_LABEL[m.role]}</span> : null}
                  {floor === m.identity ? <span className="tag tag-floor">Floor</span> : null}
                  {queued.has(m.identity) ? <span className="tag tag-hand">Hand up</span> : null}
                  {m.silenced ? <span className="tag tag-danger">Silenced</span> : null}
                  {m.chatMuted ? <span className="tag">Chat muted</span> : null}
                </span>
                <span className="person-actions">
                  {m.identity === you ? null : staff ? (
                    <button type="button" className="small" onClick={() => onManage(m.identity)} aria-label={`Manage ${name}`} data-testid="manage-person">
                      Manage
                    </button>
                  ) : (
                    <button type="button" className="small" onClick={() => onReport(m.identity)} aria-label={`Report ${name}`} data-testid="report-person">
                      Report
                    </button>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      </div>
      {unlisted > 0 ? (
        <p className="muted" data-testid="unlisted-count">
          and {unlisted} more listening
        </p>
      ) : null}
    </section>
  );
}

// Everyone present, fast with thousands of people: only the visible rows are in the DOM.
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CallState, Identity, Member, Role } from '@caucus/shared';
import { useDeferredValue, useMemo, useRef, useState, type ReactNode } from 'react';

const ROLE_ORDER: Record<Role, number> = { host: 0, moderator: 1, speaker: 2, participant: 3 };
const ROLE_LABEL: Record<Role, string> = { host: 'Host', moderator: 'Moderator', speaker: 'Speaker', participant: '' };

/** Present members, staff and speakers first, then by name; filtered by a search text. */
export function sortedPresent(call: CallState, filter: string): Member[] {
  const q = filter.trim().toLocaleLowerCase();
  return [...call.members.values()]
    .filter((m) => m.status === 'present' && (!q || m.name.toLocaleLowerCase().includes(q)))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name) || (a.identity < b.identity ? -1 : 1));
}

const ROW_HEIGHT = 44;

export function ParticipantList({
  call,
  you,
  unlisted,
  actions,
}: {
  call: CallState;
  /** People present but not on the public record (listeners who never raised a hand or wrote). */
  unlisted: number;
  you: Identity;
  /** The controls at the end of a row (report, or a moderator's actions). */
  actions: (m: Member) => ReactNode;
}) {
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);
  const people = useMemo(() => sortedPresent(call, deferred), [call.members, deferred]); // eslint-disable-line react-hooks/exhaustive-deps
  const parentRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: people.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const queued = new Set(call.queue.map((e) => e.identity));

  return (
    <section className="panel people" aria-labelledby="people-title">
      <h2 id="people-title">
        People <span className="count" data-testid="people-count">({people.length + unlisted})</span>
      </h2>
      <label className="search">
        <span className="visually-hidden">Search people</span>
        <input type="search" placeholder="Search people" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <div ref={parentRef} className="people-scroll" tabIndex={-1}>
        <ul role="list" style={{ height: virtual.getTotalSize(), position: 'relative' }} data-testid="people-list">
          {virtual.getVirtualItems().map((row) => {
            const m = people[row.index]!;
            return (
              <li
                key={m.identity}
                className="person"
                data-testid="person"
                data-identity={m.identity}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <span className="person-name">
                  {m.name}
                  {m.identity === you ? ' (you)' : ''}
                </span>
                <span className="person-tags">
                  {ROLE_LABEL[m.role] ? <span className={`tag tag-${m.role}`}>{ROLE_LABEL[m.role]}</span> : null}
                  {call.floor?.identity === m.identity ? <span className="tag tag-floor">Floor</span> : null}
                  {queued.has(m.identity) ? <span className="tag tag-hand">Hand up</span> : null}
                  {m.silenced ? <span className="tag tag-danger">Silenced</span> : null}
                  {m.chatMuted ? <span className="tag">Chat muted</span> : null}
                </span>
                <span className="person-actions">{m.identity === you ? null : actions(m)}</span>
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

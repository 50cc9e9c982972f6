import type { Member } from '@caucus/shared';
import { useInCall } from '../hooks/useInCall';
import { formatClock } from '../lib/format';

export function ReportsInbox({ onManage }: { onManage: (m: Member) => void }) {
  const { call } = useInCall();
  const reports = [...call.reports].reverse();
  if (reports.length === 0) return <p className="muted">No reports.</p>;
  return (
    <ul className="plain-list" data-testid="reports">
      {reports.map((r) => {
        const target = call.members.get(r.participant);
        return (
          <li key={r.id} className="row report" data-testid="report">
            <span className="grow">
              <strong>{target?.name ?? 'someone'}</strong> reported by {call.members.get(r.by)?.name ?? 'someone'} at {formatClock(r.at)}
              <br />
              <q>{r.reason}</q>
              {target && target.status !== 'present' ? <span className="tag">{target.status}</span> : null}
            </span>
            {target && target.status === 'present' ? (
              <button type="button" className="small" onClick={() => onManage(target)}>
                Manage {target.name}
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

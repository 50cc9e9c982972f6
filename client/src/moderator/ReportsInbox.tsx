import type { Identity } from '@caucus/shared';
import { useCall } from '../hooks/useCallSelector';
import { useShownNames } from '../hooks/useShownNames';
import { formatClock } from '../lib/format';
import { memberOf } from '../lib/members';
import { nameIn } from '../lib/names';

export function ReportsInbox({ onManage }: { onManage: (identity: Identity) => void }) {
  const members = useCall((c) => c.members);
  const names = useShownNames();
  const reports = [...useCall((c) => c.reports)].reverse();
  if (reports.length === 0) return <p className="muted">No reports.</p>;
  return (
    <ul className="plain-list" data-testid="reports">
      {reports.map((r) => {
        const target = memberOf({ members }, r.participant);
        return (
          <li key={r.id} className="row report" data-testid="report">
            <span className="grow">
              <strong>{nameIn(names, r.participant)}</strong> reported by {nameIn(names, r.by)} at {formatClock(r.at)}
              <br />
              <q>
                <bdi dir="auto" data-testid="report-reason">
                  {r.reason}
                </bdi>
              </q>
              {target && target.status !== 'present' ? <span className="tag">{target.status}</span> : null}
            </span>
            {target && target.status === 'present' ? (
              <button type="button" className="small" onClick={() => onManage(target.identity)}>
                Manage {nameIn(names, target.identity)}
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

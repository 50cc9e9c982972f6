// The events this browser received since it joined: who did what to whom, exportable.
import { auditToCsv, auditToJson } from '../lib/audit-export';
import { formatClock } from '../lib/format';
import { useCall, useCallSelector } from '../hooks/useCallSelector';

function download(filename: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const SHOWN = 300;

export function AuditLog() {
  const callId = useCall((c) => c.callId);
  const entries = useCallSelector((v) => v.audit);
  const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
  const recent = entries.slice(-SHOWN).reverse();
  return (
    <div>
      <div className="button-row">
        <button type="button" onClick={() => download(`caucus-${callId}-audit-${stamp}.csv`, 'text/csv', auditToCsv(entries))} data-testid="export-csv">
          Export CSV
        </button>
        <button type="button" onClick={() => download(`caucus-${callId}-audit-${stamp}.json`, 'application/json', auditToJson(callId, entries))} data-testid="export-json">
          Export JSON
        </button>
        <span className="muted">{entries.length} events received since you joined.</span>
      </div>
      <ol className="audit" data-testid="audit-log" tabIndex={0} aria-label="Events received, newest first">
        {recent.map((e) => (
          <li key={e.seq} className={`audit-${e.type}`}>
            <time>{formatClock(e.at)}</time> {e.summary}
          </li>
        ))}
      </ol>
    </div>
  );
}

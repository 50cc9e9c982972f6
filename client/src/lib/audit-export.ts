// The audit trail as files a coalition's organisers can keep: JSON (everything) and CSV (one row
// per event, safe to open in a spreadsheet).
import type { AuditEntry } from '../protocol/view';

const CSV_COLUMNS = ['seq', 'time', 'type', 'by', 'by_name', 'participant', 'participant_name', 'summary'] as const;

/**
 * RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR): names and reasons are typed by strangers.
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditToCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) =>
    [e.seq, new Date(e.at).toISOString(), e.type, e.by, e.byName, e.participant, e.participantName, e.summary].map(csvCell).join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export function auditToJson(callId: string, entries: readonly AuditEntry[]): string {
  return JSON.stringify(
    {
      callId,
      exportedAt: new Date().toISOString(),
      note: 'Events this browser received since it joined the call.',
      events: entries.map((e) => ({ seq: e.seq, time: new Date(e.at).toISOString(), summary: e.summary, ...e.event })),
    },
    null,
    2,
  );
}

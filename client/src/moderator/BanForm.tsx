// The ban form in a person's actions: a reason; how far the ban reaches (a host chooses; a
// moderator's ban holds for this call and goes on the coalition's ban list, where an organizer can
// widen it); for how long; the network; and the person's chat lines and the reports about them
// that led to it (copied into the ban, so they outlive the chat). Chat text is shown isolated
// (<bdi>): a right-to-left line cannot reorder the form around it.
import { BAN_EVIDENCE_MAX, type BanScope, type Identity, type Role } from '@caucus/shared';
import { useState } from 'react';
import { useCall } from '../hooks/useCallSelector';
import { formatClock } from '../lib/format';

/** Durations offered (minutes); null: until lifted. */
const DURATIONS: readonly [string, number | null][] = [
  ['Until lifted', null],
  ['1 hour', 60],
  ['1 day', 24 * 60],
  ['1 week', 7 * 24 * 60],
  ['30 days', 30 * 24 * 60],
];

export interface BanChoice {
  reason: string;
  ip: boolean;
  scope: BanScope;
  durationMin: number | null;
  reports: string[];
  messages: string[];
}

export function BanForm({
  target,
  name,
  yourRole,
  onBan,
  onBack,
}: {
  target: Identity;
  name: string;
  yourRole: Role;
  onBan: (choice: BanChoice) => Promise<void>;
  onBack: () => void;
}) {
  const host = yourRole === 'host';
  const lines = useCall((c) => c.chat.filter((m) => m.from === target));
  const reports = useCall((c) => c.reports.filter((r) => r.participant === target));
  const [reason, setReason] = useState('');
  const [ip, setIp] = useState(false);
  const [scope, setScope] = useState<BanScope>(host ? 'coalition' : 'call');
  const [duration, setDuration] = useState(0);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else if (next.size < BAN_EVIDENCE_MAX * 2) next.add(id);
    setPicked(next);
  };
  const reportIds = reports.filter((r) => picked.has(r.id)).map((r) => r.id).slice(0, BAN_EVIDENCE_MAX);
  const messageIds = lines.filter((m) => picked.has(m.id)).map((m) => m.id).slice(0, BAN_EVIDENCE_MAX);

  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        if (!reason.trim()) return;
        await onBan({ reason, ip, scope, durationMin: DURATIONS[duration]![1], reports: reportIds, messages: messageIds });
      }}
      data-testid="ban-form"
    >
      <p>
        Ban <strong>{name}</strong>? They are disconnected at once and cannot rejoin from this browser or with any invite link.
      </p>
      <label htmlFor="ban-reason">Reason (required, kept in the audit log and on the ban list)</label>
      <input id="ban-reason" value={reason} required maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="ban-reason" autoFocus />
      {host ? (
        <fieldset data-testid="ban-scope">
          <legend>Where the ban holds</legend>
          <label className="check">
            <input type="radio" name="ban-scope" checked={scope === 'coalition'} onChange={() => setScope('coalition')} data-testid="ban-scope-coalition" />
            Every call of the coalition, now and later
          </label>
          <label className="check">
            <input type="radio" name="ban-scope" checked={scope === 'call'} onChange={() => setScope('call')} data-testid="ban-scope-call" />
            This call only
          </label>
        </fieldset>
      ) : (
        <p className="help">Your ban holds for this call. It goes on the coalition&apos;s ban list, where an organizer can widen it to every call.</p>
      )}
      <label htmlFor="ban-duration">For how long</label>
      <select id="ban-duration" value={duration} onChange={(e) => setDuration(Number(e.target.value))} data-testid="ban-duration">
        {DURATIONS.map(([label], i) => (
          <option key={label} value={i}>
            {label}
          </option>
        ))}
      </select>
      <label className="check">
        <input type="checkbox" checked={ip} onChange={(e) => setIp(e.target.checked)} data-testid="ban-ip" />
        Also block their network (IP address). Careful: this also blocks others who share it, such as an office or a campus.
      </label>
      {lines.length + reports.length > 0 ? (
        <fieldset data-testid="ban-evidence">
          <legend>Attach what led to it (copied into the ban)</legend>
          {reports.map((r) => (
            <label className="check" key={r.id}>
              <input type="checkbox" checked={picked.has(r.id)} onChange={() => toggle(r.id)} data-testid="ban-evidence-report" />
              <span>
                Report at {formatClock(r.at)}: <bdi dir="auto">{r.reason}</bdi>
              </span>
            </label>
          ))}
          {lines.map((m) => (
            <label className="check" key={m.id}>
              <input type="checkbox" checked={picked.has(m.id)} onChange={() => toggle(m.id)} data-testid="ban-evidence-chat" />
              <span>
                Chat at {formatClock(m.at)}: <bdi dir="auto">{m.text}</bdi>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="dialog-actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="submit" className="danger" disabled={!reason.trim()} data-testid="confirm-ban">
          Ban
        </button>
      </div>
    </form>
  );
}

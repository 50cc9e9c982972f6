// The coalition's ban list: every ban from every call, newest first. Who, when, by whom, why, in
// which call, where it holds (this call or the coalition), until when, what it holds (browser,
// network, account, invitation) and the evidence attached; lift a ban, or widen a moderator's
// per-call ban to every call. Text from the call (names, reasons, chat) is shown isolated (<bdi>).
import { useState } from 'react';
import type { ApiError } from '../../lib/api';
import { ConfirmButton, ErrorNote, Loading, useLoad, when } from '../ui';
import { liftBan, listBans, widenBan, type ConsoleBan } from './bans-api';

const HOLD_LABELS: [keyof ConsoleBan['holds'], string][] = [
  ['browser', 'browser'],
  ['network', 'network'],
  ['account', 'account'],
  ['invitation', 'personal invitation'],
];

function Evidence({ ban }: { ban: ConsoleBan }) {
  const { reports, chat } = ban.evidence;
  if (reports.length + chat.length === 0) return null;
  return (
    <details>
      <summary>Evidence ({reports.length + chat.length})</summary>
      <ul className="plain-list" data-testid="ban-evidence">
        {reports.map((r) => (
          <li key={r.id}>
            Report, {when(new Date(r.at).toISOString())}: <bdi dir="auto">{r.reason}</bdi>
          </li>
        ))}
        {chat.map((m) => (
          <li key={m.id}>
            Chat, {when(new Date(m.at).toISOString())}, <bdi dir="auto">{m.name}</bdi>: <bdi dir="auto">{m.text}</bdi>
          </li>
        ))}
      </ul>
    </details>
  );
}

function BanRow({ ban, onChanged }: { ban: ConsoleBan; onChanged: () => void }) {
  const holds = HOLD_LABELS.filter(([k]) => ban.holds[k]).map(([, label]) => label);
  return (
    <li data-testid="ban" data-ban-id={ban.id} data-status={ban.status}>
      <div className="grow">
        <strong>
          <bdi dir="auto">{ban.name}</bdi>
        </strong>{' '}
        <span className="muted">({ban.role})</span>
        <span className="tag" data-testid="ban-scope">
          {ban.scope === 'coalition' ? 'every call' : 'this call only'}
        </span>
        {ban.status !== 'active' ? <span className="tag">{ban.status}</span> : null}
        <br />
        <bdi dir="auto" data-testid="ban-reason">
          {ban.reason}
        </bdi>
        <br />
        <span className="muted">
          By <bdi dir="auto">{ban.by}</bdi>, {when(ban.at)}, in <a href={`/console/calls/${encodeURIComponent(ban.call.id)}`}>{ban.call.title ?? ban.call.id}</a>.{' '}
          {ban.expiresAt ? `Until ${when(ban.expiresAt)}.` : 'Until lifted.'} Holds: the person{holds.length ? `, ${holds.join(', ')}` : ''}.
          {ban.widened ? ` Widened by ${ban.widened.by}, ${when(ban.widened.at)}.` : ''}
          {ban.lifted ? ` Lifted by ${ban.lifted.by}, ${when(ban.lifted.at)}.` : ''}
        </span>
        <Evidence ban={ban} />
      </div>
      {ban.status === 'active' ? (
        <span className="button-row">
          {ban.scope === 'call' ? (
            <ConfirmButton
              label="Widen to every call"
              title={`Ban ${ban.name} from every call of the coalition?`}
              confirmLabel="Ban from every call"
              onConfirm={() => widenBan(ban.id).then(onChanged)}
              className="small"
              testId="widen-ban"
            >
              <p>Their browser{ban.holds.network ? ', their network' : ''} and any account or invitation they used are refused in every call, now and later. If they are in another call right now, they are taken out of it.</p>
            </ConfirmButton>
          ) : null}
          <ConfirmButton
            label="Lift"
            title={`Lift the ban on ${ban.name}?`}
            confirmLabel="Lift the ban"
            onConfirm={() => liftBan(ban.id).then(onChanged)}
            className="danger-outline small"
            testId="lift-ban"
          >
            <p>They can join the coalition&apos;s calls again with a link.</p>
          </ConfirmButton>
        </span>
      ) : null}
    </li>
  );
}

export function BansPage() {
  const [all, setAll] = useState(false);
  const [data, reload] = useLoad(() => listBans(all), [all]);
  const error: ApiError | null = data.state === 'failed' ? data.error : null;
  return (
    <>
      <h1>Ban list</h1>
      <p className="help">Bans from every call of the coalition. A moderator&apos;s ban holds for its call until an organizer widens it.</p>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} data-testid="bans-show-all" />
        Show lifted and expired bans too
      </label>
      <ErrorNote error={error} />
      {data.state === 'loading' ? <Loading what="the ban list" /> : null}
      {data.state === 'ready' ? (
        data.value.bans.length === 0 ? (
          <p className="muted">No bans.</p>
        ) : (
          <ul className="plain-list" data-testid="bans">
            {data.value.bans.map((b) => (
              <BanRow key={b.id} ban={b} onChanged={reload} />
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}

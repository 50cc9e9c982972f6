// One call: open it as host, the participant link (copy, rotate), who hosts and moderates, the
// personal invitations (invite, re-send, revoke), edit, end or cancel, and the audit log.
import { useState } from 'react';
import { ApiError } from '../lib/api';
import {
  auditLog,
  callDetail,
  closeCall,
  coalition,
  invite,
  resendInvitation,
  revokeInvitation,
  rotateParticipantLink,
  type Account,
  type CallDetail,
  type Invitation,
} from './console-api';
import { RegistrationSection } from './registration/RegistrationSection';
import { asApiError, ConfirmButton, CopyField, ErrorNote, Loading, useLoad, when } from './ui';

export function CallDetailPage({ callId, account }: { callId: string; account: Account }) {
  const [detail, reload] = useLoad(() => callDetail(callId), [callId]);
  const [fresh, setFresh] = useState<{ label: string; link: string } | null>(null);
  if (detail.state === 'loading') return <Loading what="the call" />;
  if (detail.state === 'failed') return <ErrorNote error={detail.error} />;
  const d = detail.value;
  const { call } = d;
  const organizer = account.role !== 'moderator';
  const open = call.status === 'open';
  return (
    <>
      <p className="eyebrow">
        <a href="/console">Calls</a> / {call.phase}
      </p>
      <div className="page-head">
        <h1 data-testid="call-title-heading">{call.title}</h1>
        {open ? (
          <a className="button primary" href={`/c/${call.id}`} data-testid="open-call">
            Open the call{organizer ? ' as host' : ''}
          </a>
        ) : null}
      </div>
      <p className="muted">
        {when(call.schedule.startsAt, call.schedule.timeZone)}
        {call.schedule.durationMin ? ` · ${call.schedule.durationMin} minutes` : ''} · {call.settings?.format ?? 'stage'}
        {call.schedule.public ? ' · on the public schedule' : ''}
      </p>
      {call.schedule.description ? <p>{call.schedule.description}</p> : null}

      {organizer && open ? (
        <div className="button-row">
          <a className="button" href={`/console/calls/${call.id}/edit`} data-testid="edit-call">
            Edit
          </a>
          <ConfirmButton
            label={call.phase === 'live' ? 'End the call' : 'Cancel the call'}
            title={call.phase === 'live' ? 'End this call for everyone?' : 'Cancel this call?'}
            confirmLabel={call.phase === 'live' ? 'End it now' : 'Cancel the call'}
            onConfirm={() => closeCall(call.id).then(reload)}
            testId="close-call"
          >
            <p>Everyone in it is sent off and every link to it stops working. This cannot be undone.</p>
          </ConfirmButton>
        </div>
      ) : null}

      {fresh ? (
        <div className="notice notice-ok" data-testid="fresh-link">
          <CopyField label={fresh.label} value={fresh.link} testId="fresh-link-value" />
          <p className="help">Send it to that person only. It is shown once; re-send to get a new one (the old one then stops working).</p>
        </div>
      ) : null}

      {organizer && open && d.links.participant ? (
        <section aria-labelledby="participant-link-title">
          <h2 id="participant-link-title">Participant link</h2>
          <CopyField label="Anyone with this link may join as a participant" value={d.links.participant} testId="participant-link" />
          <ConfirmButton
            label="Replace the link"
            title="Replace the participant link?"
            confirmLabel="Replace it"
            onConfirm={() => rotateParticipantLink(call.id).then(reload)}
            testId="rotate-participant"
          >
            <p>The current link stops working at once (people already in stay). Share the new one.</p>
          </ConfirmButton>
        </section>
      ) : null}

      <section aria-labelledby="staff-title">
        <h2 id="staff-title">Who hosts and moderates</h2>
        <p>Hosts: {call.hosts.length ? call.hosts.join(', ') : 'any organizer who opens the call signed in'}</p>
        <p>Moderators: {call.moderators.length ? call.moderators.join(', ') : 'none yet'}</p>
      </section>

      {organizer ? <Invitations detail={d} reload={reload} onLink={setFresh} /> : null}
      {organizer ? <RegistrationSection callId={call.id} open={open} /> : null}
      {organizer ? <Audit callId={call.id} past={!open} /> : null}
    </>
  );
}

function Invitations({ detail, reload, onLink }: { detail: CallDetail; reload: () => void; onLink: (l: { label: string; link: string }) => void }) {
  const { call } = detail;
  const [role, setRole] = useState<Invitation['role']>('speaker');
  const [name, setName] = useState('');
  const [member, setMember] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [members] = useLoad(() => coalition().then((c) => c.members), []);
  const open = call.status === 'open';
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const res = await invite(call.id, { role, name, ...(member ? { accountId: member } : {}) });
      onLink({ label: `${res.role === 'speaker' ? 'Guest speaker' : res.role === 'moderator' ? 'Moderator' : 'Host'} link for ${res.name}`, link: res.link });
      setName('');
      setMember('');
      reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  const live = detail.invitations.filter((i) => i.status !== 'revoked');
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Personal invitations</h2>
      <p className="help">Each invitation names one person and admits one browser: the first to join with it. Nobody else can use it after that.</p>
      {live.length === 0 ? (
        <p className="muted">No one invited yet.</p>
      ) : (
        <ul className="invitation-list" data-testid="invitations">
          {live.map((i) => (
            <li key={i.id} data-testid={`invitation-${i.name}`}>
              <span>
                <strong>{i.name}</strong> · {i.role}
                {i.accountId ? ' (coalition member)' : ''} · <span className="status">{i.status === 'joined' ? 'joined' : 'not joined yet'}</span>
              </span>
              {open ? (
                <span className="button-row">
                  {i.accountId === null ? (
                    <button
                      type="button"
                      className="small"
                      onClick={() =>
                        resendInvitation(call.id, i.id).then(
                          (r) => onLink({ label: `New link for ${i.name}`, link: r.link }),
                          (err: unknown) => setError(asApiError(err)),
                        )
                      }
                    >
                      Re-send
                    </button>
                  ) : null}
                  <ConfirmButton
                    label="Revoke"
                    title={`Revoke ${i.name}’s invitation?`}
                    confirmLabel="Revoke and remove"
                    onConfirm={() => revokeInvitation(call.id, i.id).then(reload)}
                    testId={`revoke-${i.name}`}
                    className="danger-outline small"
                  >
                    <p>Their link stops working, and if they are in the call they are removed from it at once.</p>
                  </ConfirmButton>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <form onSubmit={submit} className="inline-form" aria-labelledby="invite-form-title" data-testid="invite-form">
          <h3 id="invite-form-title">Invite someone</h3>
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Invitation['role'])} data-testid="invite-role">
            <option value="speaker">Guest speaker</option>
            <option value="moderator">Moderator</option>
            <option value="host">Host</option>
          </select>
          <label htmlFor="invite-name">Their name</label>
          <input id="invite-name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} data-testid="invite-name" />
          {members.state === 'ready' ? (
            <>
              <label htmlFor="invite-member">Or a coalition member (joins signed in, no link)</label>
              <select id="invite-member" value={member} onChange={(e) => setMember(e.target.value)}>
                <option value="">A guest with a personal link</option>
                {members.value.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name} ({m.role})
                  </option>
                ))}
              </select>
            </>
          ) : null}
          <ErrorNote error={error} />
          <button type="submit" className="primary" data-testid="invite-submit">
            Create the invitation
          </button>
        </form>
      ) : null}
    </section>
  );
}

function Audit({ callId, past }: { callId: string; past: boolean }) {
  const [shown, setShown] = useState(past);
  const [log] = useLoad(() => (shown ? auditLog(callId) : Promise.resolve(null)), [callId, shown]);
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <div className="button-row">
        {!shown ? (
          <button type="button" onClick={() => setShown(true)}>
            Show the audit log
          </button>
        ) : null}
        <a className="button" href={`/api/console/calls/${callId}/audit?format=csv`} download data-testid="audit-export">
          Export as CSV
        </a>
      </div>
      {log.state === 'failed' ? <ErrorNote error={log.error} /> : null}
      {log.state === 'ready' && log.value ? (
        log.value.events.length === 0 ? (
          <p className="muted">Nothing happened in this call.</p>
        ) : (
          <div className="table-scroll">
            <table data-testid="audit-table">
              <caption className="visually-hidden">What happened in the call, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">By</th>
                  <th scope="col">Who</th>
                </tr>
              </thead>
              <tbody>
                {log.value.events.map((e) => (
                  <tr key={e.seq}>
                    <td>{new Date(e.at).toLocaleTimeString()}</td>
                    <td>{e.type.replace(/_/g, ' ')}</td>
                    <td>{e.byName ?? 'Caucus'}</td>
                    <td>{e.participantName ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}

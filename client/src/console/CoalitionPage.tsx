// The coalition's members and invitations into it (owners manage; organizers see who is there).
import { useState } from 'react';
import { ApiError } from '../lib/api';
import { coalition, inviteMember, removeMember, revokeMemberInvitation, setMemberRole, type Account, type AccountRole } from './console-api';
import { asApiError, ConfirmButton, CopyField, ErrorNote, Loading, useLoad, when } from './ui';

/** A role is changed only after a confirmation: a demoted organizer leaves the calls they host. */
function RoleChange({ member, onChanged }: { member: Account; onChanged: () => void }) {
  const [pending, setPending] = useState<AccountRole>(member.role);
  return (
    <>
      <label htmlFor={`role-${member.id}`} className="visually-hidden">
        Role of {member.name}
      </label>
      <select id={`role-${member.id}`} value={pending} onChange={(e) => setPending(e.target.value as AccountRole)}>
        <option value="owner">owner</option>
        <option value="organizer">organizer</option>
        <option value="moderator">moderator</option>
      </select>
      {pending !== member.role ? (
        <ConfirmButton
          label="Change role"
          title={`Make ${member.name} ${pending === 'owner' ? 'an owner' : `a ${pending}`}?`}
          confirmLabel="Change the role"
          onConfirm={() => setMemberRole(member.id, pending).then(onChanged)}
          className="small"
        >
          <p>
            {pending === 'moderator'
              ? 'They stop running calls now, and leave the calls they host.'
              : pending === 'owner'
                ? 'Owners manage everyone in the coalition, you included.'
                : 'Organizers create and run calls.'}
          </p>
        </ConfirmButton>
      ) : null}
    </>
  );
}

export function CoalitionPage({ account }: { account: Account }) {
  const [data, reload] = useLoad(coalition, []);
  const [error, setError] = useState<ApiError | null>(null);
  const [role, setRole] = useState<'organizer' | 'moderator'>('moderator');
  const [name, setName] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const owner = account.role === 'owner';
  if (data.state === 'loading') return <Loading what="the coalition" />;
  if (data.state === 'failed') return <ErrorNote error={data.error} />;
  return (
    <>
      <h1>Coalition</h1>
      <ErrorNote error={error} />
      <section aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <ul className="plain-list" data-testid="members">
          {data.value.members.map((m) => (
            <li key={m.id}>
              <span>
                <strong>{m.name}</strong> · {m.email}
              </span>
              {owner && m.id !== account.id ? (
                <span className="button-row">
                  <RoleChange member={m} onChanged={reload} />
                  <ConfirmButton
                    label="Remove"
                    title={`Remove ${m.name} from the coalition?`}
                    confirmLabel="Remove them"
                    onConfirm={() => removeMember(m.id).then(reload)}
                    className="danger-outline small"
                  >
                    <p>They are signed out everywhere, their API tokens stop working, and they leave any call they run or moderate.</p>
                  </ConfirmButton>
                </span>
              ) : (
                <span className="muted">{m.role}</span>
              )}
            </li>
          ))}
        </ul>
      </section>
      {owner ? (
        <section aria-labelledby="invite-member-title">
          <h2 id="invite-member-title">Invite an organizer or moderator</h2>
          {link ? (
            <div className="notice notice-ok">
              <CopyField label="Their invitation link (single use, valid 7 days)" value={link} testId="member-link" />
            </div>
          ) : null}
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              setError(null);
              inviteMember(role, name).then(
                (r) => {
                  setLink(r.link);
                  setName('');
                  reload();
                },
                (err: unknown) => setError(asApiError(err)),
              );
            }}
          >
            <label htmlFor="member-role">Role</label>
            <select id="member-role" value={role} onChange={(e) => setRole(e.target.value as 'organizer' | 'moderator')}>
              <option value="moderator">Moderator: moderates the calls they are assigned to</option>
              <option value="organizer">Organizer: creates and runs calls</option>
            </select>
            <label htmlFor="member-name">Their name</label>
            <input id="member-name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="primary">
              Create the invitation
            </button>
          </form>
          {data.value.invitations.length ? (
            <>
              <h3>Pending invitations</h3>
              <ul className="plain-list">
                {data.value.invitations.map((i) => (
                  <li key={i.id}>
                    <span>
                      {i.name} · {i.role} · expires {when(i.expiresAt)}
                    </span>
                    <button type="button" className="small" onClick={() => revokeMemberInvitation(i.id).then(reload, (err: unknown) => setError(asApiError(err)))}>
                      Withdraw
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

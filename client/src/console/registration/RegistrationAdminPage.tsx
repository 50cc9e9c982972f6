// The coalition's registration settings in the console: member organizations (with the weight of
// their vote), series of calls, privacy (how long personal data of past calls is kept; export or
// erase one person), and the outbox of every mail, with its delivery status.
import { useState } from 'react';
import { ApiError } from '../../lib/api';
import { asApiError, ConfirmButton, ErrorNote, Loading, useLoad } from '../ui';
import { addOrg, addSeries, erasePerson, exportPersonUrl, orgs, outbox, privacy, removeOrg, seriesList, setRetention } from './registration-api';

export function RegistrationAdminPage() {
  return (
    <>
      <h1>Registration</h1>
      <Organizations />
      <SeriesSection />
      <Privacy />
      <Outbox />
    </>
  );
}

function Organizations() {
  const [list, reload] = useLoad(orgs, []);
  const [name, setName] = useState('');
  const [weight, setWeight] = useState('1');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await addOrg(name, Number(weight));
      setName('');
      setWeight('1');
      reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <section aria-labelledby="orgs-title">
      <h2 id="orgs-title">Member organizations</h2>
      <p className="help">People choose one when they register. The weight is how much that organization's delegate's vote counts.</p>
      {list.state === 'ready' ? (
        list.value.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          <ul className="plain-list" data-testid="orgs">
            {list.value.map((o) => (
              <li key={o.id} data-testid={`org-${o.name}`}>
                <span>
                  <strong>{o.name}</strong> · weight {o.weight}
                </span>
                <ConfirmButton label="Remove" title={`Remove ${o.name}?`} confirmLabel="Remove it" onConfirm={() => removeOrg(o.id).then(reload)} className="danger-outline small">
                  <p>Registrations that named it keep no organization.</p>
                </ConfirmButton>
              </li>
            ))}
          </ul>
        )
      ) : list.state === 'failed' ? (
        <ErrorNote error={list.error} />
      ) : (
        <Loading what="organizations" />
      )}
      <form className="inline-form" onSubmit={submit} aria-labelledby="org-form-title">
        <h3 id="org-form-title">Add an organization</h3>
        <label htmlFor="org-name">Name</label>
        <input id="org-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} data-testid="org-name" />
        <label htmlFor="org-weight">Vote weight</label>
        <input id="org-weight" type="number" min={1} required value={weight} onChange={(e) => setWeight(e.target.value)} data-testid="org-weight" />
        <ErrorNote error={error} />
        <button type="submit" className="primary" data-testid="org-add">
          Add
        </button>
      </form>
    </section>
  );
}

function SeriesSection() {
  const [list, reload] = useLoad(seriesList, []);
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <section aria-labelledby="series-title">
      <h2 id="series-title">Series</h2>
      <p className="help">A series groups calls (a recurring call): people can register once for all of them. Put a call in a series on its page.</p>
      {list.state === 'ready' && list.value.length ? (
        <ul className="plain-list">
          {list.value.map((s) => (
            <li key={s.id}>
              <span>
                <strong>{s.name}</strong> · {s.calls.length} call{s.calls.length === 1 ? '' : 's'}
              </span>
              <a className="button" href={`/api/console/series/${s.id}/attendance?format=csv`} download>
                Attendance per person (CSV)
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          addSeries(name).then(
            () => {
              setName('');
              reload();
            },
            (err: unknown) => setError(asApiError(err)),
          );
        }}
      >
        <label htmlFor="series-name">New series</label>
        <input id="series-name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        <ErrorNote error={error} />
        <button type="submit">Create the series</button>
      </form>
    </section>
  );
}

function Privacy() {
  const [current, reload] = useLoad(privacy, []);
  const [email, setEmail] = useState('');
  const [done, setDone] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <section aria-labelledby="privacy-title">
      <h2 id="privacy-title">Privacy</h2>
      {current.state === 'ready' ? (
        <form
          className="inline-form"
          key={current.value.retentionDays}
          onSubmit={(e) => {
            e.preventDefault();
            const days = Number(new FormData(e.currentTarget).get('days'));
            setRetention(days).then(reload, (err: unknown) => setError(asApiError(err)));
          }}
        >
          <label htmlFor="retention-days">Delete personal data of past calls after (days)</label>
          <input id="retention-days" name="days" type="number" min={1} max={3650} defaultValue={current.value.retentionDays} />
          <p className="help">Names, emails, chat and network fingerprints go; bans with their evidence, and vote results, stay.</p>
          <button type="submit">Save</button>
        </form>
      ) : null}
      <form className="inline-form" onSubmit={(e) => e.preventDefault()} aria-labelledby="person-title">
        <h3 id="person-title">One person's data</h3>
        <label htmlFor="person-email">Their email</label>
        <input id="person-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        <span className="button-row">
          <a className="button" href={email ? exportPersonUrl(email) : undefined} download aria-disabled={!email}>
            Export as JSON
          </a>
          <ConfirmButton
            label="Erase"
            title={`Erase everything about ${email || 'this person'}?`}
            confirmLabel="Erase"
            onConfirm={() =>
              erasePerson(email).then(
                (r) => setDone(`Erased ${r.registrations} registration(s); ${r.events} call events redacted.`),
                (err: unknown) => setError(asApiError(err)),
              )
            }
          >
            <p>Their registrations, mails, name and chat in past calls are erased. This cannot be undone.</p>
          </ConfirmButton>
        </span>
        <p role="status" className="help">
          {done}
        </p>
        <ErrorNote error={error} />
      </form>
    </section>
  );
}

function Outbox() {
  const [data] = useLoad(outbox, []);
  return (
    <section aria-labelledby="outbox-title">
      <h2 id="outbox-title">Mails</h2>
      {data.state === 'ready' ? (
        <>
          <p className="help">
            {data.value.smtp ? 'Mails go out over SMTP; failures are retried with growing pauses.' : 'No SMTP server is configured (SMTP_URL): mails wait here, none is sent.'}
          </p>
          {data.value.mails.length === 0 ? (
            <p className="muted">No mails yet.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Mails">
              <table data-testid="outbox">
                <thead>
                  <tr>
                    <th scope="col">Queued</th>
                    <th scope="col">To</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {data.value.mails.map((m) => (
                    <tr key={m.id}>
                      <td>{new Date(m.createdAt).toLocaleString()}</td>
                      <td>{m.to}</td>
                      <td>
                        <details>
                          <summary>{m.subject}</summary>
                          <pre className="mail-text">{m.text}</pre>
                        </details>
                      </td>
                      <td>
                        {m.status}
                        {m.lastError ? ` (${m.attempts} tries: ${m.lastError})` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : data.state === 'failed' ? (
        <ErrorNote error={data.error} />
      ) : (
        <Loading what="mails" />
      )}
    </section>
  );
}

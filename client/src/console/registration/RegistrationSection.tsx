// A call's registration in the console: who may join (open, or members only with personal links),
// whether and how many may register, reminders, questions, the series; the registrants with
// their status (re-send their link, cancel), and the way to the attendance page.
import { useState } from 'react';
import { ApiError } from '../../lib/api';
import { asApiError, ConfirmButton, ErrorNote, Loading, useLoad } from '../ui';
import { callRegistrations, cancelRegistration, resendRegistration, saveRegistrationSettings, seriesList, type RegistrationSettings } from './registration-api';

const STATUS: Record<string, string> = { pending: 'not confirmed yet', confirmed: 'confirmed', waitlisted: 'on the waitlist', cancelled: 'cancelled' };

/** "1440, 60" <-> [1440, 60]; "*Question" is required. */
const parseMinutes = (s: string) => s.split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const questionsText = (s: RegistrationSettings) => s.questions.map((q) => `${q.required ? '*' : ''}${q.label}`).join('\n');
const parseQuestions = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l, i) => ({ id: `q${i + 1}`, label: l.replace(/^\*/, '').trim(), required: l.startsWith('*') }));

export function RegistrationSection({ callId, open }: { callId: string; open: boolean }) {
  const [data, reload] = useLoad(() => callRegistrations(callId), [callId]);
  const [series] = useLoad(seriesList, []);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  if (data.state === 'loading') return <Loading what="registrations" />;
  if (data.state === 'failed') return <ErrorNote error={data.error} />;
  const { settings, registrations, counts } = data.value;

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    setSaved(false);
    try {
      const capacity = String(f.get('capacity') ?? '').trim();
      await saveRegistrationSettings(callId, {
        access: f.get('access') === 'members' ? 'members' : 'open',
        registration: f.get('registration') === 'on',
        capacity: capacity ? Number(capacity) : null,
        reminders: parseMinutes(String(f.get('reminders') ?? '')),
        questions: parseQuestions(String(f.get('questions') ?? '')),
        seriesId: String(f.get('series') ?? '') || null,
      });
      setSaved(true);
      reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <section aria-labelledby="registration-title" data-testid="registration-section">
      <h2 id="registration-title">Registration</h2>
      <p>
        {counts.confirmed} confirmed · {counts.pending} not confirmed yet · {counts.waitlisted} on the waitlist · {counts.cancelled} cancelled ·{' '}
        <a href={`/console/calls/${callId}/attendance`} data-testid="attendance-link">
          Attendance
        </a>
      </p>
      {open ? (
        <form className="console-form" onSubmit={submit} data-testid="registration-form" key={JSON.stringify(settings)}>
          <label htmlFor="reg-access">Who may join</label>
          <select id="reg-access" name="access" defaultValue={settings.access} data-testid="reg-access">
            <option value="open">Open: the public link works, registering is optional</option>
            <option value="members">Members only: only personal links from registration admit</option>
          </select>
          <label className="choice">
            <input type="checkbox" name="registration" defaultChecked={settings.registration} data-testid="reg-open" /> Take registrations on the call's public page
          </label>
          <label htmlFor="reg-capacity">Places (empty: no limit; past it people go on a waitlist)</label>
          <input id="reg-capacity" name="capacity" type="number" min={1} defaultValue={settings.capacity ?? ''} data-testid="reg-capacity" />
          <label htmlFor="reg-reminders">Reminders, minutes before the start (1440 = a day)</label>
          <input id="reg-reminders" name="reminders" defaultValue={settings.reminders.join(', ')} data-testid="reg-reminders" />
          <label htmlFor="reg-questions">Questions, one per line (start with * if an answer is required)</label>
          <textarea id="reg-questions" name="questions" rows={3} defaultValue={questionsText(settings)} />
          <label htmlFor="reg-series">Series</label>
          <select id="reg-series" name="series" defaultValue={settings.seriesId ?? ''}>
            <option value="">Not part of a series</option>
            {series.state === 'ready' ? series.value.map((s) => <option key={s.id} value={s.id}>{s.name}</option>) : null}
          </select>
          <ErrorNote error={error} />
          <button type="submit" className="primary" data-testid="reg-save">
            Save registration settings
          </button>
          <p role="status" className="help">
            {saved ? 'Saved.' : ''}
          </p>
        </form>
      ) : null}
      {registrations.length === 0 ? (
        <p className="muted">Nobody has registered yet.</p>
      ) : (
        <ul className="invitation-list" data-testid="registrations">
          {registrations.map((r) => (
            <li key={r.id} data-testid={`registration-${r.email}`} data-status={r.status}>
              <span>
                <strong>{r.name}</strong> · {r.email}
                {r.organization ? ` · ${r.organization}` : ''} · <span className="status">{STATUS[r.status]}</span>
                {r.joined ? ' · joined' : ''}
                {settings.questions
                  .filter((q) => r.answers[q.id])
                  .map((q) => (
                    <span key={q.id} className="fine answer">
                      <br />
                      {q.label}: {r.answers[q.id]}
                    </span>
                  ))}
              </span>
              {open && r.status !== 'cancelled' ? (
                <span className="button-row">
                  {r.status !== 'waitlisted' ? (
                    <button type="button" className="small" onClick={() => resendRegistration(callId, r.id).then(reload, (err: unknown) => setError(asApiError(err)))}>
                      Re-send link
                    </button>
                  ) : null}
                  <ConfirmButton
                    label="Cancel"
                    title={`Cancel ${r.name}’s registration?`}
                    confirmLabel="Cancel the registration"
                    onConfirm={() => cancelRegistration(callId, r.id).then(reload)}
                    className="danger-outline small"
                  >
                    <p>Their personal link stops working; the first person on the waitlist moves up.</p>
                  </ConfirmButton>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

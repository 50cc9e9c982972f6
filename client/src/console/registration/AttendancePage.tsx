// Who came to a call and what they did (from its event log), registrants and walk-ins, with the
// totals per member organization, and the CSV export.
import { ErrorNote, Loading, useLoad } from '../ui';
import { attendance } from './registration-api';

const time = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '–');
const WHO: Record<string, string> = { 'walk-in': 'walk-in', pending: 'registered, not confirmed', confirmed: 'registered', waitlisted: 'waitlisted', cancelled: 'cancelled' };

export function AttendancePage({ callId }: { callId: string }) {
  const [data] = useLoad(() => attendance(callId), [callId]);
  if (data.state === 'loading') return <Loading what="attendance" />;
  if (data.state === 'failed') return <ErrorNote error={data.error} />;
  const { call, rows, organizations } = data.value;
  const came = rows.filter((r) => r.firstJoin !== null);
  return (
    <>
      <p className="eyebrow">
        <a href="/console">Calls</a> / <a href={`/console/calls/${callId}`}>{call.title}</a> / attendance
      </p>
      <div className="page-head">
        <h1>Attendance</h1>
        <a className="button" href={`/api/console/calls/${callId}/attendance?format=csv`} download data-testid="attendance-csv">
          Export as CSV
        </a>
      </div>
      <p>
        {came.length} came ({came.filter((r) => r.registration === 'walk-in').length} without registering) · {rows.filter((r) => r.registration !== 'walk-in').length} registered
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Attendance per person">
        <table data-testid="attendance-table">
          <caption className="visually-hidden">Each person: registration, times, minutes present and participation</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Organization</th>
              <th scope="col">Registration</th>
              <th scope="col">First join</th>
              <th scope="col">Last leave</th>
              <th scope="col">Minutes</th>
              <th scope="col">Turns</th>
              <th scope="col">Seconds spoken</th>
              <th scope="col">Hands</th>
              <th scope="col">Chat</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.email ?? r.name}-${i}`} data-testid={`attendance-${r.name}`} data-minutes={r.minutesPresent} data-spoken={r.secondsSpoken}>
                <th scope="row">{r.name}</th>
                <td>{r.organization ?? ''}</td>
                <td>
                  {WHO[r.registration]}
                  {r.role && r.role !== 'participant' ? ` (${r.role})` : ''}
                </td>
                <td>{time(r.firstJoin)}</td>
                <td>{time(r.lastLeave)}</td>
                <td>{r.minutesPresent}</td>
                <td>{r.turns}</td>
                <td>{r.secondsSpoken}</td>
                <td>{r.handsRaised}</td>
                <td>{r.chatMessages}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="org-totals-title">
        <h2 id="org-totals-title">Member organizations</h2>
        {organizations.length === 0 ? (
          <p className="muted">Nobody came with a member organization.</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Totals per member organization">
            <table data-testid="org-totals">
              <thead>
                <tr>
                  <th scope="col">Organization</th>
                  <th scope="col">Registered</th>
                  <th scope="col">Came</th>
                  <th scope="col">Minutes</th>
                  <th scope="col">Seconds spoken</th>
                </tr>
              </thead>
              <tbody>
                {organizations.map((o) => (
                  <tr key={o.organization}>
                    <th scope="row">{o.organization}</th>
                    <td>{o.registered}</td>
                    <td>{o.attended}</td>
                    <td>{o.minutesPresent}</td>
                    <td>{o.secondsSpoken}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

// The coalition's calls: live now, upcoming, past.
import { listCalls, type Account, type ConsoleCall } from './console-api';
import { ErrorNote, Loading, useLoad, when } from './ui';

export function CallsPage({ account }: { account: Account }) {
  const [calls] = useLoad(listCalls, []);
  const organizer = account.role !== 'moderator';
  return (
    <>
      <div className="page-head">
        <h1>Calls</h1>
        {organizer ? (
          <a className="button primary" href="/console/calls/new" data-testid="new-call">
            New call
          </a>
        ) : null}
      </div>
      {calls.state === 'loading' ? <Loading what="calls" /> : null}
      {calls.state === 'failed' ? <ErrorNote error={calls.error} /> : null}
      {calls.state === 'ready' ? (
        <>
          <CallSection title="Live now" calls={calls.value.live} empty="No call is live." testId="calls-live" />
          <CallSection title="Upcoming" calls={calls.value.upcoming} empty="Nothing scheduled." testId="calls-upcoming" />
          <CallSection title="Past" calls={calls.value.past} empty="No past calls yet." testId="calls-past" />
        </>
      ) : null}
    </>
  );
}

function CallSection({ title, calls, empty, testId }: { title: string; calls: ConsoleCall[]; empty: string; testId: string }) {
  const id = `${testId}-title`;
  return (
    <section aria-labelledby={id} className="call-section" data-testid={testId}>
      <h2 id={id}>
        {title} <span className="count">({calls.length})</span>
      </h2>
      {calls.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="call-list">
          {calls.map((c) => (
            <li key={c.id} className="call-item">
              <a href={`/console/calls/${c.id}`} className="call-link">
                {c.title}
              </a>
              <p className="muted">
                {c.phase === 'live' ? <span className="badge live">Live · {c.present} in the call</span> : when(c.schedule.startsAt, c.schedule.timeZone)}
                {c.schedule.public ? ' · public' : ''}
              </p>
              <p className="muted fine">
                Hosts: {c.hosts.length ? c.hosts.join(', ') : 'the organizers'} · Moderators: {c.moderators.length ? c.moderators.join(', ') : 'none yet'}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

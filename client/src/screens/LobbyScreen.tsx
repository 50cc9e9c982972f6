import { useEffect, useRef, useState } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useNow } from '../hooks/useNow';
import { useSession } from '../hooks/useSession';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { getCall, type PublicCall } from '../lib/api';
import { clockCountdown, startsIn } from '../lib/format';

/** While the doors are closed, the call's facts are fetched again this often (the lobby may follow). */
const REFRESH_MS = 60_000;

/**
 * Waiting for a moderator, or (an announced call whose doors are still closed) the pre-call room:
 * when it starts, what it is about, who speaks. Turns into the call by itself when admitted.
 */
export function LobbyScreen({ title, name }: { title: string; name: string }) {
  const session = useSession();
  const call = useDoorsClosedCall(session.saved.callId);
  const precall = Boolean(call?.schedule?.startsAt);
  useDocumentTitle(`${precall ? 'Pre-call room' : 'Lobby'}: ${title}`);
  const main = useRef<HTMLElement>(null);
  // Arriving here after Join: the focus goes to the page's heading, not nowhere.
  useEffect(() => main.current?.querySelector<HTMLElement>('h1')?.focus(), [precall]);
  return (
    <main className="centered" ref={main}>
      {call?.schedule?.startsAt ? (
        <PreCallRoom call={call} startsAt={Date.parse(call.schedule.startsAt)} name={name} />
      ) : (
        <div className="card lobby" data-testid="lobby">
          <p className="eyebrow">{title}</p>
          <h1 tabIndex={-1}>Waiting for a moderator to let you in</h1>
          <div className="pulse" aria-hidden="true" />
          <p role="status" aria-live="polite">
            You are in the lobby as <strong>{name}</strong>. Keep this page open: the call opens here by itself when a moderator admits you.
          </p>
          <ConnectionBanner />
          <button type="button" onClick={() => session.leave()}>
            Leave the lobby
          </button>
        </div>
      )}
    </main>
  );
}

/** The call's public facts while its doors are closed; null otherwise (or until known). */
function useDoorsClosedCall(callId: string): PublicCall | null {
  const [call, setCall] = useState<PublicCall | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      getCall(callId).then(
        (c) => {
          if (!live) return;
          const closed = c.doorsOpen === false;
          setCall(closed ? c : null);
          // Spread the refreshes of a crowd waiting for the same call.
          if (closed) timer = setTimeout(load, REFRESH_MS * (0.75 + Math.random() * 0.5));
        },
        () => {
          if (live) timer = setTimeout(load, REFRESH_MS);
        },
      );
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [callId]);
  return call;
}

function PreCallRoom({ call, startsAt, name }: { call: PublicCall; startsAt: number; name: string }) {
  const session = useSession();
  const now = useNow(true, 1000);
  const msLeft = startsAt - now;
  const schedule = call.schedule!;
  const when = new Date(startsAt).toLocaleString(undefined, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return (
    <div className="card lobby precall" data-testid="precall">
      <p className="eyebrow">{call.title}</p>
      <h1 data-testid="precall-starts" tabIndex={-1}>{startsIn(msLeft)}</h1>
      {msLeft > 0 ? (
        <p className="precall-countdown" data-testid="precall-countdown" aria-hidden="true">
          {clockCountdown(msLeft)}
        </p>
      ) : null}
      <p className="precall-when">
        <time dateTime={new Date(startsAt).toISOString()}>{when}</time>
      </p>
      <p role="status" aria-live="polite">
        You are in the pre-call room as <strong>{name}</strong>. Keep this page open: the call opens here by itself when the host opens the
        doors{msLeft <= 0 ? ', any moment now' : ''}.
      </p>
      {schedule.description ? <p className="precall-description">{schedule.description}</p> : null}
      {schedule.speakers.length ? (
        <section aria-labelledby="precall-speakers">
          <h2 id="precall-speakers">Guest speakers</h2>
          <ul className="precall-speakers">
            {schedule.speakers.map((s) => (
              <li key={s.name}>
                <strong>{s.name}</strong>
                {s.bio ? <p>{s.bio}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ConnectionBanner />
      <button type="button" onClick={() => session.leave()}>
        Leave
      </button>
    </div>
  );
}

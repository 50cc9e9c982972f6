// Owns the CallSession for as long as this person is in (or waiting for) the call, and switches
// screens on where they stand.
import { lazy, Suspense, useEffect, useState } from 'react';
import { SessionContext } from '../hooks/useSession';
import { useCallSelector } from '../hooks/useCallSelector';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import type { SavedSession } from '../lib/saved-session';
import { CallSession } from '../protocol/session';
import { assertNever } from '../protocol/socket';
import { phaseOf, type CallView, type GoneReason, type LivekitCredentials } from '../protocol/view';
import { GoneScreen } from './GoneScreen';
import { LobbyScreen } from './LobbyScreen';

// The call screen pulls in LiveKit's components; the lobby and the gone screens do not need them.
const CallScreen = lazy(() => import('./CallScreen'));

export default function SessionScreen({ saved, livekit, onExit }: { saved: SavedSession; livekit: LivekitCredentials | null; onExit: () => void }) {
  const [session, setSession] = useState<CallSession | null>(null);
  useEffect(() => {
    const s = new CallSession(saved, livekit);
    s.start();
    setSession(s);
    if (localStorage.getItem('caucus:debug') === '1') (window as unknown as { caucus: CallSession }).caucus = s;
    return () => s.stop();
    // The session lives as long as this token: a new join mounts a new SessionScreen (key).
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  if (!session) return <Connecting />;
  return (
    <SessionContext.Provider value={session}>
      <Phases title={saved.title} name={saved.name} onExit={onExit} />
    </SessionContext.Provider>
  );
}

/** Where the person stands, as a value that changes only when the screen must (not per event). */
type PhaseKey = { state: 'connecting' } | { state: 'lobby' } | { state: 'call' } | { state: 'gone'; reason: GoneReason };

function phaseKey(view: CallView): PhaseKey {
  const phase = phaseOf(view);
  return phase.state === 'call' ? { state: 'call' } : phase;
}

const samePhase = (a: PhaseKey, b: PhaseKey) => a.state === b.state && (a.state !== 'gone' || (b.state === 'gone' && a.reason === b.reason));

function Phases({ title, name, onExit }: { title: string; name: string; onExit: () => void }) {
  const phase = useCallSelector(phaseKey, samePhase);
  const problem = useCallSelector((v) => v.lastError);
  const removalReason = useCallSelector((v) => v.removalReason);
  switch (phase.state) {
    case 'connecting':
      return <Connecting problem={problem} />;
    case 'lobby':
      return <LobbyScreen title={title} name={name} />;
    case 'call':
      return (
        <Suspense fallback={<Connecting />}>
          <CallScreen title={title} />
        </Suspense>
      );
    case 'gone':
      return <GoneScreen title={title} reason={phase.reason} removalReason={removalReason} onRejoin={onExit} />;
    default:
      return assertNever(phase);
  }
}

function Connecting({ problem }: { problem?: string | null }) {
  useDocumentTitle('Connecting');
  return (
    <main className="centered">
      <div className="card" role="status" aria-live="polite" data-testid="connecting">
        <h1 className="visually-hidden">Connecting to the call</h1>
        <p>Connecting to the call…</p>
        {problem ? <p className="notice">The server said: {problem}. Trying again shortly.</p> : null}
      </div>
    </main>
  );
}

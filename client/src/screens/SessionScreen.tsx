// Owns the CallSession for as long as this person is in (or waiting for) the call, and switches
// screens on where they stand.
import { lazy, Suspense, useEffect, useState } from 'react';
import { SessionContext } from '../hooks/useSession';
import { useCallView } from '../hooks/useCallView';
import type { SavedSession } from '../lib/saved-session';
import { CallSession } from '../protocol/session';
import { assertNever } from '../protocol/socket';
import { phaseOf, type LivekitCredentials } from '../protocol/view';
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

function Phases({ title, name, onExit }: { title: string; name: string; onExit: () => void }) {
  const view = useCallView();
  const phase = phaseOf(view);
  switch (phase.state) {
    case 'connecting':
      return <Connecting problem={view.lastError} />;
    case 'lobby':
      return <LobbyScreen title={title} name={name} />;
    case 'call':
      return (
        <Suspense fallback={<Connecting />}>
          <CallScreen title={title} call={phase.call} you={phase.you} view={view} />
        </Suspense>
      );
    case 'gone':
      return <GoneScreen title={title} reason={phase.reason} removalReason={view.removalReason} onRejoin={onExit} />;
    default:
      return assertNever(phase);
  }
}

function Connecting({ problem }: { problem?: string | null }) {
  return (
    <main className="centered">
      <div className="card" role="status" aria-live="polite" data-testid="connecting">
        <p>Connecting to the call…</p>
        {problem ? <p className="notice">The server said: {problem}. Trying again shortly.</p> : null}
      </div>
    </main>
  );
}

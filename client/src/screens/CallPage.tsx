// /c/:callId — join, or resume the session this tab already has for the call.
import { lazy, Suspense, useEffect, useState } from 'react';
import { loadSession as loadSaved, type SavedSession } from '../lib/saved-session';
import type { LivekitCredentials } from '../protocol/view';
import { JoinScreen } from './JoinScreen';

// The join form paints first; LiveKit and the call arrive in their own chunk, fetched while the
// person types their name.
const loadSession = () => import('./SessionScreen');
const SessionScreen = lazy(loadSession);

type Entry = { saved: SavedSession; livekit: LivekitCredentials | null };

export function CallPage({ callId, invite }: { callId: string; invite: string | null }) {
  const [entry, setEntry] = useState<Entry | null>(() => {
    const saved = loadSaved(callId);
    return saved ? { saved, livekit: null } : null;
  });
  useEffect(() => {
    void loadSession();
  }, []);
  if (entry) {
    return (
      <Suspense fallback={<p className="centered" role="status">Connecting to the call…</p>}>
        <SessionScreen key={entry.saved.sessionToken} saved={entry.saved} livekit={entry.livekit} onExit={() => setEntry(null)} />
      </Suspense>
    );
  }
  return <JoinScreen callId={callId} invite={invite} onJoined={(saved, livekit) => setEntry({ saved, livekit })} />;
}

// The door: call facts, a name, a passcode when asked, and a microphone/camera check.
import { normalizeDisplayName } from '@caucus/shared';
import { lazy, Suspense, useEffect, useState } from 'react';
import { ApiError, getCall, joinCall, joinErrorText, type PublicCall } from '../lib/api';
import { authState, type AuthState } from '../console/console-api';
import { saveSession, type MediaChoices, type SavedSession } from '../lib/saved-session';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import type { LivekitCredentials } from '../protocol/view';

const DevicePreview = lazy(() => import('../components/DevicePreview'));

type Load = { state: 'loading' } | { state: 'ready'; call: PublicCall } | { state: 'failed'; error: ApiError };

const NAME_KEY = 'caucus:name';
const MEDIA_KEY = 'caucus:media';

function initialMedia(): MediaChoices {
  try {
    const saved = JSON.parse(localStorage.getItem(MEDIA_KEY) ?? 'null') as MediaChoices | null;
    if (saved && typeof saved.audioEnabled === 'boolean') return saved;
  } catch {
    // ignore
  }
  // Nothing on by default: a device is on only when the person ticks it (consent).
  return { audioEnabled: false, videoEnabled: false, audioDeviceId: '', videoDeviceId: '' };
}

export function JoinScreen({
  callId,
  invite,
  onJoined,
}: {
  callId: string;
  invite: string | null;
  onJoined: (saved: SavedSession, livekit: LivekitCredentials | null) => void;
}) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  const [passcode, setPasscode] = useState('');
  const [media, setMedia] = useState<MediaChoices>(initialMedia);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useDocumentTitle(load.state === 'ready' ? `Join: ${load.call.title}` : load.state === 'failed' ? 'Cannot open this call' : 'Loading the call');

  useEffect(() => {
    let live = true;
    getCall(callId).then(
      (call) => live && setLoad({ state: 'ready', call }),
      (err: ApiError) => live && setLoad({ state: 'failed', error: err }),
    );
    return () => {
      live = false;
    };
  }, [callId]);

  // Without an invite, a signed-in coalition member joins with their account (organizers host).
  const [signedIn, setSignedIn] = useState<AuthState | null>(null);
  useEffect(() => {
    if (invite) return;
    authState().then(
      (s) => {
        if (!s.account) return;
        setSignedIn(s);
        setName((n) => n || s.account!.name);
      },
      () => undefined,
    );
  }, [invite]);
  const canJoin = invite !== null || signedIn?.account != null;

  if (load.state === 'loading') {
    return (
      <main className="centered">
        <p role="status">Loading the call…</p>
      </main>
    );
  }
  if (load.state === 'failed') {
    return (
      <main className="centered">
        <div className="card">
          <h1>Cannot open this call</h1>
          <p role="alert" data-testid="join-error" data-code={load.error.code}>
            {joinErrorText(load.error)}
          </p>
        </div>
      </main>
    );
  }
  const call = load.call;
  if (call.status === 'ended') {
    return (
      <main className="centered">
        <div className="card">
          <p className="eyebrow">{call.title}</p>
          <h1 data-testid="join-error" data-code="call_ended">
            This call has ended
          </h1>
        </div>
      </main>
    );
  }

  const nameCheck = normalizeDisplayName(name);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!canJoin) return;
    setBusy(true);
    setError(null);
    try {
      const body = { ...(invite ? { invite } : {}), name, ...(call.needsPasscode && invite ? { passcode } : {}) };
      const res = await joinCall(callId, body, invite ? undefined : (signedIn?.csrfToken ?? undefined));
      localStorage.setItem(NAME_KEY, name);
      localStorage.setItem(MEDIA_KEY, JSON.stringify(media));
      const saved: SavedSession = {
        callId,
        title: res.call.title,
        identity: res.identity,
        name: res.name,
        role: res.role,
        sessionToken: res.sessionToken,
        media,
      };
      saveSession(saved);
      onJoined(saved, null);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unknown', String(err)));
      setBusy(false);
    }
  };

  return (
    <main className="join">
      <form className="card join-card" onSubmit={submit} aria-labelledby="join-title" data-testid="join-form">
        <p className="eyebrow">You are invited to</p>
        <h1 id="join-title">{call.title}</h1>
        {call.doorsOpen === false && call.schedule?.startsAt ? (
          <p className="muted" data-testid="join-doors">
            Starts {new Date(call.schedule.startsAt).toLocaleString(undefined, { weekday: 'long', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' })}. Until the host
            opens the doors you wait in the pre-call room.
          </p>
        ) : call.settings.lobby ? (
          <p className="muted">A moderator lets people in from a lobby.</p>
        ) : null}
        {signedIn?.account && !invite ? (
          <p className="notice" data-testid="join-signed-in">
            Signed in as {signedIn.account.name}: you join with your coalition role.
          </p>
        ) : null}
        {!canJoin ? (
          <p role="alert" className="notice notice-danger" data-testid="join-error" data-code="bad_invite">
            This link has no invite in it. Open the full link you were sent.
          </p>
        ) : null}

        <label htmlFor="name">Your name</label>
        <input
          id="name"
          name="name"
          autoComplete="name"
          required
          maxLength={48}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={name !== '' && !nameCheck.ok}
          aria-describedby="name-help"
          data-testid="name-input"
        />
        <p id="name-help" className="help">
          {name !== '' && !nameCheck.ok ? `Not accepted: ${nameCheck.message}.` : 'Shown to everyone in the call.'}
        </p>

        {call.needsPasscode ? (
          <>
            <label htmlFor="passcode">Passcode</label>
            <input id="passcode" type="password" required value={passcode} onChange={(e) => setPasscode(e.target.value)} data-testid="passcode-input" autoComplete="off" />
          </>
        ) : null}

        <Suspense fallback={<p className="muted">Checking your microphone and camera…</p>}>
          <DevicePreview media={media} onChange={setMedia} />
        </Suspense>

        {error ? (
          <p role="alert" className="notice notice-danger" data-testid="join-error" data-code={error.code}>
            {joinErrorText(error)}
          </p>
        ) : null}

        <button type="submit" className="primary big" disabled={busy || !canJoin || !nameCheck.ok} data-testid="join-button">
          {busy ? 'Joining…' : 'Join the call'}
        </button>
        <p className="help">
          Everyone starts muted, camera off, unless you tick them above. Given the floor, you are asked before your microphone goes on.
        </p>
      </form>
    </main>
  );
}

// Getting an account (the setup link, a member invitation) and signing in: passkey first,
// password as the fallback.
import { useState } from 'react';
import { ApiError } from '../lib/api';
import { claim, signInWithPassword } from './console-api';
import { addPasskey, passkeysSupported, signInWithPasskey } from './passkeys';
import { asApiError, ErrorNote } from './ui';

const go = (path: string) => window.location.assign(path);

export function ClaimPage({ kind, token }: { kind: 'setup' | 'welcome'; token: string | null }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [method, setMethod] = useState<'passkey' | 'password'>(passkeysSupported() ? 'passkey' : 'password');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const title = kind === 'setup' ? 'Set up your coalition' : 'Join your coalition on Caucus';

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      await claim({ token, name, email, ...(method === 'password' ? { password } : {}) });
      if (method === 'passkey') {
        try {
          await addPasskey('First passkey');
        } catch (err) {
          // Signed in already: the account page lets them try again or set a password.
          return go(`/console/account?passkey=failed&reason=${encodeURIComponent(asApiError(err).message)}`);
        }
      }
      go('/console');
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };

  return (
    <main className="centered console-auth">
      <form className="card" onSubmit={submit} aria-labelledby="claim-title" data-testid="claim-form">
        <p className="eyebrow">Caucus</p>
        <h1 id="claim-title">{title}</h1>
        <p className="muted">
          {kind === 'setup'
            ? 'This one-time link makes you the owner of this Caucus: you invite organizers and moderators and run the calls.'
            : 'You were invited to help run this coalition’s calls. Choose how you sign in.'}
        </p>
        {!token ? (
          <p role="alert" className="notice notice-danger">
            This link has no token in it. Open the full link you were sent.
          </p>
        ) : null}
        <label htmlFor="claim-name">Your name</label>
        <input id="claim-name" autoComplete="name" required maxLength={80} value={name} onChange={(e) => setName(e.target.value)} data-testid="claim-name" />
        <label htmlFor="claim-email">Email</label>
        <input id="claim-email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="claim-email" />
        <p className="help">Used to sign in with a password; nothing is sent to it.</p>
        <fieldset>
          <legend>How you sign in</legend>
          <label className="choice">
            <input type="radio" name="method" checked={method === 'passkey'} onChange={() => setMethod('passkey')} disabled={!passkeysSupported()} data-testid="method-passkey" />
            A passkey on this device (recommended: nothing to remember, cannot be phished)
          </label>
          <label className="choice">
            <input type="radio" name="method" checked={method === 'password'} onChange={() => setMethod('password')} data-testid="method-password" />A password
          </label>
          {method === 'password' ? (
            <>
              <label htmlFor="claim-password">Password (at least 12 characters)</label>
              <input
                id="claim-password"
                type="password"
                autoComplete="new-password"
                required
                minLength={12}
                maxLength={256}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                data-testid="claim-password"
              />
            </>
          ) : null}
        </fieldset>
        <ErrorNote error={error} />
        <button type="submit" className="primary big" disabled={busy || !token} data-testid="claim-submit">
          {busy ? 'Creating your account…' : 'Create my account'}
        </button>
      </form>
    </main>
  );
}

export function SignInPage({ setupNeeded }: { setupNeeded: boolean }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (attempt: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await attempt();
      go('/console');
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };
  return (
    <main className="centered console-auth">
      <div className="card">
        <p className="eyebrow">Caucus</p>
        <h1>Sign in</h1>
        {setupNeeded ? (
          <p className="notice" data-testid="setup-needed">
            This Caucus has no owner yet. Open the setup link that the server printed when it started.
          </p>
        ) : null}
        {passkeysSupported() ? (
          <button type="button" className="primary big" disabled={busy} onClick={() => run(signInWithPasskey)} data-testid="signin-passkey">
            Sign in with a passkey
          </button>
        ) : null}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => signInWithPassword(email, password));
          }}
          aria-labelledby="password-title"
        >
          <h2 id="password-title" className="divider">
            Or with your password
          </h2>
          <label htmlFor="signin-email">Email</label>
          <input id="signin-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="signin-email" />
          <label htmlFor="signin-password">Password</label>
          <input
            id="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="signin-password"
          />
          <ErrorNote error={error} />
          <button type="submit" disabled={busy} data-testid="signin-submit">
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}

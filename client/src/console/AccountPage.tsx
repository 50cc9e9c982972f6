// The account page: passkeys, password, signed-in sessions and API tokens.
import { useState } from 'react';
import { ApiError } from '../lib/api';
import { accountPage, createToken, removePasskey, revokeSession, revokeToken, setPassword, signOutEverywhere } from './console-api';
import { addPasskey, passkeysSupported } from './passkeys';
import { asApiError, ConfirmButton, CopyField, ErrorNote, Loading, useLoad, when } from './ui';

export function AccountPage() {
  const [page, reload] = useLoad(accountPage, []);
  const [error, setError] = useState<ApiError | null>(null);
  const [newToken, setNewToken] = useState<string | null>(null);
  const [tokenName, setTokenName] = useState('');
  const [pw, setPw] = useState({ current: '', next: '' });
  const [pwDone, setPwDone] = useState(false);
  const failedPasskey = new URLSearchParams(window.location.search).get('passkey') === 'failed';
  if (page.state === 'loading') return <Loading what="your account" />;
  if (page.state === 'failed') return <ErrorNote error={page.error} />;
  const p = page.value;
  const act = (fn: () => Promise<unknown>) => () => {
    setError(null);
    fn().then(reload, (e: unknown) => setError(asApiError(e)));
  };
  return (
    <>
      <h1>Your account</h1>
      <p className="muted">
        {p.account.name} · {p.account.email} · {p.account.role}
      </p>
      {failedPasskey ? (
        <p className="notice notice-danger" role="alert">
          Your account exists, but the passkey was not saved. Add one below, or set a password, before you sign out.
        </p>
      ) : null}
      <ErrorNote error={error} />

      <section aria-labelledby="passkeys-title">
        <h2 id="passkeys-title">Passkeys</h2>
        {p.passkeys.length === 0 ? <p className="muted">No passkey yet.</p> : null}
        <ul className="plain-list" data-testid="passkeys">
          {p.passkeys.map((k) => (
            <li key={k.id}>
              <span>
                {k.name} · added {when(k.createdAt)} · {k.lastUsedAt ? `last used ${when(k.lastUsedAt)}` : 'never used to sign in'}
              </span>
              <ConfirmButton label="Remove" title={`Remove ${k.name}?`} confirmLabel="Remove the passkey" onConfirm={() => removePasskey(k.id).then(reload)} className="danger-outline small">
                <p>You will no longer be able to sign in with it.</p>
              </ConfirmButton>
            </li>
          ))}
        </ul>
        {passkeysSupported() ? (
          <button type="button" onClick={act(() => addPasskey())} data-testid="add-passkey">
            Add a passkey
          </button>
        ) : (
          <p className="muted">This browser cannot create passkeys.</p>
        )}
      </section>

      <section aria-labelledby="password-title">
        <h2 id="password-title">Password</h2>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            setPassword(pw.next, p.hasPassword ? pw.current : undefined).then(
              () => {
                setPw({ current: '', next: '' });
                setPwDone(true);
                reload();
              },
              (err: unknown) => setError(asApiError(err)),
            );
          }}
        >
          {p.hasPassword ? (
            <>
              <label htmlFor="pw-current">Current password</label>
              <input id="pw-current" type="password" autoComplete="current-password" required value={pw.current} onChange={(e) => setPw({ ...pw, current: e.target.value })} />
            </>
          ) : (
            <p className="muted">No password set: you sign in with passkeys only.</p>
          )}
          <label htmlFor="pw-next">{p.hasPassword ? 'New password' : 'Password'} (at least 12 characters)</label>
          <input id="pw-next" type="password" autoComplete="new-password" minLength={12} required value={pw.next} onChange={(e) => setPw({ ...pw, next: e.target.value })} />
          <button type="submit">{p.hasPassword ? 'Change the password' : 'Set a password'}</button>
          <p className="help" role="status">
            {pwDone ? 'Saved.' : ''}
          </p>
        </form>
      </section>

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">Where you are signed in</h2>
        <ul className="plain-list" data-testid="sessions">
          {p.sessions.map((s) => (
            <li key={s.id}>
              <span>
                {s.current ? <strong>This browser</strong> : describeAgent(s.userAgent)} · since {when(s.createdAt)} · last seen {when(s.lastSeenAt)}
              </span>
              {!s.current ? (
                <button type="button" className="small" onClick={act(() => revokeSession(s.id))}>
                  Sign out
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        <ConfirmButton
          label="Sign out everywhere"
          title="Sign out everywhere?"
          confirmLabel="Sign out of every browser"
          onConfirm={() => signOutEverywhere().then(() => window.location.assign('/signin'))}
          testId="sign-out-everywhere"
        >
          <p>Every browser signed in to your account, this one included, is signed out now. API tokens keep working until you revoke them.</p>
        </ConfirmButton>
      </section>

      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <p className="help">For scripts and integrations: send as “Authorization: Bearer &lt;token&gt;”. A token acts with your role.</p>
        <ul className="plain-list" data-testid="tokens">
          {p.tokens.map((t) => (
            <li key={t.id}>
              <span>
                {t.name} · created {when(t.createdAt)} · {t.lastUsedAt ? `last used ${when(t.lastUsedAt)}` : 'never used'}
              </span>
              <ConfirmButton label="Revoke" title={`Revoke ${t.name}?`} confirmLabel="Revoke the token" onConfirm={() => revokeToken(t.id).then(reload)} className="danger-outline small">
                <p>Anything using it stops working at once.</p>
              </ConfirmButton>
            </li>
          ))}
        </ul>
        {newToken ? (
          <div className="notice notice-ok">
            <CopyField label="Your new token (shown only now)" value={newToken} testId="new-token" />
          </div>
        ) : null}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            createToken(tokenName).then(
              (t) => {
                setNewToken(t.token);
                setTokenName('');
                reload();
              },
              (err: unknown) => setError(asApiError(err)),
            );
          }}
        >
          <label htmlFor="token-name">Token name</label>
          <input id="token-name" required maxLength={60} value={tokenName} onChange={(e) => setTokenName(e.target.value)} />
          <button type="submit">Create a token</button>
        </form>
      </section>
    </>
  );
}

function describeAgent(ua: string): string {
  const browser = /Firefox\//.test(ua) ? 'Firefox' : /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'A browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}

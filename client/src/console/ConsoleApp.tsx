// The console: who is signed in decides what is shown. Signed out, every console page sends
// people to sign in; the setup and invitation pages work signed out.
import { useEffect, useState } from 'react';
import { AccountPage } from './AccountPage';
import { ClaimPage, SignInPage } from './AuthPages';
import { BansPage } from './bans/BansPage';
import { CallDetailPage } from './CallDetailPage';
import { EditCallPage, NewCallPage } from './CallForm';
import { CallsPage } from './CallsPage';
import { CoalitionPage } from './CoalitionPage';
import { authState, signOut, type AuthState } from './console-api';
import type { ConsoleRoute } from './route';
import { ErrorNote, useLoad } from './ui';
import './console.css';

export function ConsoleApp({ route }: { route: ConsoleRoute }) {
  const [auth] = useLoad(authState, []);
  if (route.page === 'claim') return <ClaimPage kind={route.kind} token={route.token} />;
  if (auth.state === 'loading') return <main className="centered"><p role="status">Loading…</p></main>;
  if (auth.state === 'failed') return <main className="centered"><ErrorNote error={auth.error} /></main>;
  const { account, setupNeeded } = auth.value;
  if (route.page === 'signin' || !account) {
    if (route.page !== 'signin') {
      window.location.replace('/signin');
      return null;
    }
    return <SignInPage setupNeeded={setupNeeded} />;
  }
  return (
    <Shell state={auth.value} current={route.page}>
      {route.page === 'calls' ? <CallsPage account={account} /> : null}
      {route.page === 'new-call' ? <NewCallPage /> : null}
      {route.page === 'call' ? <CallDetailPage callId={route.callId} account={account} /> : null}
      {route.page === 'edit-call' ? <EditCallPage callId={route.callId} /> : null}
      {route.page === 'account' ? <AccountPage /> : null}
      {route.page === 'coalition' ? <CoalitionPage account={account} /> : null}
      {route.page === 'bans' ? <BansPage /> : null}
    </Shell>
  );
}

function Shell({ state, current, children }: { state: AuthState; current: ConsoleRoute['page']; children: React.ReactNode }) {
  const account = state.account!;
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    document.title = 'Caucus console';
  }, []);
  const link = (href: string, page: ConsoleRoute['page'][], label: string) => (
    <li>
      <a href={href} aria-current={page.includes(current) ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <div className="org-console">
      <a className="skip-link" href="#console-main">
        Skip to content
      </a>
      <header className="console-header">
        <a href="/console" className="brand">
          Caucus
        </a>
        <button type="button" className="menu-toggle small" aria-expanded={menuOpen} aria-controls="console-nav" onClick={() => setMenuOpen(!menuOpen)}>
          Menu
        </button>
        <nav id="console-nav" aria-label="Console" className={menuOpen ? 'open' : ''}>
          <ul>
            {link('/console', ['calls', 'call', 'new-call', 'edit-call'], 'Calls')}
            {account.role !== 'moderator' ? link('/console/coalition', ['coalition'], 'Coalition') : null}
            {account.role !== 'moderator' ? link('/console/bans', ['bans'], 'Ban list') : null}
            {link('/console/account', ['account'], 'Account')}
          </ul>
          <p className="signed-in">
            {account.name} <span className="muted">({account.role})</span>
          </p>
          <button type="button" className="small" onClick={() => signOut().then(() => window.location.assign('/signin'))} data-testid="sign-out">
            Sign out
          </button>
        </nav>
      </header>
      <main id="console-main" className="console-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

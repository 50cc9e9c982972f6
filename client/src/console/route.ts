// The console's pages. Plain links between them (each page loads what it shows), so the browser's
// history, new tabs and screen readers' link lists work without a client router.
export type ConsoleRoute =
  | { page: 'claim'; kind: 'setup' | 'welcome'; token: string | null }
  | { page: 'signin' }
  | { page: 'calls' }
  | { page: 'new-call' }
  | { page: 'call'; callId: string }
  | { page: 'edit-call'; callId: string }
  | { page: 'account' }
  | { page: 'coalition' }
  | { page: 'bans' };

export function parseConsoleRoute(location: { pathname: string; search: string }): ConsoleRoute | null {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const token = new URLSearchParams(location.search).get('token');
  if (path === '/setup') return { page: 'claim', kind: 'setup', token };
  if (path === '/welcome') return { page: 'claim', kind: 'welcome', token };
  if (path === '/signin') return { page: 'signin' };
  if (path === '/console') return { page: 'calls' };
  if (path === '/console/calls/new') return { page: 'new-call' };
  if (path === '/console/account') return { page: 'account' };
  if (path === '/console/coalition') return { page: 'coalition' };
  if (path === '/console/bans') return { page: 'bans' };
  const call = /^\/console\/calls\/([A-Za-z0-9_-]{1,64})(\/edit)?$/.exec(path);
  if (call) return call[2] ? { page: 'edit-call', callId: call[1]! } : { page: 'call', callId: call[1]! };
  return null;
}

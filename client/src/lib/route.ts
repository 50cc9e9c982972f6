export type Route = { page: 'call'; callId: string; invite: string | null } | { page: 'home' };

/** `/c/:callId?invite=...` is a call; anything else is the home page. */
export function parseRoute(location: { pathname: string; search: string }): Route {
  const m = /^\/c\/([A-Za-z0-9_-]{1,64})\/?$/.exec(location.pathname);
  if (!m) return { page: 'home' };
  const invite = new URLSearchParams(location.search).get('invite');
  return { page: 'call', callId: m[1]!, invite: invite || null };
}

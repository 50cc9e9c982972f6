// Sessions are bound to the browser that joined (its device cookie). A browser sends that cookie
// with every request and websocket upgrade; the test clients do the same: join() records each
// session's device here, and api() and TestClient attach it when they present that session.
const deviceOfSession = new Map<string, string>();

export function rememberDevice(sessionToken: string, device: string | null): void {
  if (device) deviceOfSession.set(sessionToken, device);
}

/** The Cookie header a browser holding this session would send, if we know its device. */
export function cookieFor(sessionToken: string): string | null {
  const device = deviceOfSession.get(sessionToken);
  return device ? `caucus_device=${device}` : null;
}

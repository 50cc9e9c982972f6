import { useCallSelector } from '../hooks/useCallSelector';
import type { SocketStatus } from '../protocol/socket';
import type { MediaStatus } from '../protocol/view';

/** What to tell the person about their connection, or null when all is well. */
export function connectionMessage(socket: SocketStatus, media: MediaStatus, connectedOnce: boolean): string | null {
  if (socket.state === 'waiting' || (socket.state === 'connecting' && connectedOnce)) {
    return 'Connection lost. Reconnecting to the call… You keep your place.';
  }
  if (media.state === 'reconnecting') return 'Audio and video connection interrupted. Reconnecting…';
  if (media.state === 'retrying') return 'Audio and video disconnected. Trying again…';
  return null;
}

export function ConnectionBanner() {
  const message = useCallSelector((v) => connectionMessage(v.socket, v.media, v.connectedOnce));
  return (
    <div role="status" aria-live="polite" className={message ? 'banner banner-warning' : 'visually-hidden'} data-testid={message ? 'connection-banner' : undefined}>
      {message}
    </div>
  );
}

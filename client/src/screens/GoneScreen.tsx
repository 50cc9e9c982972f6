import { useEffect, useRef } from 'react';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import type { GoneReason } from '../protocol/view';
import { assertNever } from '../protocol/socket';

interface Copy {
  heading: string;
  body: string;
  /** May this person try joining again from here? */
  rejoin: string | null;
}

export function goneCopy(reason: GoneReason): Copy {
  switch (reason) {
    case 'removed':
      return { heading: 'You were removed from the call', body: 'A moderator removed you from this call.', rejoin: 'Try to join again' };
    case 'banned':
      return { heading: 'You have been banned from this call', body: 'A moderator banned you. You cannot rejoin this call.', rejoin: null };
    case 'denied':
      return { heading: 'Entry refused', body: 'A moderator did not let you into this call.', rejoin: 'Ask again' };
    case 'locked':
      return { heading: 'The call is locked', body: 'The moderators locked this call: nobody can come in right now.', rejoin: 'Try again' };
    case 'full':
      return { heading: 'The call is full', body: 'This call has as many participants as it can take.', rejoin: 'Try again' };
    case 'call_ended':
      return { heading: 'The call has ended', body: 'The host ended this call. Thank you for taking part.', rejoin: null };
    case 'replaced':
      return {
        heading: 'Opened somewhere else',
        body: 'You joined this call from another tab or device, so this tab was disconnected.',
        rejoin: null,
      };
    case 'unauthorized':
      return { heading: 'Your session has expired', body: 'Join the call again to continue.', rejoin: 'Join again' };
    case 'protocol_mismatch':
      return { heading: 'Caucus was updated', body: 'Reload the page to get the new version.', rejoin: null };
    case 'left':
      return { heading: 'You left the call', body: 'You can come back while the call is running.', rejoin: 'Join again' };
    default:
      return assertNever(reason);
  }
}

export function GoneScreen({ title, reason, removalReason, onRejoin }: { title: string; reason: GoneReason; removalReason: string | null; onRejoin: () => void }) {
  const copy = goneCopy(reason);
  useDocumentTitle(`${copy.heading}: ${title}`);
  const heading = useRef<HTMLHeadingElement>(null);
  // After Leave (or a removal) the focus lands on what happened, not on the page.
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="centered">
      <div className={`card gone gone-${reason}`} data-testid="gone" data-reason={reason}>
        <p className="eyebrow">{title}</p>
        <div role="alert">
          <h1 ref={heading} tabIndex={-1}>
            {copy.heading}
          </h1>
          <p>{copy.body}</p>
        </div>
        {removalReason ? (
          <p>
            Reason given: <q data-testid="removal-reason">{removalReason}</q>
          </p>
        ) : null}
        {copy.rejoin ? (
          <button type="button" className="primary" onClick={onRejoin}>
            {copy.rejoin}
          </button>
        ) : null}
        {reason === 'replaced' || reason === 'protocol_mismatch' ? (
          <button type="button" className="primary" onClick={() => window.location.reload()}>
            {reason === 'replaced' ? 'Use this tab instead' : 'Reload'}
          </button>
        ) : null}
      </div>
    </main>
  );
}

// Leave. Whoever may end the call (the permission table says: the host) is asked which they mean:
// leave themselves, or end the call for everyone.
import { useState } from 'react';
import { useMayIssue } from '../hooks/useMayIssue';
import { useSession } from '../hooks/useSession';
import { Dialog } from './Dialog';

export function LeaveControl() {
  const session = useSession();
  const mayEnd = useMayIssue('end_call');
  const [asking, setAsking] = useState(false);
  const [confirmEnd, setConfirmEnd] = useState(false);
  return (
    <>
      <button type="button" className="bar-button bar-leave" onClick={() => (mayEnd ? setAsking(true) : session.leave())} data-testid="leave">
        <span className="bar-label">Leave</span>
      </button>
      <Dialog open={asking} title={confirmEnd ? 'End the call for everyone?' : 'Leave the call?'} onClose={() => { setAsking(false); setConfirmEnd(false); }} testId="leave-dialog">
        {confirmEnd ? (
          <>
            <p className="dialog-body">Everyone is disconnected and nobody can join again. This cannot be undone.</p>
            <div className="dialog-actions">
              <button type="button" onClick={() => setConfirmEnd(false)}>
                Back
              </button>
              <button type="button" className="danger" onClick={() => void session.command({ type: 'end_call' }, 'Call ended')} data-testid="confirm-end-call">
                End the call for everyone
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="dialog-body">You can leave and the call goes on, or end it for everyone.</p>
            <div className="dialog-actions">
              <button type="button" onClick={() => setAsking(false)}>
                Stay
              </button>
              <button type="button" className="danger-outline" onClick={() => setConfirmEnd(true)} data-testid="end-for-everyone">
                End the call for everyone…
              </button>
              <button type="button" className="primary" onClick={() => session.leave()} data-testid="leave-only">
                Leave the call
              </button>
            </div>
          </>
        )}
      </Dialog>
    </>
  );
}

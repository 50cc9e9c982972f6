// Feedback for every action: successes politely, refusals as alerts (never swallowed). A toast
// waits while the pointer or the keyboard focus is on the toasts (time to read it), and every
// message of the session can be read again under "Messages" in the header.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useCallSelector } from '../hooks/useCallSelector';
import { useSession } from '../hooks/useSession';
import { formatClock } from '../lib/format';
import type { Notice } from '../protocol/view';
import { Dialog } from './Dialog';

const LIFETIME_MS: Record<Notice['kind'], number> = { success: 5000, info: 8000, error: 15000 };
const HISTORY = 50;

function Toast({ notice, paused, onDismiss }: { notice: Notice; paused: boolean; onDismiss: (id: number) => void }) {
  const left = useRef(LIFETIME_MS[notice.kind]);
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const t = setTimeout(() => onDismiss(notice.id), left.current);
    return () => {
      clearTimeout(t);
      left.current = Math.max(1000, left.current - (Date.now() - started));
    };
  }, [paused, notice.id, onDismiss]);
  return (
    <div className={`toast toast-${notice.kind}`} data-testid={`toast-${notice.kind}`}>
      <span>{notice.text}</span>
      <button type="button" className="toast-close" onClick={() => onDismiss(notice.id)} aria-label={`Dismiss: ${notice.text}`}>
        ×
      </button>
    </div>
  );
}

export function Toasts() {
  const session = useSession();
  const notices = useCallSelector((v) => v.notices);
  const [paused, setPaused] = useState(false);
  const dismiss = useCallback((id: number) => session.store.dispatch({ type: 'dismiss', id }), [session]);
  const errors = notices.filter((n) => n.kind === 'error');
  const others = notices.filter((n) => n.kind !== 'error');
  const pause = {
    onMouseEnter: () => setPaused(true),
    onMouseLeave: () => setPaused(false),
    onFocus: () => setPaused(true),
    onBlur: () => setPaused(false),
  };
  return (
    <div className="toasts" {...pause} data-paused={paused ? 'true' : undefined}>
      <div role="alert" aria-live="assertive" className="toast-list">
        {errors.map((n) => (
          <Toast key={n.id} notice={n} paused={paused} onDismiss={dismiss} />
        ))}
      </div>
      <div role="status" aria-live="polite" className="toast-list">
        {others.map((n) => (
          <Toast key={n.id} notice={n} paused={paused} onDismiss={dismiss} />
        ))}
      </div>
    </div>
  );
}

/** Every message shown in this session, newest first, to read again after a toast is gone. */
export function MessageHistory() {
  const notices = useCallSelector((v) => v.notices);
  const [history, setHistory] = useState<(Notice & { at: number })[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    setHistory((h) => {
      const known = new Set(h.map((n) => n.id));
      const fresh = notices.filter((n) => !known.has(n.id)).map((n) => ({ ...n, at: Date.now() }));
      return fresh.length ? [...fresh.reverse(), ...h].slice(0, HISTORY) : h;
    });
  }, [notices]);
  return (
    <>
      <button type="button" className="small" onClick={() => setOpen(true)} data-testid="open-messages">
        Messages ({history.length})
      </button>
      <Dialog open={open} title="Messages" onClose={() => setOpen(false)} testId="messages-dialog">
        {history.length === 0 ? (
          <p>No messages yet.</p>
        ) : (
          <ol className="plain-list message-history" data-testid="message-history">
            {history.map((n) => (
              <li key={n.id} className={`row message-${n.kind}`}>
                <time>{formatClock(n.at)}</time> <span className="grow">{n.kind === 'error' ? `Refused: ${n.text}` : n.text}</span>
              </li>
            ))}
          </ol>
        )}
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </Dialog>
    </>
  );
}

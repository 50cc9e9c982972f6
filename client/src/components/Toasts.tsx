import { useEffect } from 'react';
import type { Notice } from '../protocol/view';

const LIFETIME_MS: Record<Notice['kind'], number> = { success: 4000, info: 6000, error: 12000 };

function Toast({ notice, onDismiss }: { notice: Notice; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const t = setTimeout(() => onDismiss(notice.id), LIFETIME_MS[notice.kind]);
    return () => clearTimeout(t);
  }, [notice.id, notice.kind, onDismiss]);
  return (
    <div className={`toast toast-${notice.kind}`} data-testid={`toast-${notice.kind}`}>
      <span>{notice.text}</span>
      <button type="button" className="toast-close" onClick={() => onDismiss(notice.id)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  );
}

/** Feedback for every action: successes politely, refusals as alerts (never swallowed). */
export function Toasts({ notices, onDismiss }: { notices: readonly Notice[]; onDismiss: (id: number) => void }) {
  const errors = notices.filter((n) => n.kind === 'error');
  const others = notices.filter((n) => n.kind !== 'error');
  return (
    <div className="toasts">
      <div role="alert" aria-live="assertive" className="toast-list">
        {errors.map((n) => (
          <Toast key={n.id} notice={n} onDismiss={onDismiss} />
        ))}
      </div>
      <div role="status" aria-live="polite" className="toast-list">
        {others.map((n) => (
          <Toast key={n.id} notice={n} onDismiss={onDismiss} />
        ))}
      </div>
    </div>
  );
}

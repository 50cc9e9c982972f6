// A modal built on the native <dialog>: focus is moved in and trapped and Escape closes (the
// browser does that). Focus returns to the opener when it closes, or is unmounted, which the
// browser does not do for a removed dialog; when the opener is gone (the person it was about was
// banned and left the list) focus goes to `fallbackFocus` instead of the page.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { focusWhenReady } from '../lib/focus';

function restoreFocus(dialog: HTMLDialogElement, opener: HTMLElement | null, fallback: string | undefined): void {
  // After React has finished removing what the action changed (and unless it opened again).
  setTimeout(() => {
    if (dialog.open && dialog.isConnected) return;
    if (opener?.isConnected && opener.getClientRects().length > 0) opener.focus();
    else if (fallback) focusWhenReady(fallback);
  }, 0);
}

export function Dialog({
  open,
  title,
  onClose,
  children,
  testId,
  fallbackFocus,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** A selector to focus on close when the opener no longer exists. */
  fallbackFocus?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const fallback = useRef(fallbackFocus);
  fallback.current = fallbackFocus;
  useEffect(() => {
    const d = ref.current;
    if (!open || !d) return;
    const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    if (!d.open) d.showModal();
    return () => {
      if (d.open) d.close();
      restoreFocus(d, opener, fallback.current);
    };
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="dialog"
      data-testid={testId}
      onClose={() => {
        // A close event queued by an effect's cleanup can arrive after the effect ran again and
        // re-opened the dialog (React re-runs effects, e.g. when Suspense reveals content): only a
        // dialog that is really closed is reported.
        if (!ref.current?.open) onClose();
      }}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/** "Are you sure?" for destructive actions. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} title={title} onClose={onClose} testId="confirm-dialog">
      <div className="dialog-body">{message}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          data-testid="confirm"
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

// Small building blocks of the console: loading a resource, showing an error, copying a link,
// and a destructive action that asks first (native <dialog> through the app's Dialog).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Dialog } from '../components/Dialog';
import { ApiError } from '../lib/api';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: ApiError };

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [value, setValue] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => live && setValue({ state: 'ready', value: v }),
      (e: unknown) => live && setValue({ state: 'failed', error: asApiError(e) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return [value, useCallback(() => setTick((t) => t + 1), [])];
}

export const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'unknown', e instanceof Error ? e.message : String(e)));

export function ErrorNote({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="notice notice-danger" data-testid="console-error" data-code={error.code}>
      {error.message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return <p role="status">Loading {what}…</p>;
}

/** A read-only field with the link and a Copy button; the field is selectable for manual copying. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const id = `copy-${testId ?? label.replace(/\W+/g, '-')}`;
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} data-testid={testId} />
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false));
          }}
        >
          Copy
        </button>
      </div>
      <p className="help" role="status">
        {copied ? 'Copied.' : ''}
      </p>
    </div>
  );
}

/** A button that opens a confirmation dialog; the action runs only after "Yes". */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  testId,
  className = 'danger-outline',
}: {
  label: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  testId?: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </button>
      <Dialog open={open} title={title} onClose={() => setOpen(false)} testId={testId ? `${testId}-dialog` : undefined}>
        {children}
        <ErrorNote error={error} />
        <div className="button-row">
          <button
            type="button"
            className="danger"
            disabled={busy}
            data-testid={testId ? `${testId}-confirm` : undefined}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await onConfirm();
                setOpen(false);
              } catch (e) {
                setError(asApiError(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            {confirmLabel}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </>
  );
}

export const when = (iso: string | null, timeZone?: string | null) =>
  iso === null
    ? 'Not scheduled'
    : // dateStyle/timeStyle cannot be combined with timeZoneName: the fields are spelled out.
      new Date(iso).toLocaleString(undefined, {
        weekday: 'short',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        ...(timeZone ? { timeZone, timeZoneName: 'short' } : {}),
      });

// Focus after an action: the control that replaces the one just pressed (Raise hand -> Lower hand)
// often renders only when the server's event arrives, a moment later. Until it exists the focus
// would fall to the page; this waits for it (bounded) and moves focus there.

const WAIT_MS = 3000;

/** Focuses the first element matching `selector` as soon as it exists (and is enabled), within a few seconds. */
export function focusWhenReady(selector: string, waitMs = WAIT_MS): void {
  const deadline = performance.now() + waitMs;
  const attempt = () => {
    const el = document.querySelector<HTMLElement>(selector);
    if (el && !el.hasAttribute('disabled')) {
      el.focus();
      if (document.activeElement === el) return;
    }
    if (performance.now() < deadline) requestAnimationFrame(attempt);
  };
  attempt();
}

export const byTestId = (id: string) => `[data-testid="${id}"]`;

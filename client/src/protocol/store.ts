// The ONE store: every source (our socket, the LiveKit room, the UI's own notices) dispatches
// actions here; React reads it with useSyncExternalStore. Nothing else holds call state.
import { initialView, reduceView, type CallView, type ViewAction } from './view';

export class CallStore {
  private view: CallView;
  private listeners = new Set<() => void>();

  constructor(initial: CallView = initialView()) {
    this.view = initial;
  }

  getSnapshot = (): CallView => this.view;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch(action: ViewAction): void {
    const next = reduceView(this.view, action);
    if (next === this.view) return;
    this.view = next;
    for (const l of this.listeners) l();
  }
}

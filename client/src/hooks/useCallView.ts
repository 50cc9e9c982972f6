import { useSyncExternalStore } from 'react';
import type { CallView } from '../protocol/view';
import { useSession } from './useSession';

/** The whole client view of the call; re-renders when anything in it changes. */
export function useCallView(): CallView {
  const { store } = useSession();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

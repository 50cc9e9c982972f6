// Selector hooks over the ONE store (protocol/store.ts): a component re-renders only when the
// part of the view it selected changes (compared with `isEqual`, Object.is by default), not on
// every frame, toast or presence update.
import { DEFAULT_CALL_SETTINGS, initialState, type CallState } from '@caucus/shared';
import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/with-selector';
import type { CallView } from '../protocol/view';
import { useSession } from './useSession';

export function useCallSelector<T>(select: (view: CallView) => T, isEqual?: (a: T, b: T) => boolean): T {
  const { store } = useSession();
  return useSyncExternalStoreWithSelector(store.subscribe, store.getSnapshot, store.getSnapshot, select, isEqual);
}

// While the call screen unmounts (the person left, was removed) the state may already be gone;
// selectors then read an empty call instead of crashing mid-render.
const NO_CALL: CallState = initialState('', DEFAULT_CALL_SETTINGS);

/** A part of the moderation state; for components inside the call screen. */
export function useCall<T>(select: (call: CallState) => T, isEqual?: (a: T, b: T) => boolean): T {
  return useCallSelector((view) => select(view.state ?? NO_CALL), isEqual);
}

/** Equal when both arrays hold the same items in the same order. */
export function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

import type { Floor } from '@caucus/shared';
import { floorCountdown, type Countdown } from '../lib/countdown';
import { useNow } from './useNow';

/** The floor's time left, ticking; null without a floor or without a limit. `skewMs`: local minus server clock. */
export function useFloorCountdown(floor: Floor | null, skewMs: number | null): Countdown | null {
  const now = useNow(floor?.deadline != null);
  return floorCountdown(floor, now - (skewMs ?? 0));
}

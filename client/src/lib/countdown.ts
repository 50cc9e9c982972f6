import { FLOOR_WARNING_MS, type Floor } from '@caucus/shared';

export interface Countdown {
  msLeft: number;
  /** The last FLOOR_WARNING_MS (15 s): shown in the warning style on every screen. */
  warning: boolean;
  expired: boolean;
}

/** Time left on the floor, from the deadline every client shares (state.floor.deadline). */
export function floorCountdown(floor: Floor | null, now: number): Countdown | null {
  if (!floor || floor.deadline === null) return null;
  const msLeft = Math.max(0, floor.deadline - now);
  return { msLeft, warning: msLeft <= FLOOR_WARNING_MS, expired: msLeft === 0 };
}

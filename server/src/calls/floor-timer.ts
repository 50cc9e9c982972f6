// Floor deadlines become commands issued by the shell: `warn_floor` 15 s before the end and
// `expire_floor` at the end. They are derived from the stored state, so a restarted server
// re-arms them (or fires at once when the deadline passed while it was down).
export const FLOOR_WARNING_MS = 15_000;

export interface FloorDeadline {
  grantedAt: number;
  deadline: number | null;
  warned: boolean;
}

export class FloorTimer {
  private timers: NodeJS.Timeout[] = [];
  private armedFor: string | null = null;

  constructor(
    private readonly fire: (command: { type: 'warn_floor' | 'expire_floor'; grantedAt: number }) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Re-arms for the current floor; a no-op when nothing changed. */
  arm(floor: FloorDeadline | null): void {
    const key = floor && floor.deadline !== null ? `${floor.grantedAt}:${floor.deadline}:${floor.warned}` : null;
    if (key === this.armedFor) return;
    this.clear();
    this.armedFor = key;
    if (!floor || floor.deadline === null) return;
    const { grantedAt, deadline } = floor;
    const at = (when: number, type: 'warn_floor' | 'expire_floor') =>
      this.timers.push(setTimeout(() => this.fire({ type, grantedAt }), Math.max(0, when - this.now())));
    if (!floor.warned && deadline - FLOOR_WARNING_MS > this.now()) at(deadline - FLOOR_WARNING_MS, 'warn_floor');
    at(deadline, 'expire_floor');
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.armedFor = null;
  }
}

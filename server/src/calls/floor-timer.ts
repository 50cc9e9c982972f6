// Floor deadlines become commands issued by the shell: `warn_floor` 15 s before the end and
// `expire_floor` at the end. They are derived from the stored state, so a restarted server
// re-arms them (or fires at once when the deadline passed while it was down).
import { FLOOR_WARNING_MS, type CommandOf, type Floor } from '@caucus/shared';
import { systemClock, type Clock, type Timer } from './clock';

type FloorCommand = CommandOf<'warn_floor' | 'expire_floor'>;

export class FloorTimer {
  private timers: Timer[] = [];
  private armedFor: string | null = null;

  constructor(
    private readonly fire: (command: FloorCommand) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Re-arms for the current floor; a no-op when nothing changed. */
  arm(floor: Pick<Floor, 'grantedAt' | 'deadline' | 'warned'> | null): void {
    const key = floor && floor.deadline !== null ? `${floor.grantedAt}:${floor.deadline}:${floor.warned}` : null;
    if (key === this.armedFor) return;
    this.clear();
    this.armedFor = key;
    if (!floor || floor.deadline === null) return;
    const { grantedAt, deadline } = floor;
    // Node may run a timer a millisecond or two before Date.now() reaches its time; the core would
    // then refuse the command as not due and, the floor unchanged, nothing would re-arm it: the
    // turn would never end. So a timer that fires early waits out the rest.
    const at = (when: number, type: FloorCommand['type']) => {
      const wait = () =>
        this.timers.push(this.clock.after(Math.max(0, when - this.clock.now()), () => (this.clock.now() < when ? wait() : this.fire({ type, grantedAt }))));
      wait();
    };
    if (!floor.warned && deadline - FLOOR_WARNING_MS > this.clock.now()) at(deadline - FLOOR_WARNING_MS, 'warn_floor');
    at(deadline, 'expire_floor');
  }

  clear(): void {
    for (const t of this.timers) t.cancel();
    this.timers = [];
    this.armedFor = null;
  }
}

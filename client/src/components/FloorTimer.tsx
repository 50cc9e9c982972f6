import type { Floor } from '@caucus/shared';
import { formatCountdown, spokenCountdown } from '../lib/format';
import { useFloorCountdown } from '../hooks/useFloorCountdown';

/** Who has the floor and the time they have left: the same deadline on every screen. */
export function FloorTimer({
  floor,
  holderName,
  isYou,
  skewMs,
}: {
  floor: Floor | null;
  holderName: string | null;
  isYou: boolean;
  skewMs: number | null;
}) {
  const countdown = useFloorCountdown(floor, skewMs);
  if (!floor) {
    return (
      <div className="floor floor-empty" data-testid="floor-timer" data-state="empty">
        Nobody from the audience has the floor.
      </div>
    );
  }
  const cls = countdown?.warning ? 'floor floor-warning' : 'floor';
  return (
    <div className={cls} data-testid="floor-timer" data-state={countdown?.warning ? 'warning' : 'running'}>
      <span className="floor-holder">
        <span className="floor-label">Floor:</span> {isYou ? 'You' : holderName ?? 'someone'}
      </span>
      {countdown ? (
        <span className="floor-time" aria-label={spokenCountdown(countdown.msLeft)} role="timer" data-testid="floor-countdown">
          {formatCountdown(countdown.msLeft)}
        </span>
      ) : (
        <span className="floor-time floor-nolimit">no time limit</span>
      )}
      {countdown?.warning ? <span className="floor-hint">{isYou ? 'Please wrap up' : 'Time almost up'}</span> : null}
    </div>
  );
}

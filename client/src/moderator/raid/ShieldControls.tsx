// The raid shield: who it takes out (the last 2, 5 or 10 minutes, since a time, since the spike),
// raise and lift, and whether the server may raise it by itself on a join-rate spike.
import type { ShieldWindow } from '@caucus/shared';
import { useId, useState } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { useCall } from '../../hooks/useCallSelector';
import { formatClock } from '../../lib/format';

const WINDOWS: { value: ShieldWindow; label: string }[] = [
  { value: '2m', label: 'the last 2 minutes' },
  { value: '5m', label: 'the last 5 minutes' },
  { value: '10m', label: 'the last 10 minutes' },
  { value: 'since', label: 'a time I choose' },
  { value: 'spike', label: 'the join-rate spike' },
];

/** Today's date at the time typed in a time input (HH:MM), in local time. */
function momentOf(time: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) return undefined;
  const d = new Date();
  d.setHours(Number(m[1]), Number(m[2]), 0, 0);
  return d.getTime();
}

export function ShieldControls() {
  const shield = useCall((c) => c.shield);
  const spike = useCall((c) => c.spike);
  const autoShield = useCall((c) => c.settings.autoShield ?? false);
  const send = useCommand();
  const [window, setWindow] = useState<ShieldWindow>(spike ? 'spike' : '5m');
  const [time, setTime] = useState('');
  const timeId = useId();
  const raise = () => {
    const since = window === 'since' ? momentOf(time) : undefined;
    void send({ type: 'raise_shield', window, ...(since !== undefined ? { since } : {}) }, 'Raid shield raised: recent arrivals moved to the lobby');
  };
  return (
    <fieldset className="shield-controls" data-testid="shield-controls">
      <legend>Raid shield</legend>
      <p role="status" data-testid="shield-status">
        {shield
          ? `Up since ${formatClock(shield.raisedAt)}: everyone who arrived after ${formatClock(shield.since)} waits in the lobby, and so does every newcomer.`
          : 'Down. Raising it moves everyone (except staff and guest speakers) who arrived in the window to the lobby, without their rights and without the call.'}
      </p>
      <div role="radiogroup" aria-label="Who the shield takes out: everyone who arrived since" className="shield-windows">
        {WINDOWS.map((w) => (
          <label key={w.value} className="check">
            <input
              type="radio"
              name="shield-window"
              value={w.value}
              checked={window === w.value}
              disabled={w.value === 'spike' && !spike}
              onChange={() => setWindow(w.value)}
              data-testid={`shield-window-${w.value}`}
            />
            {w.label}
            {w.value === 'spike' && spike ? ` (${formatClock(spike.since)})` : ''}
          </label>
        ))}
      </div>
      {window === 'since' ? (
        <p>
          <label htmlFor={timeId}>Arrived since (today)</label>{' '}
          <input id={timeId} type="time" value={time} onChange={(e) => setTime(e.target.value)} data-testid="shield-since" />
        </p>
      ) : null}
      <div className="button-row">
        <button type="button" className="danger" onClick={raise} disabled={window === 'since' && momentOf(time) === undefined} data-testid="raise-shield">
          {shield ? 'Widen the shield' : 'Raise the shield'}
        </button>
        <button type="button" disabled={!shield} onClick={() => void send({ type: 'lift_shield' }, 'Raid shield lifted; the people it holds still wait for review')} data-testid="lift-shield">
          Lift the shield
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={autoShield} onChange={(e) => void send({ type: 'set_auto_shield', enabled: e.target.checked }, e.target.checked ? 'Caucus raises the shield by itself on a spike' : 'Automatic shield off')} data-testid="auto-shield" />
        Raise the shield by itself when the join rate spikes
      </label>
    </fieldset>
  );
}

// The early warning: the server noticed many arrivals from new browsers in a short window. One
// click raises the shield from the spike's start; the moderator may also just dismiss it.
import { useState } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { useCall } from '../../hooks/useCallSelector';
import { formatClock } from '../../lib/format';

export function SpikeAlert() {
  const spike = useCall((c) => c.spike);
  const shieldUp = useCall((c) => c.shield !== null);
  const send = useCommand();
  const [dismissed, setDismissed] = useState<number | null>(null);
  if (!spike || shieldUp || dismissed === spike.at) return null;
  return (
    <div className="banner banner-danger spike-alert" role="alert" data-testid="spike-alert">
      <span>
        Possible raid: {spike.arrivals} new arrivals since {formatClock(spike.since)} (usually about {Math.round(spike.baseline)} in that time).
      </span>
      <span className="button-row">
        <button type="button" className="danger" onClick={() => void send({ type: 'raise_shield', window: 'spike' }, 'Raid shield raised: recent arrivals moved to the lobby')} data-testid="shield-from-spike">
          Raise the shield since {formatClock(spike.since)}
        </button>
        <button type="button" className="small" onClick={() => setDismissed(spike.at)} data-testid="dismiss-spike">
          Dismiss
        </button>
      </span>
    </div>
  );
}

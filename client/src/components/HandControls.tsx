// Raise a hand in a lane, or lower it; your position in the one queue is always shown.
import { laneSchema, queuePosition, type CallState, type Identity, type Lane, type Role } from '@caucus/shared';
import { useState } from 'react';
import { useCommand } from '../hooks/useCommand';
import { LANE_LABELS } from '../protocol/describe';
import { ordinal } from '../lib/format';

export function HandControls({ call, you, role }: { call: CallState; you: Identity; role: Role }) {
  const send = useCommand();
  const [lane, setLane] = useState<Lane>('speak');
  const [busy, setBusy] = useState(false);
  if (role === 'speaker') return null;
  const me = call.members.get(you);
  const position = queuePosition(call, you);
  const hasFloor = call.floor?.identity === you;

  const run = async (fn: () => Promise<boolean>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };

  if (hasFloor) return null;
  if (position !== null) {
    const entry = call.queue[position]!;
    return (
      <div className="hand hand-up" data-testid="hand-status">
        <p>
          Your hand is up ({LANE_LABELS[entry.lane]}). You are{' '}
          <strong data-testid="my-position">{ordinal(position + 1)}</strong> in the queue.
        </p>
        <button type="button" onClick={() => run(() => send({ type: 'lower_hand' }, 'Hand lowered'))} disabled={busy} data-testid="lower-hand">
          Lower hand
        </button>
      </div>
    );
  }
  const silenced = me?.silenced ?? false;
  return (
    <form
      className="hand"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => send({ type: 'raise_hand', lane }, 'Hand raised'));
      }}
    >
      <label htmlFor="lane">Ask to</label>
      <select id="lane" value={lane} onChange={(e) => setLane(e.target.value as Lane)} data-testid="lane-select">
        {laneSchema.options.map((l) => (
          <option key={l} value={l}>
            {LANE_LABELS[l]}
          </option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={busy} data-testid="raise-hand">
        Raise hand
      </button>
      {silenced ? <p className="muted">You are silenced, so a moderator cannot give you the floor.</p> : null}
    </form>
  );
}

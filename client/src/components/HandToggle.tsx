// Raise a hand in a lane, or lower it, from the control bar; your place in the one queue is on the
// Lower button. Focus follows the action: after Raise it lands on Lower (rendered when the
// server's event arrives), after Lower back on Raise.
import { laneSchema, queuePosition, roleMayIssue, type Lane } from '@caucus/shared';
import { useState } from 'react';
import { useCall } from '../hooks/useCallSelector';
import { useCommand } from '../hooks/useCommand';
import { useYou } from '../hooks/useYou';
import { LANE_LABELS } from '../protocol/describe';
import { byTestId, focusWhenReady } from '../lib/focus';
import { ordinal } from '../lib/format';

export function HandToggle() {
  const send = useCommand();
  const you = useYou();
  const [lane, setLane] = useState<Lane>('speak');
  const position = useCall((c) => queuePosition(c, you.identity));
  const myLane = useCall((c) => (position === null ? null : (c.queue[position]?.lane ?? null)));
  const onFloor = useCall((c) => c.floor?.identity === you.identity);
  if (!roleMayIssue(you.role, 'raise_hand') || onFloor) return null;

  if (position !== null) {
    return (
      <button
        type="button"
        className="bar-button hand-up"
        onClick={() => {
          focusWhenReady(byTestId('raise-hand'));
          void send({ type: 'lower_hand' }, 'Hand lowered');
        }}
        data-testid="lower-hand"
      >
        <span className="bar-label">Lower hand</span>{' '}
        <span className="bar-detail" data-testid="hand-status">
          you are <strong data-testid="my-position">{ordinal(position + 1)}</strong>
          {myLane && myLane !== 'speak' ? `, ${LANE_LABELS[myLane]}` : ''}
        </span>
      </button>
    );
  }
  return (
    <span className="bar-group">
      <label htmlFor="lane" className="visually-hidden">
        Lane for your hand
      </label>
      <select id="lane" className="bar-select" value={lane} onChange={(e) => setLane(e.target.value as Lane)} data-testid="lane-select">
        {laneSchema.options.map((l) => (
          <option key={l} value={l}>
            {LANE_LABELS[l]}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="bar-button primary"
        onClick={() => {
          focusWhenReady(byTestId('lower-hand'));
          void send({ type: 'raise_hand', lane }, 'Hand raised');
        }}
        data-testid="raise-hand"
      >
        <span className="bar-label">Raise hand</span>
      </button>
    </span>
  );
}

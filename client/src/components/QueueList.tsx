// THE speaker queue, in exactly the order of state.queue, the same on every screen.
import type { CallState, Identity } from '@caucus/shared';
import { LANE_LABELS } from '../protocol/describe';

export function QueueList({ call, you }: { call: CallState; you: Identity }) {
  const queue = call.queue;
  return (
    <section className="panel queue" aria-labelledby="queue-title">
      <h2 id="queue-title">
        Speaker queue <span className="count">({queue.length})</span>
      </h2>
      {queue.length === 0 ? (
        <p className="muted">No hands raised.</p>
      ) : (
        <ol className="queue-list" data-testid="queue">
          {queue.map((e, i) => {
            const mine = e.identity === you;
            return (
              <li key={e.identity} className={mine ? 'queue-item queue-mine' : 'queue-item'} data-testid="queue-item" data-identity={e.identity} aria-current={mine ? 'true' : undefined}>
                <span className="queue-pos">{i + 1}</span>
                <span className="queue-name">
                  {call.members.get(e.identity)?.name ?? 'someone'}
                  {mine ? <strong> (you)</strong> : null}
                </span>
                <span className={`lane lane-${e.lane}`}>{LANE_LABELS[e.lane]}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

// The queue as a moderator runs it: give the floor, end or extend it, reorder by drag AND by
// keyboard (arrow keys on the handle, or the move buttons), dismiss one hand or all.
import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { ConfirmDialog } from '../components/Dialog';
import { useCommand } from '../hooks/useCommand';
import { useInCall } from '../hooks/useInCall';
import { LANE_LABELS } from '../protocol/describe';

export function QueueControls() {
  const { call } = useInCall();
  const send = useCommand();
  const [confirmLowerAll, setConfirmLowerAll] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  const [extendBy, setExtendBy] = useState(60);
  const name = (id: string) => call.members.get(id)?.name ?? 'someone';

  const move = (identity: string, position: number) => {
    if (position < 0 || position >= call.queue.length) return;
    void send({ type: 'move_in_queue', participant: identity, position }, `${name(identity)} moved to position ${position + 1}`);
  };
  const onHandleKey = (e: KeyboardEvent, identity: string, index: number) => {
    const target = e.key === 'ArrowUp' ? index - 1 : e.key === 'ArrowDown' ? index + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? call.queue.length - 1 : null;
    if (target === null) return;
    e.preventDefault();
    move(identity, target);
  };
  const onDrop = (e: DragEvent, index: number) => {
    e.preventDefault();
    const identity = e.dataTransfer.getData('text/plain') || dragging;
    setDragging(null);
    if (identity) move(identity, index);
  };

  return (
    <div className="queue-controls">
      <div className="button-row">
        <button type="button" className="primary" onClick={() => send({ type: 'next_speaker' }, 'Next speaker called')} disabled={call.queue.length === 0} data-testid="next-speaker">
          Give the floor to the next speaker
        </button>
        <button type="button" onClick={() => send({ type: 'end_floor' }, 'Turn ended')} disabled={!call.floor} data-testid="end-floor">
          End the current turn
        </button>
        <span className="inline-field">
          <label htmlFor="extend-by">Add</label>
          <select id="extend-by" value={extendBy} onChange={(e) => setExtendBy(Number(e.target.value))}>
            {[15, 30, 60, 120, 300].map((s) => (
              <option key={s} value={s}>
                {s < 60 ? `${s} s` : `${s / 60} min`}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => send({ type: 'extend_floor', seconds: extendBy }, `Added ${extendBy} seconds`)} disabled={!call.floor} data-testid="extend-floor">
            Add time
          </button>
        </span>
        <button type="button" className="danger-outline" onClick={() => setConfirmLowerAll(true)} disabled={call.queue.length === 0} data-testid="lower-all">
          Lower all hands
        </button>
      </div>
      {call.queue.length === 0 ? (
        <p className="muted">No hands raised.</p>
      ) : (
        <>
          <p className="help" id="reorder-help">
            Drag a row, or focus its handle and use the arrow keys (Home and End move to the top and bottom).
          </p>
          <ol className="mod-queue" data-testid="mod-queue">
            {call.queue.map((e, i) => (
              <li
                key={e.identity}
                className={`mod-queue-item${dragging === e.identity ? ' dragging' : ''}`}
                draggable
                onDragStart={(ev) => {
                  ev.dataTransfer.setData('text/plain', e.identity);
                  ev.dataTransfer.effectAllowed = 'move';
                  setDragging(e.identity);
                }}
                onDragEnd={() => setDragging(null)}
                onDragOver={(ev) => ev.preventDefault()}
                onDrop={(ev) => onDrop(ev, i)}
                data-testid="mod-queue-item"
                data-identity={e.identity}
              >
                <button
                  type="button"
                  className="handle"
                  aria-label={`Reorder ${name(e.identity)}, position ${i + 1} of ${call.queue.length}`}
                  aria-describedby="reorder-help"
                  onKeyDown={(ev) => onHandleKey(ev, e.identity, i)}
                  data-testid="reorder-handle"
                >
                  ⠿
                </button>
                <span className="queue-pos">{i + 1}</span>
                <span className="queue-name">{name(e.identity)}</span>
                <span className={`lane lane-${e.lane}`}>{LANE_LABELS[e.lane]}</span>
                <span className="row-actions">
                  <button type="button" className="small" onClick={() => move(e.identity, i - 1)} disabled={i === 0} aria-label={`Move ${name(e.identity)} up`}>
                    ↑
                  </button>
                  <button type="button" className="small" onClick={() => move(e.identity, i + 1)} disabled={i === call.queue.length - 1} aria-label={`Move ${name(e.identity)} down`}>
                    ↓
                  </button>
                  <button type="button" className="small primary" onClick={() => send({ type: 'grant_floor', participant: e.identity }, `${name(e.identity)} has the floor`)} data-testid="grant-floor">
                    Give floor
                  </button>
                  <button type="button" className="small" onClick={() => send({ type: 'dismiss_hand', participant: e.identity }, `Lowered ${name(e.identity)}'s hand`)} aria-label={`Dismiss ${name(e.identity)}'s hand`}>
                    Dismiss
                  </button>
                </span>
              </li>
            ))}
          </ol>
        </>
      )}
      <ConfirmDialog
        open={confirmLowerAll}
        title="Lower all hands?"
        message={`All ${call.queue.length} raised hands will be lowered. People will have to raise them again.`}
        confirmLabel="Lower all hands"
        onConfirm={() => void send({ type: 'lower_all_hands' }, 'All hands lowered')}
        onClose={() => setConfirmLowerAll(false)}
      />
    </div>
  );
}

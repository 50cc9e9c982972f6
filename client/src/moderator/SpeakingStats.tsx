import type { CallState } from '@caucus/shared';
import { useInCall } from '../hooks/useInCall';
import { formatDuration } from '../lib/format';

/** Who spoke and for how long, most first; people who never spoke are counted, not listed. */
export function speakingRows(call: CallState) {
  return [...call.members.values()]
    .filter((m) => m.floorCount > 0 || m.spokenMs > 0)
    .sort((a, b) => b.spokenMs - a.spokenMs || b.floorCount - a.floorCount);
}

export function SpeakingStats() {
  const { call } = useInCall();
  const rows = speakingRows(call);
  const total = rows.reduce((t, m) => t + m.spokenMs, 0);
  const never = [...call.members.values()].filter((m) => m.status === 'present' && m.role === 'participant' && !m.hadFloor).length;
  return (
    <div>
      <p className="muted">
        Audience turns: {rows.reduce((t, m) => t + m.floorCount, 0)}, total {formatDuration(total)}. {never} people present have not had the floor yet.
      </p>
      {rows.length === 0 ? null : (
        <table className="table" data-testid="speaking-stats">
          <caption className="visually-hidden">Speaking time per person</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Turns</th>
              <th scope="col">Time on the floor</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.identity}>
                <th scope="row">{m.name}</th>
                <td>{m.floorCount}</td>
                <td>{formatDuration(m.spokenMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

import { waitingList } from '@caucus/shared';
import { useCommand } from '../hooks/useCommand';
import { useInCall } from '../hooks/useInCall';
import { formatClock } from '../lib/format';

export function LobbyPanel() {
  const { call } = useInCall();
  const send = useCommand();
  const waiting = waitingList(call);
  return (
    <div>
      <div className="button-row">
        <button type="button" className="primary" disabled={waiting.length === 0} onClick={() => send({ type: 'admit_all' }, 'Everyone in the lobby was let in')} data-testid="admit-all">
          Let everyone in ({waiting.length})
        </button>
        <span className="muted">Lobby is {call.settings.lobby ? 'on' : 'off'} for new participants.</span>
      </div>
      {waiting.length === 0 ? (
        <p className="muted">Nobody is waiting.</p>
      ) : (
        <ul className="plain-list" data-testid="lobby-list">
          {waiting.map((id) => {
            const w = call.lobby.get(id)!;
            return (
              <li key={id} className="row" data-testid="waiter" data-identity={id}>
                <span className="grow">
                  <strong>{w.name}</strong> <span className="muted">({w.role}, waiting since {formatClock(w.since)})</span>
                </span>
                <button type="button" className="small primary" onClick={() => send({ type: 'admit', participant: id }, `${w.name} was let in`)} data-testid="admit">
                  Let in
                </button>
                <button type="button" className="small" onClick={() => send({ type: 'deny', participant: id }, `${w.name} was refused`)} data-testid="deny">
                  Refuse
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

import { waitingList } from '@caucus/shared';
import { useCommand } from '../hooks/useCommand';
import { sameItems, useCall } from '../hooks/useCallSelector';
import { focusWhenReady } from '../lib/focus';
import { formatClock } from '../lib/format';

export function LobbyPanel() {
  const send = useCommand();
  const lobby = useCall((c) => c.lobby);
  const lobbyOn = useCall((c) => c.settings.lobby);
  const waiting = useCall(waitingList, sameItems);
  return (
    <div>
      <div className="button-row">
        <button type="button" className="primary" disabled={waiting.length === 0} onClick={() => send({ type: 'admit_all' }, 'Everyone in the lobby was let in')} data-testid="admit-all">
          Let everyone in ({waiting.length})
        </button>
        <span className="muted">Lobby is {lobbyOn ? 'on' : 'off'} for new participants.</span>
      </div>
      {waiting.length === 0 ? (
        <p className="muted">Nobody is waiting.</p>
      ) : (
        <ul className="plain-list" data-testid="lobby-list">
          {waiting.map((id, i) => {
            const w = lobby.get(id)!;
            // The row goes once the server answers: the focus moves to the next person waiting, or the tab.
            const after = () => {
              const next = waiting[i + 1] ?? waiting[i - 1];
              focusWhenReady(next ? `[data-testid="waiter"][data-identity="${next}"] [data-testid="admit"]` : '#mod-tab-lobby');
            };
            return (
              <li key={id} className="row" data-testid="waiter" data-identity={id}>
                <span className="grow">
                  <strong>{w.name}</strong> <span className="muted">({w.role}, waiting since {formatClock(w.since)})</span>
                </span>
                <button type="button" className="small primary" onClick={() => {
                    after();
                    void send({ type: 'admit', participant: id }, `${w.name} was let in`);
                  }} aria-label={`Let ${w.name} in`} data-testid="admit">
                  Let in
                </button>
                <button type="button" className="small" onClick={() => {
                    after();
                    void send({ type: 'deny', participant: id }, `${w.name} was refused`);
                  }} aria-label={`Refuse ${w.name}`} data-testid="deny">
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

// Chat messages the flood controls hold (a link, a first message): approve sends it to everyone.
import { useCommand } from '../../hooks/useCommand';
import { useCall } from '../../hooks/useCallSelector';

export function HeldMessages() {
  const held = useCall((c) => c.heldChat);
  const names = useCall((c) => c.members);
  const send = useCommand();
  if (held.length === 0) return null;
  return (
    <section aria-labelledby="held-title" data-testid="held-messages">
      <h3 id="held-title">Messages waiting for approval ({held.length})</h3>
      <ul className="plain-list">
        {held.map((m) => {
          const who = names.get(m.from)?.name ?? 'Someone';
          return (
            <li key={m.id} className="row" data-testid="held-message">
              <span className="grow">
                <strong>{who}</strong> <span className="muted">({m.why === 'link' ? 'a link' : 'first message'})</span>: <bdi>{m.text}</bdi>
              </span>
              <button type="button" className="small primary" onClick={() => void send({ type: 'chat_approve', messageId: m.id })} aria-label={`Approve the message from ${who}`}>
                Approve
              </button>
              <button type="button" className="small" onClick={() => void send({ type: 'chat_reject', messageId: m.id })} aria-label={`Turn down the message from ${who}`}>
                Turn down
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

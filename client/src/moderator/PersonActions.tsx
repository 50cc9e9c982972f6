// Everything a moderator can do to one person, in one dialog. Remove and ban ask for confirmation;
// a ban needs a reason (BanForm: reach, duration, network, evidence). Each mode puts the focus on its
// first field; closing returns it to the opener (or the people list when the person is gone).
import { outranks, queuePosition, roleMayIssue, type Identity } from '@caucus/shared';
import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { useCall } from '../hooks/useCallSelector';
import { useCommand } from '../hooks/useCommand';
import { useShownNames } from '../hooks/useShownNames';
import { useYou } from '../hooks/useYou';
import { focusWhenReady } from '../lib/focus';
import { memberOf } from '../lib/members';
import { BanForm } from './BanForm';

type Mode = 'menu' | 'remove' | 'ban' | 'rename';

export default function PersonActions({ target: identity, onClose }: { target: Identity; onClose: () => void }) {
  const you = useYou();
  const target = useCall((c) => memberOf(c, identity));
  const onFloor = useCall((c) => c.floor?.identity === identity);
  const inQueue = useCall((c) => queuePosition(c, identity) !== null);
  const names = useShownNames();
  const send = useCommand();
  const [mode, setMode] = useState<Mode>('menu');
  const [reason, setReason] = useState('');
  const [newName, setNewName] = useState(target?.name ?? '');
  if (!target) return null;
  const t = { ...target, name: names.get(identity) ?? target.name };
  const p = { participant: t.identity };
  const canAct = outranks(you.role, t.role);
  const gone = t.status !== 'present';
  // Back in the menu, the focus returns to the button that opened the form.
  const back = () => {
    focusWhenReady(`[data-testid="person-actions"] [data-testid="${mode}"]`);
    setMode('menu');
  };
  const may = (type: Parameters<typeof roleMayIssue>[1]) => roleMayIssue(you.role, type);

  const act = async (ok: Promise<boolean>, close = false) => {
    if ((await ok) && close) onClose();
  };

  return (
    <Dialog open title={`${t.name}`} onClose={onClose} testId="person-actions" fallbackFocus="#people-title">
      <p className="muted">
        {t.role}
        {onFloor ? ' · has the floor' : ''}
        {inQueue ? ' · hand raised' : ''}
        {t.silenced ? ' · silenced' : ''}
        {t.chatMuted ? ' · muted in chat' : ''}
        {t.cameraOff ? ' · camera off' : ''}
        {t.captioner ? ' · captioner' : ''}
        {gone ? ` · ${t.status}` : ''}
      </p>
      {mode === 'menu' ? (
        <>
          {!canAct ? <p className="notice">You cannot moderate a {t.role}: their role is equal to or above yours.</p> : null}
          <div className="action-grid">
            {t.role !== 'speaker' && !onFloor ? (
              <button type="button" className="primary" onClick={() => act(send({ type: 'grant_floor', ...p }, `${t.name} has the floor`), true)} disabled={gone}>
                Give the floor
              </button>
            ) : null}
            {onFloor ? (
              <button type="button" onClick={() => act(send({ type: 'end_floor' }, 'Turn ended'), true)}>
                End their turn
              </button>
            ) : null}
            {inQueue ? (
              <button type="button" onClick={() => act(send({ type: 'dismiss_hand', ...p }, 'Hand lowered'))} disabled={!canAct}>
                Lower their hand
              </button>
            ) : null}
            <button type="button" onClick={() => act(send({ type: 'mute', ...p }, `${t.name} muted`))} disabled={!canAct || gone}>
              Mute (they can unmute)
            </button>
            {t.silenced ? (
              <button type="button" onClick={() => act(send({ type: 'unsilence', ...p }, `${t.name} may speak again`))} disabled={!canAct} data-testid="unsilence">
                Lift silence
              </button>
            ) : (
              <button type="button" className="danger-outline" onClick={() => act(send({ type: 'silence', ...p }, `${t.name} silenced`))} disabled={!canAct} data-testid="silence">
                Silence (cannot unmute)
              </button>
            )}
            {t.cameraOff ? (
              <button type="button" onClick={() => act(send({ type: 'camera_on', ...p }, 'Camera allowed'))} disabled={!canAct}>
                Allow camera
              </button>
            ) : (
              <button type="button" onClick={() => act(send({ type: 'camera_off', ...p }, 'Camera turned off'))} disabled={!canAct}>
                Turn camera off
              </button>
            )}
            {t.chatMuted ? (
              <button type="button" onClick={() => act(send({ type: 'chat_unmute', ...p }, 'Chat allowed'))} disabled={!canAct}>
                Allow chat
              </button>
            ) : (
              <button type="button" onClick={() => act(send({ type: 'chat_mute', ...p }, 'Muted in chat'))} disabled={!canAct}>
                Mute in chat
              </button>
            )}
            {t.role === 'participant' ? (
              <button type="button" onClick={() => act(send({ type: 'promote', ...p }, `${t.name} is on stage`))} disabled={!canAct || gone}>
                Bring on stage (speaker)
              </button>
            ) : null}
            {t.role === 'speaker' ? (
              <button type="button" onClick={() => act(send({ type: 'demote', ...p }, `${t.name} is in the audience`))} disabled={!canAct}>
                Move to the audience
              </button>
            ) : null}
            {may('appoint_moderator') && t.role !== 'moderator' && t.role !== 'host' ? (
              <button type="button" onClick={() => act(send({ type: 'appoint_moderator', ...p }, `${t.name} is a moderator`))} disabled={gone}>
                Make moderator
              </button>
            ) : null}
            {may('dismiss_moderator') && t.role === 'moderator' ? (
              <button type="button" onClick={() => act(send({ type: 'dismiss_moderator', ...p }, `${t.name} is no longer a moderator`))}>
                Dismiss as moderator
              </button>
            ) : null}
            {may('appoint_captioner') && !t.captioner ? (
              <button type="button" onClick={() => act(send({ type: 'appoint_captioner', ...p }, `${t.name} is the captioner`))} disabled={gone} data-testid="appoint-captioner">
                Make captioner
              </button>
            ) : null}
            {may('dismiss_captioner') && t.captioner ? (
              <button type="button" onClick={() => act(send({ type: 'dismiss_captioner', ...p }, `${t.name} no longer captions`))} data-testid="dismiss-captioner">
                Stop captioning
              </button>
            ) : null}
            <button type="button" onClick={() => setMode('rename')} disabled={!canAct} data-testid="rename">
              Rename…
            </button>
            <button type="button" className="danger-outline" onClick={() => setMode('remove')} disabled={!canAct || gone} data-testid="remove">
              Remove…
            </button>
            <button type="button" className="danger" onClick={() => setMode('ban')} disabled={!canAct} data-testid="ban">
              Ban…
            </button>
          </div>
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        </>
      ) : null}
      {mode === 'rename' ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await act(send({ type: 'rename', ...p, name: newName }, `Renamed to ${newName}`), true);
          }}
        >
          <label htmlFor="rename">New name</label>
          <input id="rename" value={newName} maxLength={48} required onChange={(e) => setNewName(e.target.value)} autoFocus />
          <div className="dialog-actions">
            <button type="button" onClick={back}>
              Back
            </button>
            <button type="submit" className="primary">
              Rename
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'remove' ? (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            await act(send({ type: 'remove', ...p, ...(reason.trim() ? { reason } : {}) }, `${t.name} removed`), true);
          }}
          data-testid="remove-form"
        >
          <p>
            Remove <strong>{t.name}</strong> from the call? They can join again with their link unless you ban them.
          </p>
          <label htmlFor="remove-reason">Reason (optional, shown to them)</label>
          <input id="remove-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} autoFocus />
          <div className="dialog-actions">
            <button type="button" onClick={back}>
              Back
            </button>
            <button type="submit" className="danger" data-testid="confirm-remove">
              Remove
            </button>
          </div>
        </form>
      ) : null}
      {mode === 'ban' ? (
        <BanForm
          target={t.identity}
          name={t.name}
          yourRole={you.role}
          onBan={(choice) => act(send({ type: 'ban', ...p, ...choice }, `${t.name} banned`), true)}
          onBack={back}
        />
      ) : null}
    </Dialog>
  );
}

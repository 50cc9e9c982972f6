// Room-wide switches. The destructive ones (mute all, suspend, end call) ask first.
import { useState } from 'react';
import { ConfirmDialog } from '../components/Dialog';
import { useCommand } from '../hooks/useCommand';
import { useCall } from '../hooks/useCallSelector';
import { useMayIssue } from '../hooks/useMayIssue';
import type { OutgoingCommand } from '../protocol/socket';

type Confirm = { title: string; message: string; label: string; command: OutgoingCommand; done: string };

export function RoomControls() {
  const s = useCall((c) => c.settings);
  const suspended = useCall((c) => c.suspended !== null);
  const maySetFormat = useMayIssue('set_format');
  const mayOpenDoors = useMayIssue('open_doors');
  const mayEndCall = useMayIssue('end_call');
  const mayLetFloorShare = useMayIssue('set_floor_screen_share');
  const send = useCommand();
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [limit, setLimit] = useState(String(s.speakingLimitSec));

  return (
    <div className="room-controls">
      <fieldset>
        <legend>Entry and chat</legend>
        <label className="check">
          <input type="checkbox" checked={s.locked} onChange={(e) => send({ type: 'set_lock', locked: e.target.checked }, e.target.checked ? 'Call locked' : 'Call unlocked')} data-testid="set-lock" />
          Lock the call (nobody new can join)
        </label>
        <label className="check">
          <input type="checkbox" checked={s.lobby} onChange={(e) => send({ type: 'set_lobby', enabled: e.target.checked }, e.target.checked ? 'Lobby on' : 'Lobby off')} data-testid="set-lobby" />
          New participants wait in the lobby
        </label>
        <label className="check">
          <input type="checkbox" checked={s.chatEnabled} onChange={(e) => send({ type: 'set_chat', enabled: e.target.checked }, e.target.checked ? 'Chat on' : 'Chat off')} data-testid="set-chat" />
          Chat is on
        </label>
      </fieldset>
      {maySetFormat || mayOpenDoors || mayLetFloorShare ? (
        <fieldset data-testid="format-controls">
          <legend>Format</legend>
          <label className="check">
            <input
              type="radio"
              name="format"
              checked={s.format !== 'conversation'}
              onChange={() => send({ type: 'set_format', format: 'stage' }, 'Stage: only the stage is on camera')}
              data-testid="format-stage"
            />
            Stage: guest speakers and the floor on stage, the audience listens
          </label>
          <label className="check">
            <input
              type="radio"
              name="format"
              checked={s.format === 'conversation'}
              onChange={() => send({ type: 'set_format', format: 'conversation' }, 'Conversation: everyone may turn their camera on')}
              data-testid="format-conversation"
            />
            Conversation: a gallery, everyone may keep their camera on (microphones still need the floor)
          </label>
          {mayLetFloorShare ? (
            <label className="check">
              <input
                type="checkbox"
                checked={s.floorScreenShare === true}
                onChange={(e) =>
                  send({ type: 'set_floor_screen_share', enabled: e.target.checked }, e.target.checked ? 'The floor may share a screen' : 'The floor may not share a screen')
                }
                data-testid="set-floor-screen-share"
              />
              Whoever has the floor may share their screen
            </label>
          ) : null}
          {mayOpenDoors && s.doorsOpen === false ? (
            <button type="button" className="primary" onClick={() => send({ type: 'open_doors' }, 'The doors are open')} data-testid="open-doors-console">
              Open the doors
            </button>
          ) : null}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>Speaking</legend>
        <form
          className="inline-field"
          onSubmit={(e) => {
            e.preventDefault();
            const seconds = Number(limit);
            if (Number.isInteger(seconds) && seconds >= 0 && seconds <= 3600) void send({ type: 'set_speaking_limit', seconds }, `Speaking limit set to ${seconds} s`);
          }}
        >
          <label htmlFor="limit">Speaking limit per turn (seconds, 0 = none)</label>
          <input id="limit" type="number" min={0} max={3600} value={limit} onChange={(e) => setLimit(e.target.value)} />
          <button type="submit">Set</button>
        </form>
        <div className="inline-field">
          <label htmlFor="policy">Queue order</label>
          <select id="policy" value={s.queuePolicy} onChange={(e) => send({ type: 'set_queue_policy', policy: e.target.value as 'fifo' | 'progressive' }, 'Queue order changed')}>
            <option value="fifo">First come, first served</option>
            <option value="progressive">Progressive: people who have not spoken go first</option>
          </select>
        </div>
        <button
          type="button"
          className="danger-outline"
          onClick={() =>
            setConfirm({
              title: 'Mute everyone in the audience?',
              message: 'Every audience microphone is muted once. People can unmute themselves; use silence to stop someone for good.',
              label: 'Mute all',
              command: { type: 'mute_all' },
              done: 'Everyone in the audience was muted',
            })
          }
          data-testid="mute-all"
        >
          Mute all
        </button>
      </fieldset>
      <fieldset className="panic">
        <legend>Emergency</legend>
        {suspended ? (
          <button type="button" className="primary" onClick={() => send({ type: 'restore' }, 'Call restored')} data-testid="restore">
            Restore the call
          </button>
        ) : (
          <button
            type="button"
            className="danger"
            onClick={() =>
              setConfirm({
                title: 'Suspend the call?',
                message: 'The panic button: silences the whole audience, ends the current turn, turns the chat off and locks the call. Restore undoes exactly that.',
                label: 'Suspend now',
                command: { type: 'suspend' },
                done: 'Call suspended',
              })
            }
            data-testid="suspend"
          >
            Suspend the call (panic button)
          </button>
        )}
        {mayEndCall ? (
          <button
            type="button"
            className="danger"
            onClick={() =>
              setConfirm({
                title: 'End the call for everyone?',
                message: 'Everyone is disconnected and nobody can join again. This cannot be undone.',
                label: 'End the call',
                command: { type: 'end_call' },
                done: 'Call ended',
              })
            }
            data-testid="end-call"
          >
            End the call
          </button>
        ) : null}
      </fieldset>
      <ConfirmDialog
        open={confirm !== null}
        title={confirm?.title ?? ''}
        message={confirm?.message ?? ''}
        confirmLabel={confirm?.label ?? 'Confirm'}
        onConfirm={() => confirm && void send(confirm.command, confirm.done)}
        onClose={() => setConfirm(null)}
      />
    </div>
  );
}

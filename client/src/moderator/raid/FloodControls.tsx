// Chat and queue flood controls, each a call setting changed during the call (0 = off). Hosts,
// moderators and guest speakers are never held by them.
import { floodControlsSchema, FLOOD_CONTROLS_OFF, type FloodControls as Controls } from '@caucus/shared';
import { useEffect, useId, useState } from 'react';
import { useCommand } from '../../hooks/useCommand';
import { useCall } from '../../hooks/useCallSelector';

const NUMBERS: { key: 'slowModeSec' | 'chatMinPresentMin' | 'handLimit' | 'reportLimit' | 'duplicateWindowSec'; label: string; max: number }[] = [
  { key: 'slowModeSec', label: 'Slow mode: one message per person every (seconds)', max: 3600 },
  { key: 'chatMinPresentMin', label: 'Chat only after this many minutes in the call', max: 240 },
  { key: 'duplicateWindowSec', label: 'Refuse the same message again within (seconds)', max: 3600 },
  { key: 'handLimit', label: 'Hand raises per person per 10 minutes', max: 100 },
  { key: 'reportLimit', label: 'Reports per person per 10 minutes', max: 100 },
];

export function FloodControls() {
  const current = useCall((c) => c.settings.flood ?? FLOOD_CONTROLS_OFF);
  const send = useCommand();
  const [draft, setDraft] = useState<Controls>(current);
  const id = useId();
  useEffect(() => setDraft(current), [current]);
  const parsed = floodControlsSchema.safeParse(draft);
  return (
    <form
      className="flood-controls"
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.success) void send({ type: 'set_flood_controls', ...parsed.data }, 'Flood controls saved');
      }}
      data-testid="flood-controls"
    >
      <fieldset>
        <legend>Flood controls (0 = off)</legend>
        {NUMBERS.map((n) => (
          <p key={n.key} className="field-row">
            <label htmlFor={`${id}-${n.key}`}>{n.label}</label>
            <input
              id={`${id}-${n.key}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={n.max}
              value={draft[n.key]}
              onChange={(e) => setDraft({ ...draft, [n.key]: Number(e.target.value) })}
              data-testid={`flood-${n.key}`}
            />
          </p>
        ))}
        <label className="check">
          <input type="checkbox" checked={draft.holdLinks} onChange={(e) => setDraft({ ...draft, holdLinks: e.target.checked })} data-testid="flood-holdLinks" />
          Messages with a link wait for a moderator
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.holdNewcomers} onChange={(e) => setDraft({ ...draft, holdNewcomers: e.target.checked })} data-testid="flood-holdNewcomers" />
          A person&apos;s first message waits for a moderator
        </label>
        <div className="button-row">
          <button type="submit" className="primary" disabled={!parsed.success} data-testid="flood-save">
            Save flood controls
          </button>
        </div>
      </fieldset>
    </form>
  );
}

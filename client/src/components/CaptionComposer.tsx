// For a captioner: type a line, Enter sends it to everyone; the focus stays in the field for the
// next line. Optionally names whose speech it is (the floor-holder is offered first).
import { CAPTION_MAX_CHARS } from '@caucus/shared';
import { useState } from 'react';
import { useCall } from '../hooks/useCallSelector';
import { useCommand } from '../hooks/useCommand';
import { useShownNames } from '../hooks/useShownNames';
import { useYou } from '../hooks/useYou';
import { memberOf } from '../lib/members';
import { nameIn } from '../lib/names';

export function CaptionComposer() {
  const you = useYou();
  const send = useCommand();
  const captioner = useCall((c) => memberOf(c, you.identity)?.captioner === true);
  const floor = useCall((c) => c.floor?.identity ?? null);
  const names = useShownNames();
  const [text, setText] = useState('');
  const [speaker, setSpeaker] = useState<'floor' | 'none'>('floor');
  if (!captioner) return null;
  return (
    <form
      className="caption-composer"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        const who = speaker === 'floor' && floor ? { speaker: floor } : {};
        if (await send({ type: 'caption', text, ...who })) setText('');
      }}
      data-testid="caption-composer"
    >
      <label htmlFor="caption-input">You are the captioner: type what is said</label>
      <div className="caption-row">
        <input id="caption-input" value={text} maxLength={CAPTION_MAX_CHARS} onChange={(e) => setText(e.target.value)} autoComplete="off" data-testid="caption-input" />
        <button type="submit" className="primary">
          Send caption
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={speaker === 'floor'} onChange={(e) => setSpeaker(e.target.checked ? 'floor' : 'none')} disabled={!floor} />
        Say it is {floor ? nameIn(names, floor) : 'the floor-holder'} speaking
      </label>
    </form>
  );
}

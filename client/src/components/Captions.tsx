// Captions under the stage: the latest lines a captioner typed (or, later, a speech-to-text engine
// sent), with whose speech they are; the whole transcript of this session on request. Not a live
// region: a screen reader user hears the call itself, and the lines stay on screen to be read.
import type { CaptionLine } from '@caucus/shared';
import { useState } from 'react';
import { useCall } from '../hooks/useCallSelector';
import { useShownNames } from '../hooks/useShownNames';
import { formatClock } from '../lib/format';
import { allMembers } from '../lib/members';
import { nameIn, type ShownNames } from '../lib/names';
import { Dialog } from './Dialog';

const SHOWN = 3;

function Line({ line, names }: { line: CaptionLine; names: ShownNames }) {
  return (
    <>
      {line.speaker ? <strong>{nameIn(names, line.speaker)}: </strong> : null}
      <bdi dir="auto" className={line.final ? undefined : 'caption-partial'}>
        {line.text}
      </bdi>
    </>
  );
}

export function Captions() {
  const lines = useCall((c) => c.captions);
  const captioning = useCall((c) => [...allMembers(c)].some((m) => m.captioner === true && m.status === 'present'));
  const names = useShownNames();
  const [open, setOpen] = useState(false);
  if (lines.length === 0 && !captioning) return null;
  return (
    <section className="captions" aria-labelledby="captions-title" data-testid="captions">
      <h2 id="captions-title" className="visually-hidden">
        Captions
      </h2>
      {lines.length === 0 ? (
        <p className="caption-waiting">Captions will appear here.</p>
      ) : (
        <ol className="caption-lines">
          {lines.slice(-SHOWN).map((l) => (
            <li key={l.id} data-testid="caption-line">
              <Line line={l} names={names} />
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="small caption-transcript" onClick={() => setOpen(true)} data-testid="open-transcript">
        Transcript
      </button>
      <Dialog open={open} title="Transcript" onClose={() => setOpen(false)} testId="transcript-dialog">
        <ol className="plain-list transcript" tabIndex={0} aria-label="Caption lines, oldest first">
          {lines.map((l) => (
            <li key={l.id} className="row">
              <time>{formatClock(l.at)}</time> <span className="grow">
                <Line line={l} names={names} />
              </span>
            </li>
          ))}
        </ol>
        <p className="help">The call keeps every line in its log; moderators can export it with the audit log.</p>
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </Dialog>
    </section>
  );
}

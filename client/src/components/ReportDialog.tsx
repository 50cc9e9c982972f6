import type { Identity } from '@caucus/shared';
import { useState } from 'react';
import { useCommand } from '../hooks/useCommand';
import { useShownNames } from '../hooks/useShownNames';
import { nameIn } from '../lib/names';
import { Dialog } from './Dialog';

/** Report a person to this call's own moderators, with a reason. */
export function ReportDialog({ target, onClose }: { target: Identity | null; onClose: () => void }) {
  const send = useCommand();
  const names = useShownNames();
  const [reason, setReason] = useState('');
  const name = nameIn(names, target);
  const close = () => {
    setReason('');
    onClose();
  };
  return (
    <Dialog open={target !== null} title={target ? `Report ${name}` : 'Report'} onClose={close} testId="report-dialog" fallbackFocus="#people-title">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!target) return;
          if (await send({ type: 'report', participant: target, reason }, 'Report sent to the moderators')) close();
        }}
      >
        <p className="dialog-body">Your report goes to this call's moderators. They will see that it came from you.</p>
        <label htmlFor="report-reason">What is happening?</label>
        <textarea id="report-reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} autoFocus />
        <div className="dialog-actions">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!reason.trim()}>
            Send report
          </button>
        </div>
      </form>
    </Dialog>
  );
}

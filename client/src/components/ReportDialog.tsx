import type { Member } from '@caucus/shared';
import { useState } from 'react';
import { useCommand } from '../hooks/useCommand';
import { Dialog } from './Dialog';

/** Report a person to this call's own moderators, with a reason. */
export function ReportDialog({ target, onClose }: { target: Member | null; onClose: () => void }) {
  const send = useCommand();
  const [reason, setReason] = useState('');
  const close = () => {
    setReason('');
    onClose();
  };
  return (
    <Dialog open={target !== null} title={target ? `Report ${target.name}` : 'Report'} onClose={close} testId="report-dialog">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!target) return;
          if (await send({ type: 'report', participant: target.identity, reason }, 'Report sent to the moderators')) close();
        }}
      >
        <p className="dialog-body">Your report goes to this call's moderators. They will see that it came from you.</p>
        <label htmlFor="report-reason">What is happening?</label>
        <textarea id="report-reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
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

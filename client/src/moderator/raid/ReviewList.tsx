// The raid shield's review list: everyone waiting in the lobby, grouped by arrival time, network
// or name pattern; admit or ban one person, or select people (a whole group at once) and ban them
// all in one action. The server sends the list on request (it alone knows the networks); it is
// asked again whenever the lobby changes.
import { BAN_MANY_MAX, waitingList, type ReviewEntry } from '@caucus/shared';
import { useEffect, useId, useMemo, useState } from 'react';
import { ConfirmDialog } from '../../components/Dialog';
import { useCommand } from '../../hooks/useCommand';
import { sameItems, useCall, useCallSelector } from '../../hooks/useCallSelector';
import { useSession } from '../../hooks/useSession';
import { formatClock } from '../../lib/format';
import { GROUP_BY, GROUP_LABEL, groupReview, type GroupBy } from '../../lib/review-groups';

const NO_ENTRIES: ReviewEntry[] = [];

export function ReviewList() {
  const session = useSession();
  const send = useCommand();
  const waiting = useCall(waitingList, sameItems);
  const entries = useCallSelector((v) => v.review ?? NO_ENTRIES);
  const [by, setBy] = useState<GroupBy>('arrival');
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [network, setNetwork] = useState(true);
  const [confirming, setConfirming] = useState(false);
  const byId = useId();

  // Ask again whenever someone enters or leaves the lobby (a burst of arrivals asks once).
  useEffect(() => {
    const t = setTimeout(() => session.requestReview(), 250);
    return () => clearTimeout(t);
  }, [session, waiting]);

  const present = useMemo(() => new Set(waiting), [waiting]);
  const shown = useMemo(() => entries.filter((e) => present.has(e.identity)), [entries, present]);
  const groups = useMemo(() => groupReview(shown, by), [shown, by]);
  const chosen = shown.filter((e) => selected.has(e.identity));

  const toggle = (ids: readonly string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const banChosen = async () => {
    setConfirming(false);
    const ids = chosen.map((e) => e.identity);
    for (let i = 0; i < ids.length; i += BAN_MANY_MAX) {
      const batch = ids.slice(i, i + BAN_MANY_MAX);
      const ok = await send({ type: 'ban_many', participants: batch, reason: 'raid (review list)', ip: network }, `${batch.length} people banned`);
      if (!ok) break;
    }
    setSelected(new Set());
  };

  return (
    <section aria-labelledby="review-title" className="review-list" data-testid="review-list">
      <h3 id="review-title">Review ({shown.length} waiting)</h3>
      <div className="button-row review-tools">
        <label htmlFor={byId}>Group by</label>
        <select id={byId} value={by} onChange={(e) => setBy(e.target.value as GroupBy)} data-testid="review-group-by">
          {GROUP_BY.map((g) => (
            <option key={g} value={g}>
              {GROUP_LABEL[g]}
            </option>
          ))}
        </select>
        <button type="button" className="small" onClick={() => toggle(shown.map((e) => e.identity), chosen.length < shown.length)} disabled={shown.length === 0} data-testid="review-select-all">
          {chosen.length < shown.length || shown.length === 0 ? 'Select everyone' : 'Select nobody'}
        </button>
      </div>
      <div className="button-row review-actions">
        <label className="check">
          <input type="checkbox" checked={network} onChange={(e) => setNetwork(e.target.checked)} data-testid="review-ban-network" />
          Ban their networks too
        </label>
        <button type="button" className="danger" disabled={chosen.length === 0} onClick={() => setConfirming(true)} data-testid="ban-selected">
          Ban all selected ({chosen.length})
        </button>
      </div>
      {shown.length === 0 ? <p className="muted">Nobody is waiting for review.</p> : null}
      {groups.map((g) => {
        const ids = g.entries.map((e) => e.identity);
        const all = ids.every((id) => selected.has(id));
        return (
          <fieldset key={g.key} className="review-group" data-testid="review-group">
            <legend>
              <label className="check">
                <input type="checkbox" checked={all} onChange={(e) => toggle(ids, e.target.checked)} data-testid="review-group-select" />
                {g.label} ({g.entries.length})
              </label>
            </legend>
            <ul className="plain-list">
              {g.entries.map((e) => (
                <li key={e.identity} className="row" data-testid="review-entry" data-identity={e.identity}>
                  <label className="check grow">
                    <input type="checkbox" checked={selected.has(e.identity)} onChange={(ev) => toggle([e.identity], ev.target.checked)} />
                    <bdi>{e.name}</bdi> <span className="muted">arrived {formatClock(e.arrivedAt)}{e.network ? `, network ${e.network}` : ''}</span>
                  </label>
                  <button type="button" className="small primary" onClick={() => void send({ type: 'admit', participant: e.identity }, `${e.name} was let in`)} aria-label={`Let in ${e.name}`}>
                    Let in
                  </button>
                  <button
                    type="button"
                    className="small"
                    onClick={() => void send({ type: 'ban_many', participants: [e.identity], reason: 'raid (review list)', ip: network }, `${e.name} was banned`)}
                    aria-label={`Ban ${e.name}`}
                  >
                    Ban
                  </button>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
      <ConfirmDialog
        open={confirming}
        title={`Ban ${chosen.length} people?`}
        message={`They are banned${network ? ', with their networks,' : ''} from this call${' '}and, when a host bans, from every call of the coalition. The ban list in the console can lift them.`}
        confirmLabel={`Ban ${chosen.length}`}
        onConfirm={() => void banChosen()}
        onClose={() => setConfirming(false)}
      />
    </section>
  );
}

// The raid shield's review list: everyone waiting in the lobby, with what moderators group them by
// (arrival, network, name). Built from the server's state, the only place that knows the address
// hash: the label sent is a short prefix of it, enough to tell "same network" and nothing more.
import { arrivalOf, heldByShield, waitingList, type CallState, type ReviewEntry } from '@caucus/shared';

/** Characters of the keyed address hash (base64url) a network label keeps: 36 bits, enough to tell networks in one call apart. */
export const NETWORK_LABEL_CHARS = 6;

export function reviewEntries(state: CallState): ReviewEntry[] {
  return waitingList(state).map((id) => {
    const w = state.lobby.get(id)!;
    const m = state.members.get(id);
    return {
      identity: id,
      name: w.name,
      arrivedAt: m ? arrivalOf(m) : w.since,
      network: w.ipHash ? w.ipHash.slice(0, NETWORK_LABEL_CHARS) : null,
      held: heldByShield(state, w),
    };
  });
}

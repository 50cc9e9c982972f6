// From a call's events to the coalition's ban list: every `member_banned` becomes a ban entry and
// every `member_unbanned` lifts the entry, inside the transaction that stores the events.
import type { CallState, Event } from '@caucus/shared';
import { randomUUID } from 'node:crypto';
import type { BanEntry } from './ban-match';
import type { BanStore } from './ban-store';

/** How the server itself appears as the author of a ban or a lift. */
export const SYSTEM_NAME = 'Caucus';

export const actorName = (state: CallState, actor: string) => (actor === 'system' ? SYSTEM_NAME : (state.members.get(actor)?.name ?? actor));

type BannedEvent = Extract<Event, { type: 'member_banned' }>;

/** The list's entry for a ban just imposed in a call. */
export function entryOf(bans: BanStore, callId: string, event: BannedEvent, state: CallState): BanEntry {
  const person = bans.personOf(callId, event.participant);
  return {
    id: randomUUID(),
    callId,
    identity: event.participant,
    name: event.name,
    role: event.role,
    scope: event.scope,
    reason: event.reason,
    byIdentity: event.by,
    byName: actorName(state, event.by),
    createdAt: event.at,
    expiresAt: event.expiresAt,
    device: event.device,
    network: event.ip,
    ipHash: event.ip ? event.ipHash : null,
    accountId: person.accountId,
    invitationId: person.invitationId,
    evidence: event.evidence,
    widenedAt: null,
    widenedBy: null,
    liftedAt: null,
    liftedBy: null,
  };
}

/** Called with a decision's events before they are committed (same transaction). `before`: the state they apply to. */
export function followBans(bans: BanStore, callId: string, events: readonly Event[], before: CallState): void {
  const added: BanEntry[] = [];
  for (const event of events) {
    if (event.type === 'member_banned') added.push(entryOf(bans, callId, event, before));
    else if (event.type === 'member_unbanned') bans.liftLive(callId, event.participant, actorName(before, event.by), event.at);
  }
  if (added.length > 0) bans.record(added);
}

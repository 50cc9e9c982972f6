// The one place the client reads the members collection of a call state. The core's members
// representation may change (a persistent map instead of a plain record); everything else in the
// client goes through these two functions.
import type { CallState, Identity, Member } from '@caucus/shared';

export function memberOf(call: Pick<CallState, 'members'>, identity: Identity): Member | undefined {
  return call.members[identity];
}

export function allMembers(call: Pick<CallState, 'members'>): Iterable<Member> {
  return Object.values(call.members);
}

// The one place the client reads the members collection of a call state (a persistent map in the
// core), so the rest of the client does not depend on its representation.
import type { CallState, Identity, Member } from '@caucus/shared';

export function memberOf(call: Pick<CallState, 'members'>, identity: Identity): Member | undefined {
  return call.members.get(identity);
}

export function allMembers(call: Pick<CallState, 'members'>): Iterable<Member> {
  return call.members.values();
}

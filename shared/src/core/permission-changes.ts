// The LiveKit permission changes one decision caused, without a pass over every member.
import type { Event } from '../protocol/events';
import { permissionDiff, type PermissionChange } from './grants';
import { Members, type CallState } from './state';
import { peopleOf } from './shield';

/**
 * permissionDiff compares every member, O(N) per command: a join storm made that quadratic. When
 * the call's settings, suspension and status are untouched, a permission can only change for a
 * member whose record an event changed (its subject, or the people an event lists) or for the
 * floor holders, so the diff runs on states narrowed to those; anything else gets the full diff.
 */
export function permissionChanges(before: CallState, after: CallState, events: readonly Event[]): PermissionChange[] {
  if (before.settings !== after.settings || before.suspended !== after.suspended || before.status !== after.status) {
    return permissionDiff(before, after);
  }
  const ids = new Set<string>();
  for (const event of events) for (const id of peopleOf(event)) ids.add(id);
  for (const floor of [before.floor, after.floor]) if (floor) ids.add(floor.identity);
  const pick = (s: CallState): CallState => ({ ...s, members: Members.of([...ids].flatMap((id) => s.members.get(id) ?? [])) });
  return permissionDiff(pick(before), pick(after));
}

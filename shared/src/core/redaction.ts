// The redaction rules the per-event specs (events/*.ts) are written with: who may see an event at
// all, and which fields leave the server. See visibility.ts for the whole picture.
import type { Event } from '../protocol/events';
import type { Effect } from './effects';
import type { Viewer } from './event-spec';
import { isStaff } from './permissions';
import type { Member } from './state';

/** device and ipHash never leave the server. */
export const strip = <T extends { device: string | null; ipHash: string | null }>(x: T): T =>
  x.device === null && x.ipHash === null ? x : { ...x, device: null, ipHash: null };

/** A member as non-staff see them: no fingerprints, and a ban looks like a removal. */
export function publicMember(m: Member): Member {
  const stripped = strip(m);
  return stripped.status === 'banned' ? { ...stripped, status: 'removed' } : stripped;
}

/** Everyone sees it as it is. */
export const toEveryone = <E extends Event>(event: E): Event => event;
/** Hosts and moderators only. */
export const toStaff = <E extends Event>(event: E, viewer: Viewer): Event | null => (isStaff(viewer.role) ? event : null);
/** Everyone, without the fingerprints. */
export const stripped = <E extends Event & { device: string | null; ipHash: string | null }>(event: E): Event => strip(event);
/** Hosts and moderators only, without the fingerprints. */
export const strippedToStaff = <E extends Event & { device: string | null; ipHash: string | null }>(event: E, viewer: Viewer): Event | null =>
  isStaff(viewer.role) ? strip(event) : null;

/** An event the shell has nothing to do about beyond reconciling permissions (permissionDiff). */
export const noEffects = (): Effect[] => [];

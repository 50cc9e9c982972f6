// Names as people see them. Two present people with the same display name (compared the way the
// server compares look-alikes) are told apart by a short suffix derived from their identity, the
// same on every screen because every client derives it from the same identity.
import { nameSkeleton, type CallState, type Identity } from '@caucus/shared';
import { allMembers } from './members';

/** "#k3x9": four characters of the identity's random part. */
export function identitySuffix(identity: Identity): string {
  const id = identity.slice(identity.indexOf('_') + 1);
  return `#${id.slice(0, 4)}`;
}

export type ShownNames = ReadonlyMap<Identity, string>;

/** Names to show, suffixed where two or more present people share one. */
export function shownNames(call: CallState): ShownNames {
  const byKey = new Map<string, Identity[]>();
  const names = new Map<Identity, string>();
  for (const m of allMembers(call)) {
    names.set(m.identity, m.name);
    if (m.status !== 'present') continue;
    const key = nameSkeleton(m.name);
    const list = byKey.get(key);
    if (list) list.push(m.identity);
    else byKey.set(key, [m.identity]);
  }
  for (const ids of byKey.values()) {
    if (ids.length < 2) continue;
    for (const id of ids) names.set(id, `${names.get(id)} (${identitySuffix(id)})`);
  }
  return names;
}

// One computation per members collection, shared by every component that shows a name.
const cache = new WeakMap<object, ShownNames>();

export function cachedShownNames(call: CallState): ShownNames {
  let names = cache.get(call.members);
  if (!names) {
    names = shownNames(call);
    cache.set(call.members, names);
  }
  return names;
}

export function nameIn(names: ShownNames, identity: Identity | null | undefined, fallback = 'someone'): string {
  return (identity && names.get(identity)) || fallback;
}

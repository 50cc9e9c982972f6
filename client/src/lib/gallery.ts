// The conversation gallery's paging, pure so it can be tested: at most GALLERY_TILES tiles at a
// time, the floor-holder and the active speaker always among them (first), then guest speakers,
// hosts and moderators, then everyone else with a camera on, by name. Only the cameras of the
// tiles shown are received (media/subscriptions.ts), so 200 cameras cost a phone 25 streams.

export const GALLERY_TILES = 25;
/** Kept free on every page for the floor-holder and the active speaker. */
export const PINNED_SLOTS = 2;
export const PER_PAGE = GALLERY_TILES - PINNED_SLOTS;

export interface GalleryPerson {
  identity: string;
  name: string;
  /** 1 guest speaker, 2 host or moderator, 3 participant. */
  rank: number;
  camera: boolean;
}

export interface GalleryPage {
  /** Floor-holder, then active speaker: shown on every page, camera or not. */
  pinned: GalleryPerson[];
  /** This page's others, all with a camera (or on stage). */
  tiles: GalleryPerson[];
  page: number;
  pages: number;
  /** People in the room not in the gallery because their camera is off. */
  withoutCamera: number;
}

export function galleryPage(
  people: readonly GalleryPerson[],
  opts: { floor: string | null; activeSpeaker: string | null; page: number; perPage?: number },
): GalleryPage {
  const perPage = opts.perPage ?? PER_PAGE;
  const byId = new Map(people.map((p) => [p.identity, p]));
  const pinnedIds = [opts.floor, opts.activeSpeaker].filter((id, i, all): id is string => id !== null && byId.has(id) && all.indexOf(id) === i);
  const pinned = pinnedIds.map((id) => byId.get(id)!);
  const pinnedSet = new Set(pinnedIds);
  // Guest speakers are on stage: shown even with the camera off. Everyone else needs a camera.
  const others = people
    .filter((p) => !pinnedSet.has(p.identity) && (p.camera || p.rank === 1))
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name) || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
  const pages = Math.max(1, Math.ceil(others.length / perPage));
  const page = Math.min(Math.max(0, opts.page), pages - 1);
  const withoutCamera = people.filter((p) => !pinnedSet.has(p.identity) && !p.camera && p.rank !== 1).length;
  return { pinned, tiles: others.slice(page * perPage, (page + 1) * perPage), page, pages, withoutCamera };
}

/** The identities whose camera to receive for this page. */
export function camerasShown(page: GalleryPage): Set<string> {
  return new Set([...page.pinned, ...page.tiles].filter((p) => p.camera).map((p) => p.identity));
}

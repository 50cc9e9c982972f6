import { describe, expect, test } from 'vitest';
import { camerasShown, galleryPage, GALLERY_TILES, type GalleryPerson } from './gallery';

const person = (i: number, over: Partial<GalleryPerson> = {}): GalleryPerson => ({
  identity: `p_${String(i).padStart(3, '0')}`,
  name: `Person ${String(i).padStart(3, '0')}`,
  rank: 3,
  camera: true,
  ...over,
});
const crowd = (n: number) => Array.from({ length: n }, (_, i) => person(i));

describe('galleryPage', () => {
  test('200 cameras: never more than 25 tiles or 25 cameras received, on any page', () => {
    const people = crowd(200);
    const first = galleryPage(people, { floor: null, activeSpeaker: null, page: 0 });
    expect(first.pages).toBe(Math.ceil(200 / 23));
    for (let page = 0; page < first.pages; page++) {
      const p = galleryPage(people, { floor: 'p_150', activeSpeaker: 'p_007', page });
      expect(p.pinned.length + p.tiles.length).toBeLessThanOrEqual(GALLERY_TILES);
      expect(camerasShown(p).size).toBeLessThanOrEqual(GALLERY_TILES);
      expect(p.pinned.map((x) => x.identity)).toEqual(['p_150', 'p_007']);
      expect(p.tiles.some((x) => x.identity === 'p_150' || x.identity === 'p_007')).toBe(false);
    }
    // Every camera is on exactly one page.
    const seen = new Set<string>();
    for (let page = 0; page < first.pages; page++) for (const t of galleryPage(people, { floor: 'p_150', activeSpeaker: 'p_007', page }).tiles) seen.add(t.identity);
    expect(seen.size).toBe(198);
  });

  test('speakers first (even without a camera), then staff, then participants by name; cameras off are counted, not shown', () => {
    const people = [
      person(3, { name: 'Zed' }),
      person(1, { name: 'Amy', camera: false }),
      person(2, { name: 'Guest', rank: 1, camera: false }),
      person(4, { name: 'Mod', rank: 2 }),
      person(5, { name: 'Bea' }),
    ];
    const p = galleryPage(people, { floor: null, activeSpeaker: null, page: 0 });
    expect(p.tiles.map((t) => t.name)).toEqual(['Guest', 'Mod', 'Bea', 'Zed']);
    expect(p.withoutCamera).toBe(1);
    expect([...camerasShown(p)].sort()).toEqual(['p_003', 'p_004', 'p_005']);
  });

  test('the floor-holder is shown even without a camera; a page out of range is clamped', () => {
    const people = [person(1, { camera: false }), ...crowd(3).map((p, i) => ({ ...p, identity: `p_x${i}` }))];
    const p = galleryPage(people, { floor: 'p_001', activeSpeaker: 'p_001', page: 9 });
    expect(p.pinned.map((x) => x.identity)).toEqual(['p_001']);
    expect(p.page).toBe(0);
    expect(camerasShown(p).has('p_001')).toBe(false);
  });
});

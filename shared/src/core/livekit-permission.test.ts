import { describe, expect, test } from 'vitest';
import { allowsSource, normalizePermission, permissionKey, type LivekitPermission } from './livekit-permission';

const base: LivekitPermission = { canSubscribe: true, canPublish: true, canPublishData: false, canPublishSources: ['microphone', 'camera'], hidden: false };

describe('the source-list rule', () => {
  test('publishing with an empty source list is no publishing at all (LiveKit would read it as any source)', () => {
    expect(normalizePermission({ ...base, canPublishSources: [] })).toMatchObject({ canPublish: false, canPublishSources: [] });
  });

  test('sources without canPublish are dropped', () => {
    expect(normalizePermission({ ...base, canPublish: false })).toMatchObject({ canPublish: false, canPublishSources: [] });
  });

  test('what a permission LiveKit applies lets publish: an empty list is any source, whatever sources are called', () => {
    expect(allowsSource(base, 'camera')).toBe(true);
    expect(allowsSource(base, 'screen_share')).toBe(false);
    expect(allowsSource({ ...base, canPublish: false }, 'camera')).toBe(false);
    expect(allowsSource({ canPublish: true, canPublishSources: [] as number[] }, 3)).toBe(true);
    expect(allowsSource({ canPublish: true, canPublishSources: [1, 2] }, 3)).toBe(false);
  });

  test('keys ignore source order and duplicates, and see every field', () => {
    expect(permissionKey(base)).toBe(permissionKey({ ...base, canPublishSources: ['camera', 'microphone', 'camera'] }));
    expect(permissionKey({ ...base, canPublishSources: [] })).toBe(permissionKey({ ...base, canPublish: false }));
    expect(permissionKey(base)).not.toBe(permissionKey({ ...base, canPublishData: true }));
    expect(permissionKey(base)).not.toBe(permissionKey({ ...base, hidden: true }));
    expect(permissionKey(base)).not.toBe(permissionKey({ ...base, canSubscribe: false }));
    expect(permissionKey(base)).not.toBe(permissionKey({ ...base, canPublishSources: ['camera'] }));
  });
});

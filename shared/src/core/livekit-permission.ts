// The one LiveKit permission type, and the one place that knows how LiveKit reads a source list.
// The core derives permissions (grants.ts); the server mints tokens with them, sends them with
// updateParticipant and compares them with what LiveKit reports: all three go through here.

export const TRACK_SOURCES = ['camera', 'microphone', 'screen_share', 'screen_share_audio'] as const;
export type TrackSource = (typeof TRACK_SOURCES)[number];

/** The complete permission set of one participant: LiveKit's updateParticipant replaces it whole. */
export interface LivekitPermission {
  canSubscribe: boolean;
  canPublish: boolean;
  /** Ours is always false: chat and signals go through our server, where they are moderated. */
  canPublishData: boolean;
  /** Only meaningful when canPublish; LiveKit reads an EMPTY list as "any source" (see below). */
  canPublishSources: TrackSource[];
  /** Ours is always false; a value LiveKit reports otherwise is drift to repair. */
  hidden: boolean;
}

/**
 * The permission as LiveKit will apply it, with no way to mean "any source": LiveKit reads
 * canPublish with an empty canPublishSources as permission to publish ANYTHING, so publishing is
 * allowed only with at least one named source, and without it canPublish is false. Sources are
 * sorted, so equal permissions are equal field by field.
 */
export function normalizePermission(p: LivekitPermission): LivekitPermission {
  const canPublish = p.canPublish && p.canPublishSources.length > 0;
  return {
    canSubscribe: p.canSubscribe,
    canPublish,
    canPublishData: p.canPublishData,
    canPublishSources: canPublish ? [...new Set(p.canPublishSources)].sort() : [],
    hidden: p.hidden,
  };
}

/**
 * Whether a permission, as LiveKit applies it, lets its holder publish this source: with
 * canPublish, an EMPTY list means any source. Generic over how sources are named (our names on
 * the server, LiveKit's protocol numbers in the browser), so the rule is written once.
 */
export function allowsSource<S>(p: { canPublish: boolean; canPublishSources: readonly S[] }, source: S): boolean {
  return p.canPublish && (p.canPublishSources.length === 0 || p.canPublishSources.includes(source));
}

/** A stable key for a permission: two permissions LiveKit applies the same way have the same key. */
export function permissionKey(p: LivekitPermission): string {
  const n = normalizePermission(p);
  return `${n.canSubscribe ? 1 : 0}${n.canPublish ? 1 : 0}${n.canPublishData ? 1 : 0}${n.hidden ? 1 : 0}:${n.canPublishSources.join(',')}`;
}

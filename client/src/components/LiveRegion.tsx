// Screen-reader announcements (policy: lib/announce.ts). Keyed by id so the same sentence twice
// is announced twice.
export function LiveRegion({ announcement }: { announcement: { id: number; text: string } | null }) {
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {announcement ? <span key={announcement.id}>{announcement.text}</span> : null}
    </div>
  );
}

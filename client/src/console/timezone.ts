// Wall-clock time in a named time zone <-> an instant. The schedule form asks for a date, a time
// and a zone (the organizer's own by default); the API wants ISO 8601 with an offset.

/** The zone's offset from UTC at `instant`, in minutes (e.g. -240 for New York in summer). */
export function offsetMinutes(timeZone: string, instant: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** "2026-08-06T19:00" in `timeZone` -> the ISO instant (UTC). Twice-corrected for DST edges. */
export function wallTimeToIso(local: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new Error('expected YYYY-MM-DDTHH:MM');
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  let instant = guess - offsetMinutes(timeZone, guess) * 60_000;
  instant = guess - offsetMinutes(timeZone, instant) * 60_000;
  return new Date(instant).toISOString();
}

/** The ISO instant -> "YYYY-MM-DDTHH:MM" wall time in `timeZone` (for editing). */
export function isoToWallTime(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  const shifted = new Date(instant + offsetMinutes(timeZone, instant) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
export const timeZones = (): string[] => {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return all.includes('UTC') ? all : ['UTC', ...all];
};

// The raid shield's review list, grouped the three ways moderators sort a raid: by when people
// arrived (10-second slots: a scripted raid arrives in bursts), by network (the label the server
// derives from the address), and by name pattern (digits and look-alike letters folded, so
// "Troll101" and "TrolI102" fall together).
import { nameSkeleton, type ReviewEntry } from '@caucus/shared';
import { formatClock } from './format';

export type GroupBy = 'arrival' | 'network' | 'name';
export const GROUP_BY: readonly GroupBy[] = ['arrival', 'network', 'name'];
export const GROUP_LABEL: Record<GroupBy, string> = { arrival: 'Arrival time', network: 'Network', name: 'Name pattern' };

export interface ReviewGroup {
  key: string;
  label: string;
  entries: ReviewEntry[];
}

const SLOT_MS = 10_000;

/** The pattern a name falls under: its look-alike skeleton without digits, and # if it had any. */
export function namePattern(name: string): string {
  const base = nameSkeleton(name.replace(/[0-9]+/g, ''));
  return `${base || '?'}${/[0-9]/.test(name) ? '#' : ''}`;
}

function keyOf(e: ReviewEntry, by: GroupBy): { key: string; label: string } {
  switch (by) {
    case 'arrival': {
      const slot = Math.floor(e.arrivedAt / SLOT_MS) * SLOT_MS;
      return { key: String(slot), label: `Arrived ${formatClock(slot)}–${formatClock(slot + SLOT_MS)}` };
    }
    case 'network':
      return e.network === null ? { key: '-', label: 'Network unknown' } : { key: e.network, label: `Network ${e.network}` };
    case 'name': {
      const p = namePattern(e.name);
      return { key: p, label: `Names like “${p}”` };
    }
  }
}

/** Groups, largest first (a raid is the biggest group); ties by label. Entries keep their order. */
export function groupReview(entries: readonly ReviewEntry[], by: GroupBy): ReviewGroup[] {
  const groups = new Map<string, ReviewGroup>();
  for (const e of entries) {
    const { key, label } = keyOf(e, by);
    const g = groups.get(key) ?? { key, label, entries: [] };
    g.entries.push(e);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.entries.length - a.entries.length || a.label.localeCompare(b.label));
}

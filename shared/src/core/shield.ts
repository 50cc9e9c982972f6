// The raid shield's questions about a state: who a shield raised now would take out, whether a
// waiter is held by it, and which people an event names beyond its subject.
import LinkifyIt from 'linkify-it';
import type { Event } from '../protocol/events';
import type { Identity } from '../protocol/primitives';
import { SHIELD_WINDOW_MINUTES, type ShieldWindow } from '../protocol/shield-state';
import { arrivalOf, floodExempt } from './pace';
import type { CallState, Waiter } from './state';
import { subjectOf } from './visibility';

/** The moment a shield raised now with this window holds from, or null when it has none. */
export function shieldMoment(state: CallState, window: ShieldWindow, since: number | undefined, now: number): number | null {
  switch (window) {
    case '2m':
    case '5m':
    case '10m':
      return now - SHIELD_WINDOW_MINUTES[window] * 60_000;
    case 'since':
      return since ?? null;
    case 'spike':
      return state.spike?.since ?? null;
    default: {
      const never: never = window;
      throw new Error(`unknown window ${String(never)}`);
    }
  }
}

/**
 * Who a shield from `since` takes out: participants (never staff nor guest speakers) present or
 * only gone for a moment (left) whose latest arrival is at or after `since`. People present
 * before that moment are not touched, whatever they do now.
 */
export function shieldedBy(state: CallState, since: number): Identity[] {
  const out: Identity[] = [];
  for (const m of state.members.values()) {
    if (floodExempt(m) || (m.status !== 'present' && m.status !== 'left')) continue;
    if (arrivalOf(m) >= since) out.push(m.identity);
  }
  return out.sort();
}

/** A waiter the shield holds: they knocked (or were moved to the lobby) since its moment. */
export function heldByShield(state: CallState, w: Waiter): boolean {
  return state.shield !== null && w.since >= state.shield.since && w.role === 'participant';
}

/** Every person an event names: its subject and the lists some events carry. */
export function peopleOf(event: Event): Identity[] {
  const ids: Identity[] = [];
  const subject = subjectOf(event);
  if (subject !== undefined) ids.push(subject);
  for (const key of ['participants', 'silenced', 'unsilenced', 'moved'] as const) {
    const list = (event as Partial<Record<typeof key, string[]>>)[key];
    if (list) ids.push(...list);
  }
  return ids;
}

const linkify = new LinkifyIt();

/** Whether chat text carries a link (scheme, www., or a bare domain: linkify-it's rules). */
export function hasLink(text: string): boolean {
  return linkify.test(text);
}

/** Two messages count as the same for duplicate suppression when they read the same. */
export function sameText(a: string, b: string): boolean {
  return normalizeForDuplicates(a) === normalizeForDuplicates(b);
}

function normalizeForDuplicates(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

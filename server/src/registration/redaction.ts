// Erasing a person from a call's event log without breaking its replay: the events stay (same
// types, same seqs, same identities, same times), only personal fields change: names become
// "(erased)", chat and caption text "(erased)", browser and network fingerprints null. Replaying
// the redacted log gives the same call state except those fields (redaction.test.ts).
//
// Kept on purpose: `member_banned` events (the ban, and the fingerprints that enforce it, are the
// coalition's protection: docs/PRIVACY.md), reports (evidence), and votes (their rolls and named
// ballots are the coalition's decisions).
import type { Event } from '@caucus/shared';

export const ERASED = '(erased)';

/** Who to erase: some identities, or everyone (retention of a past call). */
export type Whom = ReadonlySet<string> | 'everyone';

const hits = (whom: Whom, identity: string) => whom === 'everyone' || whom.has(identity);

/** The redacted copy of an event, or null when it holds nothing of these people. */
export function redactEvent(event: Event, whom: Whom): Event | null {
  switch (event.type) {
    case 'member_joined':
    case 'member_admitted':
    case 'member_waiting':
      if (!hits(whom, event.participant)) return null;
      return { ...event, name: ERASED, device: null, ipHash: null };
    case 'member_rejoined':
      if (!hits(whom, event.participant)) return null;
      return { ...event, device: null, ipHash: null };
    case 'member_renamed':
    case 'waiter_renamed':
      return hits(whom, event.participant) ? { ...event, name: ERASED } : null;
    case 'chat_sent':
      return event.by !== 'system' && hits(whom, event.by) ? { ...event, text: ERASED } : null;
    case 'caption_added':
      return event.by !== 'system' && hits(whom, event.by) ? { ...event, text: ERASED } : null;
    case 'question_asked':
      return event.asker !== null && hits(whom, event.asker) ? { ...event, text: ERASED, askerName: event.askerName === null ? null : ERASED } : null;
    default:
      return null;
  }
}

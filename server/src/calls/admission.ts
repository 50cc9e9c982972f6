// Who may attach a socket, and how long someone may be without one before they count as gone.
import { membershipOf, statusOf, type CallState, type CommandOf } from '@caucus/shared';
import type { SessionRecord } from '../store/store';
import type { Clock, Timer } from './clock';
import { settle, type Maybe } from './maybe-async';

/** How long a person may be without a moderation connection before they count as gone. */
export const RECONNECT_GRACE_MS = 30_000;
/**
 * A goodbye (the Leave button) takes effect after this long: someone who leaves and comes back at
 * once costs no event at all, so cycling connect and leave cannot make the room broadcast twice
 * per cycle. Shorter than the head count's interval (PRESENCE_EVERY_MS), so such a cycle does
 * not move the count either.
 */
export const LEAVE_SETTLE_MS = 1_500;

export type Refusal = 'banned' | 'removed' | 'denied' | 'locked' | 'full' | 'call_ended' | 'unauthorized';

/** The person a session token stands for (from the store's session record). */
export type SessionPerson = Pick<SessionRecord, 'identity' | 'name' | 'role' | 'device' | 'ipHash' | 'org' | 'registered'>;

const JOIN_REFUSALS: ReadonlySet<string> = new Set<Refusal>(['banned', 'locked', 'full', 'call_ended']);

/**
 * May this session's person attach a socket? Membership starts here, at the first hello: anyone
 * not present or waiting (new, or back after leaving) runs the join command with the session's
 * credentials (`rejoin`), which refuses a locked or full call and banned people; removed and
 * denied people must go through the join page again.
 */
export function admissionOf(
  state: CallState,
  session: SessionPerson,
  rejoin: (join: CommandOf<'join'>) => Maybe<{ ok: true } | { ok: false; error: { code: string } }>,
): Maybe<Refusal | null> {
  if (state.status === 'ended') return 'call_ended';
  const status = statusOf(state, session.identity);
  if (status === 'present' || status === 'lobby') return null;
  if (status === 'banned' || status === 'removed' || status === 'denied') return status;
  const name = state.members.get(session.identity)?.name ?? session.name;
  const result = rejoin({ type: 'join', identity: session.identity, name, role: session.role, device: session.device, ipHash: session.ipHash, ...membershipOf(session) });
  return settle(result, (r) => (r.ok ? null : JOIN_REFUSALS.has(r.error.code) ? (r.error.code as Refusal) : 'unauthorized'));
}

/** One timer per person without a socket; when it runs out, `expired` decides what follows. */
export class AbsenceTimers {
  private readonly timers = new Map<string, Timer>();

  constructor(
    private readonly clock: Clock,
    private readonly expired: (identity: string) => void,
  ) {}

  arm(identity: string, ms: number): void {
    this.timers.get(identity)?.cancel();
    this.timers.set(
      identity,
      this.clock.after(ms, () => {
        this.timers.delete(identity);
        this.expired(identity);
      }),
    );
  }

  cancel(identity: string): void {
    this.timers.get(identity)?.cancel();
    this.timers.delete(identity);
  }

  clear(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }
}

// Who may attach a socket, and how long someone may be without one before they count as gone.
import { membershipOf, statusOf, type CallState, type CommandOf } from '@caucus/shared';
import type { SessionRecord } from '../store/store';
import type { Clock, Timer } from './clock';

/** How long a person may be without a moderation connection before they count as gone. */
export const RECONNECT_GRACE_MS = 30_000;
/** Between the HTTP join and the first websocket hello. */
export const FIRST_CONNECT_GRACE_MS = 60_000;

export type Refusal = 'banned' | 'removed' | 'denied' | 'call_ended' | 'unauthorized';

/** The person a session token stands for (from the store's session record). */
export type SessionPerson = Pick<SessionRecord, 'identity' | 'name' | 'role' | 'device' | 'ipHash' | 'org' | 'registered'>;

/**
 * May this session's person attach a socket? Someone who only left (closed the tab, lost the
 * network past the grace period) is re-joined with the session's credentials (`rejoin` runs the
 * join command); removed, denied and banned people must go through the join page again, where
 * bans are checked.
 */
export function admissionOf(
  state: CallState,
  session: SessionPerson,
  rejoin: (join: CommandOf<'join'>) => { ok: true } | { ok: false; error: { code: string } },
): Refusal | null {
  if (state.status === 'ended') return 'call_ended';
  const status = statusOf(state, session.identity);
  if (status === 'present' || status === 'lobby') return null;
  if (status === 'banned' || status === 'removed' || status === 'denied') return status;
  const name = state.members.get(session.identity)?.name ?? session.name;
  const result = rejoin({ type: 'join', identity: session.identity, name, role: session.role, device: session.device, ipHash: session.ipHash, ...membershipOf(session) });
  if (result.ok) return null;
  return result.error.code === 'banned' ? 'banned' : result.error.code === 'call_ended' ? 'call_ended' : 'unauthorized';
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

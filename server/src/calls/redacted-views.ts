// What each kind of viewer may see, built once per state and shared by every socket of that kind:
// the staff view, the audience view (only the people on the public record), and each event's
// copy per viewer. A national call has thousands of silent participants: their snapshots share
// one audience view, each adding only its own record.
import {
  audienceEventFor,
  audienceView,
  eventFor,
  isListed,
  isStaff,
  roleOf,
  sharedBallotView,
  staffView,
  statusOf,
  ownCopiesOf,
  subjectOf,
  toSnapshot,
  withOwnBallots,
  withSelf,
  type BallotLists,
  type CallSnapshot,
  type CallState,
  type Event,
  type EventContext,
  type Member,
  type SnapshotFrame,
  type Viewer,
} from '@caucus/shared';

export interface Sequenced {
  seq: number;
  event: Event;
}

/** An event as kept for fan-out and resumes: with the copy every non-staff viewer but its subject gets. */
export interface Remembered extends Sequenced {
  audience: Event | null;
}

interface Cache {
  of: CallState;
  staff: CallSnapshot | null;
  audience: CallState | null;
  ballots: { staff: BallotLists; audience: BallotLists } | null;
}

export class RedactedViews {
  /** Everyone on the public record (isListed), kept as events list people: O(listed) audience views. */
  private readonly listed = new Set<string>();
  private cache: Cache | null = null;

  constructor(
    initial: CallState,
    private readonly current: () => CallState,
  ) {
    for (const m of initial.members.values()) if (isListed(m)) this.listed.add(m.identity);
  }

  /** Notes who the newly applied events put on the record; keeps the audience copy of each event. */
  follow(stored: Sequenced[], contexts: EventContext[]): Remembered[] {
    const state = this.current();
    for (const { event } of stored) {
      const subject = subjectOf(event);
      if (subject === undefined || this.listed.has(subject)) continue;
      const m = state.members.get(subject);
      if (m && isListed(m)) this.listed.add(subject);
    }
    return stored.map(({ seq, event }, i) => ({ seq, event, audience: audienceEventFor(event, contexts[i]!) }));
  }

  /** Hosts, moderators, speakers and every participant on the record (for look-alike name checks). */
  listedMembers(): Member[] {
    const state = this.current();
    const out: Member[] = [];
    for (const id of this.listed) {
      const m = state.members.get(id);
      if (m) out.push(m);
    }
    return out;
  }

  viewerOf(identity: string): Viewer {
    return { identity, role: roleOf(this.current(), identity) ?? 'participant' };
  }

  /** Waiters in the lobby (and people denied entry) see nothing of the call. */
  isWaiting(identity: string): boolean {
    const status = statusOf(this.current(), identity);
    return status === 'lobby' || status === 'denied';
  }

  /** The snapshot this person gets now: `present` is the head count, which waiters do not get. */
  snapshotFor(identity: string, seq: number, present: number): SnapshotFrame {
    const state = this.current();
    const viewer = this.viewerOf(identity);
    const you = { identity, role: viewer.role, status: statusOf(state, identity) ?? 'left' };
    if (this.isWaiting(identity)) return { type: 'snapshot', seq, state: null, you };
    const staff = isStaff(viewer.role);
    const base = staff ? this.staff() : toSnapshot(withSelf(this.audience(), state, identity));
    // Polls, votes and questions: the view every viewer of this kind shares, plus their own answers.
    const view = { ...base, ...withOwnBallots(staff ? this.sharedBallots().staff : this.sharedBallots().audience, state, identity) };
    return { type: 'snapshot', seq, state: view, you, present };
  }

  /**
   * What a viewer gets of a remembered event. Staff and the people it has a copy for get one that
   * needs no context (eventFor never reads it for them); everyone else the audience copy.
   */
  visibleTo(entry: Remembered, viewer: Viewer): Event | null {
    if (isStaff(viewer.role) || ownCopiesOf(entry.event).includes(viewer.identity)) {
      const state = this.current();
      return eventFor(entry.event, viewer, { before: state, after: state });
    }
    return entry.audience;
  }

  /** The ballot lists without anything personal, built once per state for each kind of viewer. */
  private sharedBallots(): { staff: BallotLists; audience: BallotLists } {
    const views = this.views();
    return (views.ballots ??= { staff: sharedBallotView(views.of, true), audience: sharedBallotView(views.of, false) });
  }

  /** The staff view in wire form, built once per state (O(members)) for every staff snapshot. */
  private staff(): CallSnapshot {
    const views = this.views();
    return (views.staff ??= toSnapshot(staffView(views.of)));
  }

  /** Built once per state for every non-staff snapshot (O(listed)); each adds only its own record. */
  private audience(): CallState {
    const views = this.views();
    return (views.audience ??= audienceView(views.of, this.listed));
  }

  private views(): Cache {
    const state = this.current();
    if (this.cache?.of !== state) this.cache = { of: state, staff: null, audience: null, ballots: null };
    return this.cache;
  }
}

// What each person may see. viewFor redacts a state for a snapshot; eventFor redacts (or drops)
// an event for a live stream. They are built to commute with evolve:
//   evolve(viewFor(s, v), eventFor(e, v, {before: s, after: evolve(s, e)})) deep-equals viewFor(evolve(s, e), v)
// so a client that folds its events from its snapshot ends where a fresh snapshot would put it
// (visibility.test.ts checks this over random command sequences). That holds for a fixed viewer
// role: when someone's role crosses the staff line the server sends a new snapshot (effectsOf
// -> resnapshot).
//
// - device and ipHash never leave the server (nulled for everyone);
// - the lobby, bans, ban reasons, reports and unbans are for hosts and moderators;
// - to everyone else a ban looks like a removal, and a removal's reason is shown only to staff
//   and to the person removed;
// - polls, votes and questions: see ballot-views.ts (no one else's answer or choice before the
//   close, no secret aggregate for anyone, the roll and the marks for staff);
// - hosts and moderators see every member; everyone else sees the members on the public record
//   (isListed: staff, speakers, anyone who raised a hand, held the floor or chatted) and
//   themselves, and learns the head count from `presence` frames. A national call has thousands
//   of silent participants: sending each of them everyone's arrival would cost N^2 messages and
//   an O(N) snapshot per arrival. Events about people off the record are not sent to the
//   audience; the event that puts someone on the record carries their record (`member`).
import { OrderedMap } from 'immutable';
import type { Event } from '../protocol/events';
import type { Identity } from '../protocol/primitives';
import { ballotViewFor } from './ballot-views';
import type { Viewer } from './event-spec';
import { specOf } from './event-specs';
import { isStaff } from './permissions';
import { publicMember, strip } from './redaction';
import { Members, type CallState, type Member } from './state';
import { isListed } from './state-updates';

export type { Viewer };

/**
 * The viewer a connected person is, or null while they may see nothing of the call (waiting in
 * the lobby, gone). Fix it when you send a snapshot and use it for the events that follow; when
 * effectsOf says `resnapshot`, take a new one.
 */
export function viewerFor(state: CallState, identity: Identity): Viewer | null {
  const m = state.members.get(identity);
  return m?.status === 'present' ? { identity, role: m.role } : null;
}

export function viewFor(state: CallState, viewer: Viewer): CallState {
  const view = isStaff(viewer.role) ? staffView(state) : withSelf(audienceView(state), state, viewer.identity);
  return { ...view, ...ballotViewFor(state, viewer) };
}

/** What hosts and moderators see: everything but the fingerprints. */
export function staffView(state: CallState): CallState {
  return {
    ...state,
    members: state.members.map(strip),
    lobby: state.lobby.map(strip),
    bans: state.bans.map(strip),
    pace: null,
  };
}

/**
 * What every non-staff viewer sees, before their own record is added (withSelf): the same for
 * all of them, so the server can build it once per state. O(members), or O(candidates) when the
 * caller keeps a superset of the listed identities (`listed` only narrows the search: members
 * are checked with isListed all the same).
 */
export function audienceView(state: CallState, listed?: Iterable<Identity>): CallState {
  const members: Member[] = [];
  for (const id of listed ?? state.members.identities()) {
    const m = state.members.get(id);
    if (m && isListed(m)) members.push(publicMember(m));
  }
  return {
    ...state,
    members: Members.of(members),
    lobby: OrderedMap(),
    bans: OrderedMap(),
    reports: [],
    heldChat: [],
    spike: null,
    pace: null,
  };
}

/**
 * An audience view plus the viewer's own record (a participant always sees themselves) and their
 * own chat messages waiting for a moderator.
 */
export function withSelf(view: CallState, state: CallState, identity: Identity): CallState {
  const own = state.heldChat.some((h) => h.from === identity) ? state.heldChat.filter((h) => h.from === identity) : null;
  const out = own ? { ...view, heldChat: own } : view;
  const m = state.members.get(identity);
  if (!m || out.members.has(identity)) return out;
  return { ...out, members: out.members.set(publicMember(m)) };
}

/** The person an event is about (whose record it may change), if any. */
export function subjectOf(event: Event): Identity | undefined {
  if ('participant' in event) return event.participant;
  if ((event.type === 'chat_sent' || event.type === 'chat_held') && event.by !== 'system') return event.by;
  return undefined;
}

/**
 * Who gets a copy of this event made for them (beyond staff and the shared audience copy): its
 * subject, or each voter of a batch of secret ballots (their own mark only).
 */
export function ownCopiesOf(event: Event): readonly Identity[] {
  if (event.type === 'ballots_sealed') return event.marks.map((m) => m.participant);
  const subject = subjectOf(event);
  return subject === undefined ? [] : [subject];
}

/** The states on either side of the event: whether its subject is on the record before and after. */
export interface EventContext {
  before: CallState;
  after: CallState;
}

/** The event as this viewer may see it, or null when they must not see it at all. */
export function eventFor(event: Event, viewer: Viewer, ctx: EventContext): Event | null {
  const spec = specOf(event);
  const redacted = spec.redact(event, viewer);
  if (redacted === null || isStaff(viewer.role)) return redacted;
  const base = spec.audience && redacted.type === event.type ? spec.audience(redacted as never, ctx, viewer) : redacted;
  const subject = subjectOf(event);
  if (subject === undefined || subject === viewer.identity) return base;
  const now = ctx.after.members.get(subject);
  if (!now || !isListed(now)) {
    // Off the record: not in this viewer's list, so nothing to change there. One exception: lifting
    // a suspension's silence, or silencing an arrival during one, also edits
    // suspended.silencedBySuspend, which everyone sees.
    const edits =
      (event.type === 'member_unsilenced' && ctx.before.suspended?.silencedBySuspend.includes(subject)) ||
      (event.type === 'member_silenced' && event.bySuspension === true);
    return edits ? base : null;
  }
  const was = ctx.before.members.get(subject);
  if (!was || isListed(was)) return base;
  // Goes on the record with this event: bring the viewer their record as it was just before.
  return { ...base, member: publicMember(was) } as Event;
}

/**
 * The copy every non-staff viewer gets, except the event's own subject (eventFor with a viewer
 * who is neither staff nor the subject). The server keeps it with the event for resumes.
 */
export function audienceEventFor(event: Event, ctx: EventContext): Event | null {
  return eventFor(event, { identity: AUDIENCE, role: 'participant' }, ctx);
}
/** Not a valid identity (no underscore), so never an event's subject. */
const AUDIENCE = 'audience';


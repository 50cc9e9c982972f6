// The client's whole picture of one call, and the ONE reducer that moves it: frames from our
// socket, status from the socket and from LiveKit, and UI notices. Call state itself is only ever
// changed by the shared `evolve`, exactly as on the server and on every other client.
import {
  CLOSE_CODES,
  evolve,
  fromSnapshot,
  type CallState,
  type Event,
  type Identity,
  type MemberStatus,
  type ReviewEntry,
  type Role,
  type ServerFrame,
  type TalliesFrame,
} from '@caucus/shared';
import { announcementFor, describeEvent, nameOf } from './describe';
import { assertNever, type SocketStatus } from './socket';

export type LivekitCredentials = { url: string; token: string };

/** The LiveKit (media) side, as the connection banner and the stage need it. */
export type MediaStatus =
  | { state: 'idle' }
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting' }
  | { state: 'retrying'; message: string }
  | { state: 'stopped'; message: string };

/** Why this person is out of the call for good (no automatic reconnection). */
export type GoneReason = 'removed' | 'banned' | 'denied' | 'locked' | 'full' | 'call_ended' | 'replaced' | 'unauthorized' | 'protocol_mismatch' | 'left';

export interface You {
  identity: Identity;
  role: Role;
  status: MemberStatus;
}

export interface AuditEntry {
  seq: number;
  at: number;
  type: Event['type'];
  by: string;
  byName: string;
  participant: string | null;
  participantName: string | null;
  summary: string;
  event: Event;
}

export interface Notice {
  id: number;
  kind: 'success' | 'error' | 'info';
  text: string;
}

export interface CallView {
  seq: number | undefined;
  state: CallState | null;
  you: You | null;
  socket: SocketStatus;
  /** The socket was open at least once: later non-open states are reconnections. */
  connectedOnce: boolean;
  media: MediaStatus;
  livekit: LivekitCredentials | null;
  gone: GoneReason | null;
  /** The reason a moderator gave when removing you, when the server shared it. */
  removalReason: string | null;
  audit: AuditEntry[];
  /** The last protocol error not tied to a command (e.g. `full` when coming back); cleared by a snapshot. */
  lastError: string | null;
  /** Everyone present, every role (presence frames); a participant's state lists only some of them. */
  present: number | null;
  /**
   * Local clock minus the server's, estimated from event timestamps (the smallest difference seen,
   * where network delay was least; it may be negative). Countdowns subtract it so every screen shows the same time.
   */
  clockSkewMs: number | null;
  announcement: { id: number; text: string } | null;
  /** The raid shield's review list as the server last sent it (staff only; `review` frames). */
  review: ReviewEntry[] | null;
  notices: Notice[];
  nextId: number;
  /** The running counts of polls, votes and questions (throttled `tallies` frames). */
  tallies: Omit<TalliesFrame, 'type'> | null;
  /** This person's secret ballots sent and not yet sealed (by vote), with their command's ref. */
  ballotsWaiting: Record<string, string>;
}

export type ViewAction =
  | { type: 'frame'; frame: ServerFrame; receivedAt?: number }
  | { type: 'socket'; status: SocketStatus }
  | { type: 'media'; status: MediaStatus }
  | { type: 'livekit'; livekit: LivekitCredentials | null }
  | { type: 'gone'; reason: GoneReason }
  | { type: 'notice'; kind: Notice['kind']; text: string }
  | { type: 'dismiss'; id: number }
  | { type: 'ballot_waiting'; voteId: string; ref: string };

/** The audit trail a client can show is what it received; keep the most recent this many. */
export const AUDIT_LIMIT = 5000;
const NOTICE_LIMIT = 5;

export function initialView(livekit: LivekitCredentials | null = null): CallView {
  return {
    seq: undefined,
    state: null,
    you: null,
    socket: { state: 'idle' },
    connectedOnce: false,
    media: { state: 'idle' },
    livekit,
    gone: null,
    removalReason: null,
    audit: [],
    present: null,
    lastError: null,
    clockSkewMs: null,
    announcement: null,
    review: null,
    notices: [],
    nextId: 1,
    tallies: null,
    ballotsWaiting: {},
  };
}

const GONE_BY_CLOSE: Record<number, GoneReason> = {
  [CLOSE_CODES.protocol_mismatch]: 'protocol_mismatch',
  [CLOSE_CODES.unauthorized]: 'unauthorized',
  [CLOSE_CODES.removed]: 'removed',
  [CLOSE_CODES.banned]: 'banned',
  [CLOSE_CODES.denied]: 'denied',
  [CLOSE_CODES.locked]: 'locked',
  [CLOSE_CODES.full]: 'full',
  [CLOSE_CODES.call_ended]: 'call_ended',
  [CLOSE_CODES.replaced]: 'replaced',
};

export function reduceView(view: CallView, action: ViewAction): CallView {
  switch (action.type) {
    case 'frame':
      return reduceFrame(view, action.frame, action.receivedAt);
    case 'socket': {
      const next = { ...view, socket: action.status, connectedOnce: view.connectedOnce || action.status.state === 'open' };
      if (action.status.state === 'closed') {
        const reason = GONE_BY_CLOSE[action.status.code];
        // The precise close code wins over a guess made from LiveKit's side (e.g. removed vs banned).
        if (reason) return { ...next, gone: reason };
      }
      return next;
    }
    case 'media':
      return { ...view, media: action.status };
    case 'livekit':
      return { ...view, livekit: action.livekit };
    case 'gone':
      return view.gone ? view : { ...view, gone: action.reason };
    case 'notice': {
      const notice = { id: view.nextId, kind: action.kind, text: action.text };
      return { ...view, nextId: view.nextId + 1, notices: [...view.notices, notice].slice(-NOTICE_LIMIT) };
    }
    case 'dismiss':
      return { ...view, notices: view.notices.filter((n) => n.id !== action.id) };
    case 'ballot_waiting':
      return { ...view, ballotsWaiting: { ...view.ballotsWaiting, [action.voteId]: action.ref } };
    default:
      return assertNever(action);
  }
}

function reduceFrame(view: CallView, frame: ServerFrame, receivedAt: number | undefined): CallView {
  switch (frame.type) {
    case 'snapshot':
      // The head count rides on the snapshot (the audience's state lists only some people).
      // A secret ballot still waiting is forgotten: if the server restarted it was lost and the roll
      // shows it (the ballot form comes back); if it is still in the box, ballot_sealed follows.
      return { ...view, seq: frame.seq, state: frame.state && fromSnapshot(frame.state), you: frame.you, present: frame.present ?? view.present, lastError: null, ballotsWaiting: {} };
    case 'event': {
      // A resume may repeat what we already folded; only later events move the state.
      if (view.seq !== undefined && frame.seq <= view.seq) return view;
      const before = view.state;
      const event = frame.event;
      const state = before ? evolve(before, event) : null;
      const you = view.you ? youAfter(view.you, state, event) : null;
      const next: CallView = { ...view, seq: frame.seq, state, you };
      if (receivedAt !== undefined) {
        const skew = receivedAt - event.at;
        // Delay only ever adds to the difference, so the smallest one is the best estimate (events
        // replayed on a resume are old and never win).
        if (view.clockSkewMs === null || skew < view.clockSkewMs) next.clockSkewMs = skew;
      }
      next.audit = [...view.audit, auditEntry(frame.seq, event, before)].slice(-AUDIT_LIMIT);
      if (you && event.type === 'member_removed' && event.participant === you.identity) next.removalReason = event.reason;
      if (state?.status === 'ended') next.gone = view.gone ?? 'call_ended';
      const text = announcementFor(event, before, state, view.you?.identity ?? null);
      if (text) {
        next.announcement = { id: view.nextId, text };
        next.nextId = view.nextId + 1;
      }
      return next;
    }
    case 'admitted':
      return { ...view, livekit: frame.livekit };
    case 'presence':
      return frame.present === view.present ? view : { ...view, present: frame.present };
    case 'review':
      return { ...view, review: frame.entries };
    case 'resumed':
      // Current up to the call's last event, including the seqs this viewer may not see: the next
      // resume asks only for what comes after it.
      return view.seq === undefined || frame.seq <= view.seq ? view : { ...view, seq: frame.seq };
    case 'tallies':
      return { ...view, tallies: { polls: frame.polls, votes: frame.votes, questions: frame.questions } };
    case 'ballot_sealed': {
      const { [frame.voteId]: _sealed, ...ballotsWaiting } = view.ballotsWaiting;
      return reduceView({ ...view, ballotsWaiting }, { type: 'notice', kind: 'success', text: 'Your secret ballot is sealed and will be counted.' });
    }
    case 'error':
      // A refused secret ballot is no longer waiting (it was sent without a pending promise).
      if (frame.ref !== undefined && Object.values(view.ballotsWaiting).includes(frame.ref)) {
        const ballotsWaiting = Object.fromEntries(Object.entries(view.ballotsWaiting).filter(([, ref]) => ref !== frame.ref));
        return reduceView({ ...view, ballotsWaiting }, { type: 'notice', kind: 'error', text: `Your ballot was not taken: ${frame.message}` });
      }
      // Errors with a ref were answered to the command that caused them (see CaucusSocket.send).
      return reduceView({ ...view, lastError: frame.message }, { type: 'notice', kind: 'error', text: `${frame.message} (${frame.code})` });
    case 'ack':
    case 'pong':
      return view;
    default:
      return assertNever(frame);
  }
}

function youAfter(you: You, state: CallState | null, event: Event): You {
  const m = state?.members.get(you.identity);
  if (m) {
    if (m.role === you.role && m.status === you.status) return you;
    return { ...you, role: m.role, status: m.status };
  }
  if (event.type === 'member_removed' && event.participant === you.identity) return { ...you, status: 'removed' };
  return you;
}

export function auditEntry(seq: number, event: Event, before: CallState | null): AuditEntry {
  const participant = 'participant' in event ? event.participant : null;
  return {
    seq,
    at: event.at,
    type: event.type,
    by: event.by,
    byName: nameOf(before, event.by),
    participant,
    participantName: participant ? nameOf(before, participant) : null,
    summary: describeEvent(event, before),
    event,
  };
}

/** Where the person stands, as the screens switch on it. */
export type Phase =
  | { state: 'connecting' }
  | { state: 'lobby' }
  | { state: 'call'; call: CallState; you: You }
  | { state: 'gone'; reason: GoneReason };

export function phaseOf(view: CallView): Phase {
  if (view.gone) return { state: 'gone', reason: view.gone };
  const you = view.you;
  if (!you) return { state: 'connecting' };
  switch (you.status) {
    case 'lobby':
      return { state: 'lobby' };
    case 'present':
      return view.state ? { state: 'call', call: view.state, you } : { state: 'connecting' };
    case 'removed':
      return { state: 'gone', reason: 'removed' };
    case 'banned':
      return { state: 'gone', reason: 'banned' };
    case 'denied':
      return { state: 'gone', reason: 'denied' };
    case 'left':
      // The server re-joins a person who only left when they say hello again.
      return { state: 'connecting' };
    default:
      return assertNever(you.status);
  }
}

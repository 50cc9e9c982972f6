// The moderation state as the core keeps it, the state a call starts from, and the conversions
// to and from the plain snapshot (protocol/state.ts) that the wire and the store carry.
import { OrderedMap } from 'immutable';
import type { Identity } from '../protocol/primitives';
import type { CallSettings } from '../protocol/settings';
import type { Pace } from '../protocol/shield-state';
import type { Ban, CallSnapshot, Waiter } from '../protocol/state';
import { Members } from './members';

export { Members, membershipOf, newMember, type PresentCounts } from './members';
export type {
  AdmittedStatus,
  Ban,
  CallSnapshot,
  CaptionLine,
  ChatMessage,
  Floor,
  Member,
  Poll,
  Question,
  QueueEntry,
  Vote,
  Report,
  RoomSettings,
  Suspension,
  Waiter,
} from '../protocol/state';

/**
 * A snapshot's fields, with persistent maps where a record would be copied whole for every change:
 * members (with their present head count), the lobby and the bans, each in insertion order like the
 * snapshot's records. Never mutated: evolve returns a new state that shares what did not change.
 */
export interface CallState extends Omit<CallSnapshot, 'members' | 'lobby' | 'bans' | 'pace'> {
  members: Members;
  lobby: OrderedMap<Identity, Waiter>;
  bans: OrderedMap<Identity, Ban>;
  /** Server only (null in every view): what the flood controls count per person (core/pace.ts). */
  pace: OrderedMap<Identity, Pace> | null;
}

/** The plain form for the wire and the store. O(N). */
export function toSnapshot(state: CallState): CallSnapshot {
  return {
    ...state,
    members: state.members.toRecord(),
    lobby: state.lobby.toObject(),
    bans: state.bans.toObject(),
    pace: state.pace === null ? null : state.pace.toObject(),
  };
}

/** The core's form of a snapshot (parsed already, or read back from the store). O(N). */
export function fromSnapshot(snapshot: CallSnapshot): CallState {
  return {
    ...snapshot,
    members: Members.fromRecord(snapshot.members),
    lobby: OrderedMap(Object.entries(snapshot.lobby)),
    bans: OrderedMap(Object.entries(snapshot.bans)),
    pace: snapshot.pace === null || snapshot.pace === undefined ? null : OrderedMap(Object.entries(snapshot.pace)),
  };
}

/** Chat kept in state (and snapshots); older messages live only in the event log. */
export const CHAT_HISTORY_LIMIT = 200;
/** Caption lines kept in state for late arrivals; the event log keeps every line (the transcript). */
export const CAPTION_HISTORY_LIMIT = 50;
/** Polls and votes kept in state (each list); older ones live only in the event log. */
export const POLL_HISTORY_LIMIT = 20;
/** Questions kept in state. */
export const QUESTION_HISTORY_LIMIT = 300;
/** Reports kept in state; older ones live only in the event log. */
export const REPORT_HISTORY_LIMIT = 500;
/** The floor holder is warned this long before their time runs out. */
export const FLOOR_WARNING_MS = 15_000;

/** How a call's room starts beyond its settings: decided by the server from the call record. */
export interface InitialRoom {
  /** False for an announced call created before its start: people wait for the host to open the doors. */
  doorsOpen?: boolean;
}

/** Settings minus the passcode, which the server checks and never puts in the state. */
export function initialState(callId: string, settings: Omit<CallSettings, 'passcode'>, room: InitialRoom = {}): CallState {
  return {
    callId,
    status: 'open',
    settings: {
      lobby: settings.lobby,
      locked: false,
      chatEnabled: true,
      queuePolicy: settings.queuePolicy,
      speakingLimitSec: settings.speakingLimitSec,
      maxParticipants: settings.maxParticipants,
      format: settings.format,
      doorsOpen: room.doorsOpen ?? true,
    },
    suspended: null,
    members: Members.empty,
    lobby: OrderedMap(),
    queue: [],
    floor: null,
    bans: OrderedMap(),
    chat: [],
    reports: [],
    captions: [],
    polls: [],
    votes: [],
    questions: [],
    shield: null,
    spike: null,
    heldChat: [],
    pace: OrderedMap(),
  };
}

/**
 * A state stored before the room had a format and doors (older snapshots): the defaults those
 * calls ran with (stage, doors open). Returns the same object when nothing is missing.
 */
export function withRoomDefaults(state: CallState): CallState {
  const s = state.settings as Partial<CallState['settings']>;
  if (s.format !== undefined && s.doorsOpen !== undefined) return state;
  return { ...state, settings: { ...state.settings, format: s.format ?? 'stage', doorsOpen: s.doorsOpen ?? true } };
}

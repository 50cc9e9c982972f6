// The moderation state's types (inferred from protocol/state.ts, the snapshot schema) and the
// state a call starts from.
import type { CallSettings } from '../protocol/settings';
import type { CallState } from '../protocol/state';

export type {
  AdmittedStatus,
  Ban,
  CallState,
  ChatMessage,
  Floor,
  Member,
  QueueEntry,
  Report,
  RoomSettings,
  Suspension,
  Waiter,
} from '../protocol/state';

/** Chat kept in state (and snapshots); older messages live only in the event log. */
export const CHAT_HISTORY_LIMIT = 200;
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
    members: {},
    lobby: {},
    queue: [],
    floor: null,
    bans: {},
    chat: [],
    reports: [],
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

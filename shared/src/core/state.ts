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

/** Settings minus the passcode, which the server checks and never puts in the state. */
export function initialState(callId: string, settings: Omit<CallSettings, 'passcode'>): CallState {
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

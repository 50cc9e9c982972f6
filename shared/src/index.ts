// The public API of @caucus/shared: the wire protocol and the pure moderation core.

// Protocol
export * from './protocol/primitives';
export * from './protocol/settings';
export * from './protocol/errors';
export * from './protocol/commands';
export * from './protocol/families/admission';
export * from './protocol/families/roles';
export * from './protocol/families/moderation';
export * from './protocol/families/queue';
export * from './protocol/families/floor';
export * from './protocol/families/chat';
export * from './protocol/families/captions';
export * from './protocol/families/room';
export * from './protocol/families/polls';
export * from './protocol/families/votes';
export * from './protocol/families/questions';
export * from './protocol/families/shield';
export * from './protocol/shield-state';
export * from './protocol/system-commands';
export * from './protocol/events';
export * from './protocol/state';
export * from './protocol/client-frames';
export * from './protocol/server-frames';
export * from './protocol/display-name';
export * from './protocol/free-text';
export * from './protocol/version';

// Core
export {
  initialState,
  withRoomDefaults,
  toSnapshot,
  fromSnapshot,
  Members,
  newMember,
  membershipOf,
  CHAT_HISTORY_LIMIT,
  REPORT_HISTORY_LIMIT,
  CAPTION_HISTORY_LIMIT,
  FLOOR_WARNING_MS,
  type CallState,
  type InitialRoom,
  type PresentCounts,
} from './core/state';
export { decide, type Command, type CommandOf } from './core/decide';
export { arrivalOf, floodControls, floodExempt, trackPace } from './core/pace';
export { heldByShield, hasLink, peopleOf, shieldedBy, shieldMoment } from './core/shield';
export { HELD_MAX, HELD_PER_PERSON } from './core/flood';
export type { Ctx, Decision } from './core/decision';
export { evolve, fold, isListed, markListed } from './core/evolve';
export {
  COMMAND_ROLES,
  OUTRANK_COMMANDS,
  outranks,
  isStaff,
  roleMayIssue,
  isSystemCommandType,
  type CommandType,
  type OutrankCommandType,
} from './core/permissions';
export {
  roleOf,
  statusOf,
  presentMember,
  presentCount,
  isFull,
  queuePosition,
  isOnStage,
  isBannedDevice,
  isBannedIp,
  waitingList,
  nextFloorTimer,
  impersonatedBy,
  doorsOpen,
  type FloorTimer,
} from './core/queries';
export { insertionIndex } from './core/queue-order';
export {
  livekitPermissionFor,
  permissionDiff,
  TRACK_SOURCES,
  type LivekitPermission,
  type PermissionChange,
  type TrackSource,
} from './core/grants';
export { allowsSource, normalizePermission, permissionKey } from './core/livekit-permission';
export { permissionChanges } from './core/permission-changes';
export { effectsOf, type Effect, type EffectKind } from './core/effects';
export { describeEvent, nameOf, LANE_LABELS } from './core/describe';
export type { EventSpec, EventSpecs, Names } from './core/event-spec';
export {
  viewFor,
  eventFor,
  staffView,
  audienceView,
  withSelf,
  subjectOf,
  ownCopiesOf,
  audienceEventFor,
  type EventContext,
  type Viewer,
} from './core/visibility';

// Polls, votes and questions
export {
  rollPlaceOf,
  rollAtOpening,
  ballotProblem,
  ballotTally,
  addTallies,
  voteResult,
  weightCast,
  findPoll,
  findVote,
  findQuestion,
  type RollPlace,
} from './core/ballots';
export { sharedBallotView, withOwnBallots, ballotViewFor, type BallotLists } from './core/ballot-views';
export { checkSecretBallot } from './core/commands/votes';
export { talliesOf } from './core/tallies';
export { POLL_HISTORY_LIMIT, QUESTION_HISTORY_LIMIT, type Poll, type Vote, type Question } from './core/state';

// THE permission table. decide() checks every command against it before anything else, clients
// use it to decide which controls to show, and the authorization matrix test is generated from
// it. Adding a command without a row here does not compile.
import type { WireCommandType } from '../protocol/commands';
import type { Role } from '../protocol/primitives';
import type { SystemCommandType } from '../protocol/system-commands';

export type CommandType = WireCommandType | SystemCommandType;

const EVERYONE = ['host', 'moderator', 'speaker', 'participant'] as const satisfies readonly Role[];
/** Speakers are always on stage, so the queue is not for them. */
const AUDIENCE_AND_STAFF = ['host', 'moderator', 'participant'] as const satisfies readonly Role[];
const STAFF = ['host', 'moderator'] as const satisfies readonly Role[];
const HOST = ['host'] as const satisfies readonly Role[];

export const COMMAND_ROLES = {
  // Everyone admitted
  raise_hand: AUDIENCE_AND_STAFF,
  lower_hand: AUDIENCE_AND_STAFF,
  report: EVERYONE,
  chat_send: EVERYONE,
  // Captions: the host appoints captioners; decide checks that the sender of a line is one
  appoint_captioner: HOST,
  dismiss_captioner: HOST,
  caption: EVERYONE,
  // Queue and floor
  grant_floor: STAFF,
  next_speaker: STAFF,
  end_floor: STAFF,
  extend_floor: STAFF,
  move_in_queue: STAFF,
  dismiss_hand: STAFF,
  lower_all_hands: STAFF,
  set_queue_policy: STAFF,
  set_speaking_limit: STAFF,
  // Audio and video
  mute: STAFF,
  mute_all: STAFF,
  silence: STAFF,
  unsilence: STAFF,
  camera_off: STAFF,
  camera_on: STAFF,
  // Removal
  remove: STAFF,
  ban: STAFF,
  unban: STAFF,
  // Lobby and room
  admit: STAFF,
  deny: STAFF,
  admit_all: STAFF,
  set_lock: STAFF,
  set_lobby: STAFF,
  suspend: STAFF,
  restore: STAFF,
  end_call: HOST,
  set_format: HOST,
  open_doors: HOST,
  set_floor_screen_share: HOST,
  // Roles and names
  promote: STAFF,
  demote: STAFF,
  appoint_moderator: HOST,
  dismiss_moderator: HOST,
  rename: STAFF,
  // Chat moderation
  chat_delete: STAFF,
  chat_approve: STAFF,
  chat_reject: STAFF,
  // Raids
  raise_shield: STAFF,
  lift_shield: STAFF,
  ban_many: STAFF,
  set_flood_controls: STAFF,
  set_auto_shield: STAFF,
  chat_mute: STAFF,
  chat_unmute: STAFF,
  set_chat: STAFF,
  // Polls, votes, questions (decide checks the voter roll)
  open_poll: STAFF,
  answer_poll: EVERYONE,
  close_poll: STAFF,
  unpin_poll: STAFF,
  open_vote: STAFF,
  cast_ballot: EVERYONE,
  close_vote: STAFF,
  cancel_vote: STAFF,
  ask_question: EVERYONE,
  upvote_question: EVERYONE,
  hide_question: STAFF,
  pin_question: STAFF,
  mark_answered: STAFF,
  invite_asker: STAFF,
  // The server shell only
  join: 'system',
  leave: 'system',
  expel: 'system',
  lift_ban: 'system',
  close_call: 'system',
  warn_floor: 'system',
  expire_floor: 'system',
  seal_ballots: 'system',
  flag_spike: 'system',
} as const satisfies Record<CommandType, readonly Role[] | 'system'>;

/**
 * Commands that act on a person named by `participant`: the actor must outrank that person
 * (their role as a member, as a waiter, or at the time of their ban). decide() enforces this for
 * every command listed, before the command's own rules. Commands on a person that are not listed
 * (grant_floor, move_in_queue, report) do them no harm, so rank does not matter.
 */
export const OUTRANK_COMMANDS = [
  'dismiss_hand',
  'mute',
  'silence',
  'unsilence',
  'camera_off',
  'camera_on',
  'remove',
  'ban',
  'unban',
  'admit',
  'deny',
  'promote',
  'demote',
  'appoint_moderator',
  'dismiss_moderator',
  'rename',
  'chat_mute',
  'chat_unmute',
] as const satisfies readonly CommandType[];
export type OutrankCommandType = (typeof OUTRANK_COMMANDS)[number];

const RANK: Record<Role, number> = { host: 3, moderator: 2, speaker: 1, participant: 0 };

/** Strictly greater rank: a host acts on moderators, nobody acts on a host or on an equal. */
export function outranks(actor: Role, target: Role): boolean {
  return RANK[actor] > RANK[target];
}

/** Hosts and moderators run the call and see its moderation data (lobby, bans, reports). */
export function isStaff(role: Role): boolean {
  return role === 'host' || role === 'moderator';
}

export function roleMayIssue(role: Role, type: CommandType): boolean {
  const allowed: readonly Role[] | 'system' = COMMAND_ROLES[type];
  return allowed !== 'system' && allowed.includes(role);
}

export function isSystemCommandType(type: CommandType): type is SystemCommandType {
  return COMMAND_ROLES[type] === 'system';
}

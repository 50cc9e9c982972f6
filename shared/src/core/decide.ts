// decide(state, command, ctx) -> events or a refusal. Pure: time and ids come in ctx.
// Checks that apply to every command live here, in this order, so every handler can assume them:
//   1. system commands only from the system, wire commands only from people;
//   2. the call is open;
//   3. the actor is present in the call (not waiting, gone, removed or banned);
//   4. the actor's role may issue the command (COMMAND_ROLES);
//   5. for commands on a person (OUTRANK_COMMANDS), that person exists and the actor outranks them.
import type { WireCommand } from '../protocol/commands';
import type { Identity, Role } from '../protocol/primitives';
import type { SystemCommand } from '../protocol/system-commands';
import { admit, admitAll, deny, expel, join, leave } from './commands/admission';
import { chatDelete, chatMute, chatSend, chatUnmute, setChat } from './commands/chat';
import type { Command } from './commands/common';
import { endFloor, expireFloor, extendFloor, grantFloor, nextSpeaker, setSpeakingLimit, warnFloor } from './commands/floor';
import { ban, cameraOff, cameraOn, mute, muteAll, remove, report, silence, unban, unsilence } from './commands/moderation';
import { dismissHand, lowerAllHands, lowerHand, moveInQueue, raiseHand, setQueuePolicy } from './commands/queue';
import { appointModerator, demote, dismissModerator, promote, rename } from './commands/roles';
import { closeCall, endCall, openDoors, restore, setFormat, setLobby, setLock, suspend } from './commands/room';
import { refuse, unchanged, type Ctx, type Decision } from './decision';
import { assertNever } from './evolve';
import { COMMAND_ROLES, OUTRANK_COMMANDS, outranks, roleMayIssue, type OutrankCommandType } from './permissions';
import type { CallState, Member } from './state';

export type { Command, CommandOf } from './commands/common';

export function decide(state: CallState, command: Command, ctx: Ctx): Decision {
  if (COMMAND_ROLES[command.type] === 'system') {
    if (ctx.actor !== 'system') return refuse('forbidden', `${command.type} is issued by the server only`);
    return decideSystem(state, command as SystemCommand, ctx);
  }
  const wire = command as WireCommand;
  if (ctx.actor === 'system') return refuse('forbidden', 'the server issues only system commands');
  if (state.status === 'ended') return refuse('call_ended', 'the call has ended');
  const actor = actingMember(state, ctx.actor);
  if ('ok' in actor) return actor;
  if (!roleMayIssue(actor.role, wire.type)) return refuse('forbidden', `a ${actor.role} may not ${wire.type}`);
  if (isOutrankCommand(wire)) {
    const targetRole = roleForRank(state, wire.type, wire.participant);
    if (targetRole === null) return refuse('not_found', 'no such person in this call');
    if (!outranks(actor.role, targetRole)) return refuse('outranked', `a ${actor.role} cannot act on a ${targetRole}`);
  }
  return decideWire(state, wire, actor, ctx);
}

function decideSystem(state: CallState, cmd: SystemCommand, ctx: Ctx): Decision {
  switch (cmd.type) {
    case 'join':
      return state.status === 'ended' ? refuse('call_ended', 'the call has ended') : join(state, cmd, ctx);
    case 'leave':
      // Once the call has ended nobody leaves it any more: the log ends with call_ended (a
      // reconnect-grace timer armed before the end must not append to it).
      return state.status === 'ended' ? unchanged : leave(state, cmd, ctx);
    case 'expel':
      return state.status === 'ended' ? unchanged : expel(state, cmd, ctx);
    case 'close_call':
      return state.status === 'ended' ? refuse('call_ended', 'the call has ended') : closeCall(state, ctx);
    case 'warn_floor':
      return warnFloor(state, cmd, ctx);
    case 'expire_floor':
      return expireFloor(state, cmd, ctx);
    default:
      return assertNever(cmd);
  }
}

function decideWire(state: CallState, cmd: WireCommand, actor: Member, ctx: Ctx): Decision {
  switch (cmd.type) {
    case 'raise_hand': return raiseHand(state, cmd, actor, ctx);
    case 'lower_hand': return lowerHand(state, cmd, actor, ctx);
    case 'report': return report(state, cmd, actor, ctx);
    case 'chat_send': return chatSend(state, cmd, actor, ctx);
    case 'grant_floor': return grantFloor(state, cmd, actor, ctx);
    case 'next_speaker': return nextSpeaker(state, cmd, actor, ctx);
    case 'end_floor': return endFloor(state, cmd, actor, ctx);
    case 'extend_floor': return extendFloor(state, cmd, actor, ctx);
    case 'move_in_queue': return moveInQueue(state, cmd, actor, ctx);
    case 'dismiss_hand': return dismissHand(state, cmd, actor, ctx);
    case 'lower_all_hands': return lowerAllHands(state, cmd, actor, ctx);
    case 'set_queue_policy': return setQueuePolicy(state, cmd, actor, ctx);
    case 'set_speaking_limit': return setSpeakingLimit(state, cmd, actor, ctx);
    case 'mute': return mute(state, cmd, actor, ctx);
    case 'mute_all': return muteAll(state, cmd, actor, ctx);
    case 'silence': return silence(state, cmd, actor, ctx);
    case 'unsilence': return unsilence(state, cmd, actor, ctx);
    case 'camera_off': return cameraOff(state, cmd, actor, ctx);
    case 'camera_on': return cameraOn(state, cmd, actor, ctx);
    case 'remove': return remove(state, cmd, actor, ctx);
    case 'ban': return ban(state, cmd, actor, ctx);
    case 'unban': return unban(state, cmd, actor, ctx);
    case 'admit': return admit(state, cmd, actor, ctx);
    case 'deny': return deny(state, cmd, actor, ctx);
    case 'admit_all': return admitAll(state, cmd, actor, ctx);
    case 'set_lock': return setLock(state, cmd, actor, ctx);
    case 'set_lobby': return setLobby(state, cmd, actor, ctx);
    case 'suspend': return suspend(state, cmd, actor, ctx);
    case 'restore': return restore(state, cmd, actor, ctx);
    case 'end_call': return endCall(state, cmd, actor, ctx);
    case 'set_format': return setFormat(state, cmd, actor, ctx);
    case 'open_doors': return openDoors(state, cmd, actor, ctx);
    case 'promote': return promote(state, cmd, actor, ctx);
    case 'demote': return demote(state, cmd, actor, ctx);
    case 'appoint_moderator': return appointModerator(state, cmd, actor, ctx);
    case 'dismiss_moderator': return dismissModerator(state, cmd, actor, ctx);
    case 'rename': return rename(state, cmd, actor, ctx);
    case 'chat_delete': return chatDelete(state, cmd, actor, ctx);
    case 'chat_mute': return chatMute(state, cmd, actor, ctx);
    case 'chat_unmute': return chatUnmute(state, cmd, actor, ctx);
    case 'set_chat': return setChat(state, cmd, actor, ctx);
    default: return assertNever(cmd);
  }
}

/** The actor as a present member, or why they may not act. */
function actingMember(state: CallState, identity: Identity): Member | Decision {
  const member = state.members.get(identity);
  if (member?.status === 'present') return member;
  if (state.lobby.get(identity)?.status === 'waiting') return refuse('in_lobby', 'you are waiting in the lobby');
  if (member || state.lobby.get(identity) || state.bans.get(identity)) return refuse('forbidden', 'you are no longer in this call');
  return refuse('not_a_member', 'you are not in this call');
}

const outrankSet: ReadonlySet<string> = new Set(OUTRANK_COMMANDS);
function isOutrankCommand(cmd: WireCommand): cmd is Extract<WireCommand, { type: OutrankCommandType }> {
  return outrankSet.has(cmd.type);
}

/**
 * The rank that protects a person: their role at the ban for unban; the role they knock with
 * while waiting in the lobby; otherwise their role as a member (or as a denied waiter).
 */
function roleForRank(state: CallState, type: OutrankCommandType, identity: Identity): Role | null {
  if (type === 'unban') return state.bans.get(identity)?.role ?? null;
  const waiter = state.lobby.get(identity);
  if (waiter?.status === 'waiting') return waiter.role;
  return state.members.get(identity)?.role ?? waiter?.role ?? state.bans.get(identity)?.role ?? null;
}

// decide(state, command, ctx) -> events or a refusal. Pure: time and ids come in ctx.
// Checks that apply to every command live here, in this order, so every handler can assume them:
//   1. system commands only from the system, wire commands only from people;
//   2. the call is open;
//   3. the actor is present in the call (not waiting, gone, removed or banned);
//   4. the actor's role may issue the command (COMMAND_ROLES);
//   5. for commands on a person (OUTRANK_COMMANDS), that person exists and the actor outranks them.
// And one rule that applies to every decision's result: whoever arrives during a suspension
// (joins, comes back, is let in from the lobby) arrives silenced, unless they are staff.
import type { WireCommand, WireCommandType } from '../protocol/commands';
import type { EventBody } from '../protocol/events';
import type { Identity, Role } from '../protocol/primitives';
import type { SystemCommand } from '../protocol/system-commands';
import { ADMISSION_HANDLERS, expel, join, leave } from './commands/admission';
import { CAPTION_HANDLERS } from './commands/captions';
import { CHAT_HANDLERS } from './commands/chat';
import type { Command, Handler, Handlers } from './commands/common';
import { expireFloor, FLOOR_HANDLERS, warnFloor } from './commands/floor';
import { liftBan, MODERATION_HANDLERS } from './commands/moderation';
import { QUEUE_HANDLERS } from './commands/queue';
import { ROLES_HANDLERS } from './commands/roles';
import { closeCall, ROOM_HANDLERS } from './commands/room';
import { flagSpike, SHIELD_HANDLERS } from './commands/shield';
import { accept, refuse, unchanged, type Ctx, type Decision } from './decision';
import { POLL_HANDLERS } from './commands/polls';
import { QUESTION_HANDLERS } from './commands/questions';
import { sealBallots, VOTE_HANDLERS } from './commands/votes';
import { assertNever } from './evolve';
import { COMMAND_ROLES, isStaff, OUTRANK_COMMANDS, outranks, roleMayIssue, type OutrankCommandType } from './permissions';
import type { CallState, Member } from './state';

export type { Command, CommandOf } from './commands/common';

export function decide(state: CallState, command: Command, ctx: Ctx): Decision {
  const decision = decideCommand(state, command, ctx);
  return state.suspended && decision.ok ? silenceArrivals(state, decision, ctx) : decision;
}

function decideCommand(state: CallState, command: Command, ctx: Ctx): Decision {
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
    case 'lift_ban':
      return state.status === 'ended' ? unchanged : liftBan(state, cmd, ctx);
    case 'close_call':
      return state.status === 'ended' ? refuse('call_ended', 'the call has ended') : closeCall(state, ctx);
    case 'warn_floor':
      return warnFloor(state, cmd, ctx);
    case 'expire_floor':
      return expireFloor(state, cmd, ctx);
    case 'seal_ballots':
      return state.status === 'ended' ? refuse('call_ended', 'the call has ended') : sealBallots(state, cmd, ctx);
    case 'flag_spike':
      return state.status === 'ended' ? unchanged : flagSpike(state, cmd, ctx);
    default:
      return assertNever(cmd);
  }
}

/** Every wire command's handler, from the command families' tables (commands/<family>.ts). */
const HANDLERS: Handlers<WireCommandType> = {
  ...ADMISSION_HANDLERS,
  ...ROLES_HANDLERS,
  ...MODERATION_HANDLERS,
  ...QUEUE_HANDLERS,
  ...FLOOR_HANDLERS,
  ...CHAT_HANDLERS,
  ...ROOM_HANDLERS,
  ...CAPTION_HANDLERS,
  ...POLL_HANDLERS,
  ...VOTE_HANDLERS,
  ...QUESTION_HANDLERS,
  ...SHIELD_HANDLERS,
};

function decideWire(state: CallState, cmd: WireCommand, actor: Member, ctx: Ctx): Decision {
  // The table maps each type to its own handler; TypeScript cannot follow that through an index.
  const handler = HANDLERS[cmd.type] as Handler<WireCommandType>;
  return handler(state, cmd as never, actor, ctx);
}

const ARRIVALS: ReadonlySet<string> = new Set(['member_joined', 'member_admitted', 'member_rejoined']);

/**
 * The panic button covers newcomers: a participant or speaker who arrives while the call is
 * suspended is silenced as the audience was (a speaker without publishing at all: grants.ts) and
 * joins the list restore lifts. Staff may lift it by hand (unsilence), as for anyone else.
 */
function silenceArrivals(state: CallState, decision: Extract<Decision, { ok: true }>, ctx: Ctx): Decision {
  const silenced: EventBody[] = [];
  for (const event of decision.events) {
    if (!ARRIVALS.has(event.type) || !('participant' in event)) continue;
    const before = state.members.get(event.participant);
    if (before?.status === 'present') continue;
    const role = 'role' in event ? event.role : before?.role;
    if (role === undefined || isStaff(role) || before?.silenced) continue;
    silenced.push({ type: 'member_silenced', participant: event.participant, bySuspension: true });
  }
  if (silenced.length === 0) return decision;
  const stamped = accept({ ...ctx, actor: 'system' }, ...silenced);
  return stamped.ok ? { ok: true, events: [...decision.events, ...stamped.events] } : decision;
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

// The floor: who is speaking from the audience right now, and for how long.
import type { FamilyCommandType } from '../../protocol/commands';
import type { FLOOR_COMMANDS } from '../../protocol/families/floor';
import type { Identity } from '../../protocol/primitives';
import { accept, refuse, unchanged, type Ctx, type Decision } from '../decision';
import { presentMember } from '../queries';
import { FLOOR_WARNING_MS, type CallState } from '../state';
import { floorEnded, type CommandOf, type Handler, type Handlers } from './common';

export function grant(state: CallState, identity: Identity, ctx: Ctx): Decision {
  const target = presentMember(state, identity);
  if (!target) return refuse('not_found', 'that person is not in the call');
  if (state.floor?.identity === identity) return refuse('on_stage', 'that person already has the floor');
  if (target.role === 'speaker') return refuse('on_stage', 'speakers are always on stage');
  if (target.silenced) return refuse('silenced', 'that person is silenced; unsilence them first');
  if (state.suspended && target.role === 'participant') {
    return refuse('silenced', 'the call is suspended; restore it first');
  }
  const limit = state.settings.speakingLimitSec;
  const deadline = limit > 0 ? ctx.now + limit * 1000 : null;
  return accept(
    ctx,
    ...(state.floor ? [floorEnded(state.floor, 'replaced', ctx.now)] : []),
    { type: 'floor_granted', participant: identity, deadline },
  );
}

export const grantFloor: Handler<'grant_floor'> = (state, cmd, _actor, ctx) => grant(state, cmd.participant, ctx);

export const nextSpeaker: Handler<'next_speaker'> = (state, _cmd, _actor, ctx) => {
  const head = state.queue[0];
  if (!head) return refuse('queue_empty', 'no hands are raised');
  return grant(state, head.identity, ctx);
};

export const endFloor: Handler<'end_floor'> = (state, _cmd, _actor, ctx) => {
  if (!state.floor) return refuse('no_floor', 'nobody has the floor');
  return accept(ctx, floorEnded(state.floor, 'ended', ctx.now));
};

/** Adds to the time left (never to a deadline already past), or starts a limit if there was none. */
export const extendFloor: Handler<'extend_floor'> = (state, cmd, _actor, ctx) => {
  if (!state.floor) return refuse('no_floor', 'nobody has the floor');
  const from = Math.max(state.floor.deadline ?? ctx.now, ctx.now);
  return accept(ctx, { type: 'floor_extended', deadline: from + cmd.seconds * 1000 });
};

/** Applies to the next grant; extend_floor changes the current one. */
export const setSpeakingLimit: Handler<'set_speaking_limit'> = (state, cmd, _actor, ctx) =>
  state.settings.speakingLimitSec === cmd.seconds
    ? unchanged
    : accept(ctx, { type: 'speaking_limit_changed', seconds: cmd.seconds });

/** A stale timer (floor changed hands, was extended or ended) is `not_due`: the shell ignores it. */
function dueFloor(state: CallState, grantedAt: number) {
  const floor = state.floor;
  return floor && floor.grantedAt === grantedAt && floor.deadline !== null ? { ...floor, deadline: floor.deadline } : null;
}

export function warnFloor(state: CallState, cmd: CommandOf<'warn_floor'>, ctx: Ctx): Decision {
  const floor = dueFloor(state, cmd.grantedAt);
  if (!floor || floor.warned || ctx.now < floor.deadline - FLOOR_WARNING_MS) {
    return refuse('not_due', 'no warning is due for that floor');
  }
  return accept(ctx, { type: 'floor_warned' });
}

export function expireFloor(state: CallState, cmd: CommandOf<'expire_floor'>, ctx: Ctx): Decision {
  const floor = dueFloor(state, cmd.grantedAt);
  if (!floor || ctx.now < floor.deadline) return refuse('not_due', 'that floor has not run out');
  return accept(ctx, floorEnded(floor, 'expired', ctx.now));
}

/** Every floor command's handler: decide() dispatches through the merged table. */
export const FLOOR_HANDLERS = {
  grant_floor: grantFloor,
  next_speaker: nextSpeaker,
  end_floor: endFloor,
  extend_floor: extendFloor,
  set_speaking_limit: setSpeakingLimit,
} satisfies Handlers<FamilyCommandType<typeof FLOOR_COMMANDS>>;

// Stage and staff roles, and names. Moderators move people between audience and stage; only the
// host makes or unmakes moderators.
import type { FamilyCommandType } from '../../protocol/commands';
import type { ROLES_COMMANDS } from '../../protocol/families/roles';
import { normalizeDisplayName } from '../../protocol/display-name';
import type { Role } from '../../protocol/primitives';
import { accept, refuse, unchanged, type Ctx, type Decision } from '../decision';
import { presentMember } from '../queries';
import type { CallState, Member } from '../state';
import { stepDown, type Handler, type Handlers } from './common';

function present(state: CallState, identity: string): Member | Decision {
  return presentMember(state, identity) ?? refuse('not_found', 'that person is not in the call');
}
const isDecision = (x: Member | Decision): x is Decision => 'ok' in x;

function changeRole(ctx: Ctx, target: Member, role: Role, ...before: ReturnType<typeof stepDown>): Decision {
  return accept(ctx, ...before, { type: 'role_changed', participant: target.identity, role, previous: target.role });
}

/** Audience -> stage. A speaker needs no floor or hand any more. */
export const promote: Handler<'promote'> = (state, cmd, _actor, ctx) => {
  const target = present(state, cmd.participant);
  if (isDecision(target)) return target;
  if (target.role === 'speaker') return unchanged;
  if (target.role !== 'participant') return refuse('invalid', 'staff are already on stage');
  return changeRole(ctx, target, 'speaker', ...stepDown(state, target.identity, 'promoted', ctx.now));
};

/** Stage -> audience. */
export const demote: Handler<'demote'> = (state, cmd, _actor, ctx) => {
  const target = present(state, cmd.participant);
  if (isDecision(target)) return target;
  if (target.role === 'participant') return unchanged;
  if (target.role !== 'speaker') return refuse('invalid', 'use dismiss_moderator for a moderator');
  return changeRole(ctx, target, 'participant');
};

/** Keeps their hand and floor: a moderator may still take a turn like everyone else. */
export const appointModerator: Handler<'appoint_moderator'> = (state, cmd, _actor, ctx) => {
  const target = present(state, cmd.participant);
  if (isDecision(target)) return target;
  return target.role === 'moderator' ? unchanged : changeRole(ctx, target, 'moderator');
};

/** Back to the audience (not to the stage: a speaker can be promoted again). */
export const dismissModerator: Handler<'dismiss_moderator'> = (state, cmd, _actor, ctx) => {
  const target = present(state, cmd.participant);
  if (isDecision(target)) return target;
  return target.role === 'moderator' ? changeRole(ctx, target, 'participant') : unchanged;
};

/**
 * A moderator's rename sticks: a person who leaves and comes back keeps it. A waiter is renamed in
 * the lobby (so an offensive name never reaches the call).
 */
export const rename: Handler<'rename'> = (state, cmd, _actor, ctx) => {
  const result = normalizeDisplayName(cmd.name);
  if (!result.ok) return refuse('invalid', result.message);
  const id = cmd.participant;
  const waiter = state.lobby.get(id);
  if (waiter?.status === 'waiting' || (waiter && !state.members.get(id))) {
    return waiter.name === result.name ? unchanged : accept(ctx, { type: 'waiter_renamed', participant: id, name: result.name });
  }
  const member = state.members.get(id);
  if (!member) return refuse('not_found', 'that person is not in the call');
  return member.name === result.name ? unchanged : accept(ctx, { type: 'member_renamed', participant: id, name: result.name });
};

/** Every roles command's handler: decide() dispatches through the merged table. */
export const ROLES_HANDLERS = {
  promote: promote,
  demote: demote,
  appoint_moderator: appointModerator,
  dismiss_moderator: dismissModerator,
  rename: rename,
} satisfies Handlers<FamilyCommandType<typeof ROLES_COMMANDS>>;

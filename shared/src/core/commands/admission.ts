// Getting in and out: joins and leaves (issued by the server shell), and the lobby.
import type { FamilyCommandType } from '../../protocol/commands';
import type { ADMISSION_COMMANDS } from '../../protocol/families/admission';
import { normalizeDisplayName } from '../../protocol/display-name';
import { accept, refuse, unchanged, type Ctx, type Decision } from '../decision';
import { membershipOf } from '../members';
import { doorsOpen, isBannedDevice, isBannedIp, isFull } from '../queries';
import type { CallState } from '../state';
import { admission, admitWaiting, stepDown, type CommandOf, type Handler, type Handlers } from './common';

/**
 * Someone authenticated. In order:
 * - banned identity: refused (any role); banned device or ip: refused for participants;
 * - present already (a reconnect): unchanged, or their new fingerprint;
 * - left (back after a drop past the grace period): back in with the role, name, sanctions and
 *   stats they had, past the lobby; a participant is refused when the call is locked (or waits in
 *   the lobby when it is on: lock means lock) or full;
 * - still waiting in the lobby: nothing changes;
 * - anyone else (new, removed earlier, denied earlier) is admitted afresh with the role their
 *   credential gives: hosts, moderators and speakers straight in (before an announced call starts:
 *   the green room); participants refused when the call is locked, sent to the lobby when it is
 *   on or the doors are still closed (the pre-call room), refused when the call is full.
 */
export function join(state: CallState, cmd: CommandOf<'join'>, ctx: Ctx): Decision {
  const name = normalizeDisplayName(cmd.name);
  if (!name.ok) return refuse('invalid', name.message);
  const id = cmd.identity;
  if (state.bans.get(id)) return refuse('banned', 'you are banned from this call');
  const fingerprint = { device: cmd.device, ipHash: cmd.ipHash };
  const membership = membershipOf(cmd);
  const member = state.members.get(id);
  const role = member && (member.status === 'present' || member.status === 'left') ? member.role : cmd.role;
  if (member?.status !== 'present' && role === 'participant') {
    if (isBannedDevice(state, cmd.device) || isBannedIp(state, cmd.ipHash)) {
      return refuse('banned', 'you are banned from this call');
    }
  }

  if (member?.status === 'present') {
    const same = member.device === cmd.device && member.ipHash === cmd.ipHash;
    return same ? unchanged : accept(ctx, { type: 'member_rejoined', participant: id, ...fingerprint });
  }
  if (member?.status === 'left') {
    if (role === 'participant' && state.settings.locked) {
      // Lock means lock, also for those who were in before: with the lobby on they knock.
      if (!state.settings.lobby) return refuse('locked', 'the call is locked');
      if (state.lobby.get(id)?.status === 'waiting') return unchanged;
      return accept(ctx, { type: 'member_waiting', participant: id, name: member.name, role, ...fingerprint });
    }
    if (role === 'participant' && isFull(state)) return refuse('full', 'the call is full');
    return accept(ctx, { type: 'member_rejoined', participant: id, ...fingerprint });
  }
  if (state.lobby.get(id)?.status === 'waiting') return unchanged;

  if (role === 'participant') {
    if (state.settings.locked) return refuse('locked', 'the call is locked');
    // While the raid shield is up every newcomer waits for a moderator (the review list).
    if (state.settings.lobby || !doorsOpen(state) || state.shield) {
      return accept(ctx, { type: 'member_waiting', participant: id, name: name.name, role, ...membership, ...fingerprint });
    }
    if (isFull(state)) return refuse('full', 'the call is full');
  }
  return accept(ctx, { type: 'member_joined', participant: id, name: name.name, role, ...membership, ...fingerprint });
}

/** A revoked credential: a present member is removed, a waiter denied; anyone else is already out. */
export function expel(state: CallState, cmd: CommandOf<'expel'>, ctx: Ctx): Decision {
  const id = cmd.identity;
  if (state.members.get(id)?.status === 'present') {
    return accept(ctx, ...stepDown(state, id, 'removed', ctx.now), { type: 'member_removed', participant: id, reason: cmd.reason });
  }
  if (state.lobby.get(id)?.status === 'waiting') return accept(ctx, { type: 'member_denied', participant: id });
  return unchanged;
}

/** Idempotent: the shell may call it for any disconnect. */
export function leave(state: CallState, cmd: CommandOf<'leave'>, ctx: Ctx): Decision {
  const id = cmd.identity;
  if (state.members.get(id)?.status === 'present') {
    return accept(ctx, ...stepDown(state, id, 'left', ctx.now), { type: 'member_left', participant: id });
  }
  if (state.lobby.get(id)?.status === 'waiting') return accept(ctx, { type: 'waiter_left', participant: id });
  return unchanged;
}

function waiting(state: CallState, identity: string) {
  const w = state.lobby.get(identity);
  return w?.status === 'waiting' ? w : null;
}

export const admit: Handler<'admit'> = (state, cmd, _actor, ctx) => {
  const w = waiting(state, cmd.participant);
  if (!w) return refuse('not_found', 'that person is not waiting in the lobby');
  if (w.role === 'participant' && isFull(state)) return refuse('full', 'the call is full');
  return accept(ctx, admission(w));
};

/** They may knock again (ban them to stop that); moderators see the earlier denial. */
export const deny: Handler<'deny'> = (state, cmd, _actor, ctx) => {
  const w = waiting(state, cmd.participant);
  if (!w) return refuse('not_found', 'that person is not waiting in the lobby');
  return accept(ctx, { type: 'member_denied', participant: w.identity });
};

/** Oldest first, as many as fit; refused only if nobody fits. */
export const admitAll: Handler<'admit_all'> = (state, _cmd, _actor, ctx) => {
  const { bodies, leftWaiting } = admitWaiting(state);
  if (bodies.length === 0) return leftWaiting > 0 ? refuse('full', 'the call is full') : unchanged;
  return accept(ctx, ...bodies);
};

/** Every admission command's handler: decide() dispatches through the merged table. */
export const ADMISSION_HANDLERS = {
  admit: admit,
  deny: deny,
  admit_all: admitAll,
} satisfies Handlers<FamilyCommandType<typeof ADMISSION_COMMANDS>>;

// Enforcement on one person or everyone: mute, silence, camera, remove, ban, and reports.
import type { FamilyCommandType } from '../../protocol/commands';
import type { EventBody } from '../../protocol/events';
import type { MODERATION_COMMANDS } from '../../protocol/families/moderation';
import type { Identity, Role } from '../../protocol/primitives';
import { accept, refuse, unchanged } from '../decision';
import { livekitPermissionFor } from '../grants';
import { reportLimited } from '../flood';
import { outranks } from '../permissions';
import { presentMember } from '../queries';
import type { CallState, Member } from '../state';
import { stepDown, type Handler, type Handlers } from './common';

/** Sanctions that persist (silence, camera) may be put on someone who left, so they come back with them. */
function admittedMember(state: CallState, identity: string): Member | null {
  const m = state.members.get(identity);
  return m && (m.status === 'present' || m.status === 'left') ? m : null;
}

const notHere = () => refuse('not_found', 'that person is not in the call');

/** Soft: mutes their tracks once; they may unmute. Use silence to keep someone quiet. */
export const mute: Handler<'mute'> = (state, cmd, _actor, ctx) =>
  presentMember(state, cmd.participant) ? accept(ctx, { type: 'member_muted', participant: cmd.participant }) : notHere();

/** Everyone the actor outranks who can currently publish a microphone. */
export const muteAll: Handler<'mute_all'> = (state, _cmd, actor, ctx) => {
  const participants = [...state.members.values()]
    .filter(
      (m) =>
        m.status === 'present' &&
        m.identity !== actor.identity &&
        outranks(actor.role, m.role) &&
        livekitPermissionFor(state, m.identity)?.canPublishSources.includes('microphone'),
    )
    .map((m) => m.identity)
    .sort();
  return participants.length === 0 ? unchanged : accept(ctx, { type: 'all_muted', participants });
};

/** Hard: the microphone permission is revoked until unsilence; they lose the floor and their hand. */
export const silence: Handler<'silence'> = (state, cmd, _actor, ctx) => {
  const target = admittedMember(state, cmd.participant);
  if (!target) return notHere();
  if (target.silenced) return unchanged;
  return accept(ctx, ...stepDown(state, target.identity, 'silenced', ctx.now), {
    type: 'member_silenced',
    participant: target.identity,
  });
};

export const unsilence: Handler<'unsilence'> = (state, cmd, _actor, ctx) => {
  const target = admittedMember(state, cmd.participant);
  if (!target) return notHere();
  return target.silenced ? accept(ctx, { type: 'member_unsilenced', participant: target.identity }) : unchanged;
};

export const cameraOff: Handler<'camera_off'> = (state, cmd, _actor, ctx) => {
  const target = admittedMember(state, cmd.participant);
  if (!target) return notHere();
  return target.cameraOff ? unchanged : accept(ctx, { type: 'camera_disabled', participant: target.identity });
};

export const cameraOn: Handler<'camera_on'> = (state, cmd, _actor, ctx) => {
  const target = admittedMember(state, cmd.participant);
  if (!target) return notHere();
  return target.cameraOff ? accept(ctx, { type: 'camera_enabled', participant: target.identity }) : unchanged;
};

/** Out of the call now; they may come back through the normal admission (lobby, lock, capacity). */
export const remove: Handler<'remove'> = (state, cmd, _actor, ctx) => {
  const target = presentMember(state, cmd.participant);
  if (!target) return refuse('not_found', 'that person is not in the call (use deny for the lobby)');
  return accept(ctx, ...stepDown(state, target.identity, 'removed', ctx.now), {
    type: 'member_removed',
    participant: target.identity,
    reason: cmd.reason ?? null,
  });
};

/**
 * Out and kept out: the identity, and the device (and with `ip`, the network) it last used.
 * Works on anyone known to the call: present, gone, removed, or waiting in the lobby.
 */
export const ban: Handler<'ban'> = (state, cmd, _actor, ctx) => {
  if (state.bans.get(cmd.participant)) return unchanged;
  const banning = banEvents(state, cmd.participant, cmd.reason, cmd.ip, ctx.now);
  return banning ? accept(ctx, ...banning.bodies) : notHere();
};

/**
 * The events that ban one person (their floor ends, their hand goes down), and the role that
 * protects them; null when they are banned already or unknown to the call. ban and ban_many share it.
 */
export function banEvents(state: CallState, id: Identity, reason: string, ip: boolean, now: number): { role: Role; bodies: EventBody[] } | null {
  if (state.bans.get(id)) return null;
  const waiter = state.lobby.get(id);
  const member = state.members.get(id);
  // The live presence (a waiter knocking again) is what the ban must catch.
  const seen = waiter?.status === 'waiting' ? waiter : (member ?? waiter);
  if (!seen) return null;
  const bodies: EventBody[] = [
    ...stepDown(state, id, 'banned', now),
    { type: 'member_banned', participant: id, name: seen.name, role: seen.role, reason, ip, device: seen.device, ipHash: seen.ipHash },
  ];
  return { role: seen.role, bodies };
}

export const unban: Handler<'unban'> = (state, cmd, _actor, ctx) =>
  state.bans.get(cmd.participant)
    ? accept(ctx, { type: 'member_unbanned', participant: cmd.participant })
    : refuse('not_found', 'that person is not banned');

/** Reports go to the call's own moderators, not to us. */
export const report: Handler<'report'> = (state, cmd, actor, ctx) => {
  if (cmd.participant === actor.identity) return refuse('invalid', 'you cannot report yourself');
  if (!state.members.get(cmd.participant)) return notHere();
  const limited = reportLimited(state, actor, ctx.now);
  if (limited) return limited;
  return accept(ctx, { type: 'reported', id: ctx.id, participant: cmd.participant, reason: cmd.reason });
};

/** Every moderation command's handler: decide() dispatches through the merged table. */
export const MODERATION_HANDLERS = {
  mute: mute,
  mute_all: muteAll,
  silence: silence,
  unsilence: unsilence,
  camera_off: cameraOff,
  camera_on: cameraOn,
  remove: remove,
  ban: ban,
  unban: unban,
  report: report,
} satisfies Handlers<FamilyCommandType<typeof MODERATION_COMMANDS>>;

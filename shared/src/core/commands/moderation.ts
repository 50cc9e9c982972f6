// Enforcement on one person or everyone: mute, silence, camera, remove, ban, and reports.
import type { FamilyCommandType } from '../../protocol/commands';
import type { EventBody } from '../../protocol/events';
import type { MODERATION_COMMANDS } from '../../protocol/families/moderation';
import type { BanEvidence } from '../../protocol/families/moderation';
import type { BanScope, Identity, Role } from '../../protocol/primitives';
import { normalizeFreeText } from '../../protocol/free-text';
import { accept, refuse, unchanged, type Ctx, type Decision } from '../decision';
import { livekitPermissionFor } from '../grants';
import { reportLimited } from '../flood';
import { outranks } from '../permissions';
import { presentMember } from '../queries';
import type { CallState, Member } from '../state';
import { stepDown, type CommandOf, type Handler, type Handlers } from './common';

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
    reason: cmd.reason === undefined ? null : normalizeFreeText(cmd.reason) || null,
  });
};

/**
 * Out and kept out: the identity, and the device (and with `ip`, the network) it last used.
 * Works on anyone known to the call: present, gone, removed, or waiting in the lobby. A host's
 * ban reaches the whole coalition unless they choose `call`; a moderator's holds for this call
 * (an organizer can widen it from the ban list). Evidence is copied from this call's reports and
 * chat; an id that is not (or no longer) there is refused rather than silently dropped.
 */
export const ban: Handler<'ban'> = (state, cmd, actor, ctx) => {
  const id = cmd.participant;
  if (state.bans.get(id)) return unchanged;
  const scope = cmd.scope ?? defaultBanScope(actor);
  if (scope === 'coalition' && actor.role !== 'host') {
    return refuse('forbidden', 'a moderator bans for this call; an organizer can widen it to the coalition from the ban list');
  }
  const reason = normalizeFreeText(cmd.reason);
  if (!reason) return refuse('invalid', 'the reason has nothing visible in it');
  const evidence = banEvidence(state, cmd.reports ?? [], cmd.messages ?? []);
  if ('missing' in evidence) return refuse('not_found', `no such ${evidence.missing} in this call`);
  const expiresAt = cmd.durationMin ? ctx.now + cmd.durationMin * 60_000 : null;
  const banning = banEvents(state, id, { reason, ip: cmd.ip, scope, expiresAt, evidence }, ctx.now);
  return banning ? accept(ctx, ...banning.bodies) : notHere();
};

/** A host's ban reaches the whole coalition; a moderator's holds for this call. */
export const defaultBanScope = (actor: Member): BanScope => (actor.role === 'host' ? 'coalition' : 'call');

export interface BanTerms {
  reason: string;
  ip: boolean;
  scope: BanScope;
  expiresAt: number | null;
  evidence: BanEvidence;
}

/**
 * The events that ban one person (their floor ends, their hand goes down), and the role that
 * protects them; null when they are banned already or unknown to the call. ban and ban_many share it.
 */
export function banEvents(state: CallState, id: Identity, terms: BanTerms, now: number): { role: Role; bodies: EventBody[] } | null {
  if (state.bans.get(id)) return null;
  const waiter = state.lobby.get(id);
  const member = state.members.get(id);
  // The live presence (a waiter knocking again) is what the ban must catch.
  const seen = waiter?.status === 'waiting' ? waiter : (member ?? waiter);
  if (!seen) return null;
  const bodies: EventBody[] = [
    ...stepDown(state, id, 'banned', now),
    { type: 'member_banned', participant: id, name: seen.name, role: seen.role, device: seen.device, ipHash: seen.ipHash, ...terms },
  ];
  return { role: seen.role, bodies };
}

function banEvidence(state: CallState, reportIds: readonly string[], messageIds: readonly string[]): BanEvidence | { missing: string } {
  const reports = [];
  for (const id of new Set(reportIds)) {
    const report = state.reports.find((r) => r.id === id);
    if (!report) return { missing: 'report' };
    reports.push(report);
  }
  const chat = [];
  for (const id of new Set(messageIds)) {
    const line = state.chat.find((m) => m.id === id);
    if (!line) return { missing: 'chat message' };
    chat.push({ id: line.id, from: line.from, name: state.members.get(line.from)?.name ?? '', text: line.text, at: line.at });
  }
  return { reports, chat };
}

/** The server lifts a ban itself: lifted from the console's ban list, or run out. */
export function liftBan(state: CallState, cmd: CommandOf<'lift_ban'>, ctx: Ctx): Decision {
  return state.bans.get(cmd.identity) ? accept(ctx, { type: 'member_unbanned', participant: cmd.identity }) : unchanged;
}

export const unban: Handler<'unban'> = (state, cmd, _actor, ctx) =>
  state.bans.get(cmd.participant)
    ? accept(ctx, { type: 'member_unbanned', participant: cmd.participant })
    : refuse('not_found', 'that person is not banned');

/** Reports go to the call's own moderators, not to us. */
export const report: Handler<'report'> = (state, cmd, actor, ctx) => {
  if (cmd.participant === actor.identity) return refuse('invalid', 'you cannot report yourself');
  if (!state.members.get(cmd.participant)) return notHere();
  const reason = normalizeFreeText(cmd.reason);
  if (!reason) return refuse('invalid', 'the report has nothing visible in it');
  const limited = reportLimited(state, actor, ctx.now);
  if (limited) return limited;
  return accept(ctx, { type: 'reported', id: ctx.id, participant: cmd.participant, reason });
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

// Raids: the shield, "ban all selected", the flood controls' settings and the held chat messages.
import type { FamilyCommandType } from '../../protocol/commands';
import type { EventBody } from '../../protocol/events';
import type { SHIELD_COMMANDS } from '../../protocol/families/shield';
import { accept, refuse, unchanged, type Ctx, type Decision } from '../decision';
import { outranks } from '../permissions';
import { floodControls } from '../pace';
import { shieldedBy, shieldMoment } from '../shield';
import type { CallState } from '../state';
import { normalizeFreeText } from '../../protocol/free-text';
import { banEvents, defaultBanScope } from './moderation';
import { floorEnded, type CommandOf, type Handler, type Handlers } from './common';

/**
 * Raised now with a window: everyone the window holds leaves the call for the lobby in this one
 * decision (their floor ends, their hand goes down with them), and while it is up newcomers wait in
 * the lobby (join). Raising it again with an earlier moment takes out the people that adds.
 */
export const raiseShield: Handler<'raise_shield'> = (state, cmd, _actor, ctx) => raise(state, cmd.window, cmd.since, ctx);

function raise(state: CallState, window: CommandOf<'raise_shield'>['window'], since: number | undefined, ctx: Ctx): Decision {
  const moment = shieldMoment(state, window, since, ctx.now);
  if (moment === null) {
    return refuse('invalid', window === 'spike' ? 'no join-rate spike has been noticed in this call' : 'give the moment the shield holds from');
  }
  if (moment > ctx.now) return refuse('invalid', 'the moment is in the future');
  const from = state.shield ? Math.min(state.shield.since, moment) : moment;
  const moved = shieldedBy(state, from);
  if (state.shield && state.shield.since === from && moved.length === 0) return unchanged;
  const bodies: EventBody[] = [];
  if (state.floor && moved.includes(state.floor.identity)) bodies.push(floorEnded(state.floor, 'removed', ctx.now));
  bodies.push({ type: 'shield_raised', since: from, window, moved });
  // Those present wait in the lobby (the review list); those gone for a moment come back through it.
  const present = moved.filter((id) => state.members.get(id)?.status === 'present');
  if (present.length > 0) bodies.push({ type: 'moved_to_lobby', moved: present });
  return accept(ctx, ...bodies);
}

/** Whoever the shield holds stays in the lobby until a moderator admits or bans them. */
export const liftShield: Handler<'lift_shield'> = (state, _cmd, _actor, ctx) =>
  state.shield ? accept(ctx, { type: 'shield_lifted' }) : unchanged;

/**
 * The review list's "ban all selected": one decision banning everyone listed that the actor
 * outranks and that is not banned yet (the server then bans them across the coalition in one
 * transaction). People the actor may not ban are skipped, not a reason to refuse the rest.
 */
export const banMany: Handler<'ban_many'> = (state, cmd, actor, ctx) => {
  const scope = cmd.scope ?? defaultBanScope(actor);
  if (scope === 'coalition' && actor.role !== 'host') {
    return refuse('forbidden', 'a moderator bans for this call; an organizer can widen it to the coalition from the ban list');
  }
  const reason = normalizeFreeText(cmd.reason);
  if (!reason) return refuse('invalid', 'the reason has nothing visible in it');
  const terms = { reason, ip: cmd.ip, scope, expiresAt: null, evidence: { reports: [], chat: [] } };
  const bodies: EventBody[] = [];
  let outranked = 0;
  for (const id of new Set(cmd.participants)) {
    const banning = banEvents(state, id, terms, ctx.now);
    if (banning === null) continue;
    if (!outranks(actor.role, banning.role)) outranked++;
    else bodies.push(...banning.bodies);
  }
  if (bodies.length === 0) return outranked > 0 ? refuse('outranked', 'you cannot ban these people') : unchanged;
  return accept(ctx, ...bodies);
};

export const setFloodControls: Handler<'set_flood_controls'> = (state, cmd, _actor, ctx) => {
  const { type: _t, ref: _r, ...patch } = cmd;
  const before = floodControls(state);
  const controls = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  const same = (Object.keys(before) as (keyof typeof before)[]).every((k) => before[k] === controls[k]);
  return same && state.settings.flood ? unchanged : accept(ctx, { type: 'flood_controls_changed', controls });
};

export const setAutoShield: Handler<'set_auto_shield'> = (state, cmd, _actor, ctx) =>
  (state.settings.autoShield ?? false) === cmd.enabled ? unchanged : accept(ctx, { type: 'auto_shield_changed', enabled: cmd.enabled });

export const chatApprove: Handler<'chat_approve'> = (state, cmd, _actor, ctx) => {
  const held = state.heldChat.find((m) => m.id === cmd.messageId);
  if (!held) return refuse('not_found', 'no such held message');
  return accept(ctx, { type: 'chat_released', id: held.id, participant: held.from, text: held.text });
};

export const chatReject: Handler<'chat_reject'> = (state, cmd, _actor, ctx) => {
  const held = state.heldChat.find((m) => m.id === cmd.messageId);
  if (!held) return refuse('not_found', 'no such held message');
  return accept(ctx, { type: 'chat_rejected', id: held.id, participant: held.from });
};

/**
 * The server noticed a join-rate spike (server/src/calls/join-spike.ts): moderators are alerted,
 * and with auto-shield on the shield goes up from the spike's start in the same decision.
 */
export function flagSpike(state: CallState, cmd: CommandOf<'flag_spike'>, ctx: Ctx): Decision {
  const spike: EventBody = { type: 'join_spike', since: cmd.since, arrivals: cmd.arrivals, baseline: cmd.baseline };
  if (!state.settings.autoShield || state.shield) return accept(ctx, spike);
  const withSpike = { ...state, spike: { since: cmd.since, at: ctx.now, arrivals: cmd.arrivals, baseline: cmd.baseline } };
  const shield = raise(withSpike, 'spike', undefined, ctx);
  const alert = accept(ctx, spike);
  return shield.ok && alert.ok ? { ok: true, events: [...alert.events, ...shield.events] } : alert;
}

/** Every shield command's handler: decide() dispatches through the merged table. */
export const SHIELD_HANDLERS = {
  raise_shield: raiseShield,
  lift_shield: liftShield,
  ban_many: banMany,
  set_flood_controls: setFloodControls,
  set_auto_shield: setAutoShield,
  chat_approve: chatApprove,
  chat_reject: chatReject,
} satisfies Handlers<FamilyCommandType<typeof SHIELD_COMMANDS>>;

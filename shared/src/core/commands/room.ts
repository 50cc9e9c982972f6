// Room-wide switches: lock, lobby, the panic button, the format, the doors, and ending the call.
import type { FamilyCommandType } from '../../protocol/commands';
import type { ROOM_COMMANDS } from '../../protocol/families/room';
import type { EventBody } from '../../protocol/events';
import { accept, unchanged, type Ctx, type Decision } from '../decision';
import type { CallState } from '../state';
import { doorsOpen, format } from '../queries';
import { admitWaiting, floorEnded, type Handler, type Handlers } from './common';

/** Locking stops new arrivals (and lobby knocks); people who were admitted may come back. */
export const setLock: Handler<'set_lock'> = (state, cmd, _actor, ctx) =>
  state.settings.locked === cmd.locked ? unchanged : accept(ctx, { type: 'lock_changed', locked: cmd.locked });

/**
 * Turning the lobby off lets in those waiting, as many as fit (as Zoom's waiting room does); while
 * the doors are closed they keep waiting for the host to open them.
 */
export const setLobby: Handler<'set_lobby'> = (state, cmd, _actor, ctx) => {
  if (state.settings.lobby === cmd.enabled) return unchanged;
  const admissions = cmd.enabled || !doorsOpen(state) ? [] : admitWaiting(state).bodies;
  return accept(ctx, { type: 'lobby_changed', enabled: cmd.enabled }, ...admissions);
};

/**
 * The panic button, in one decision: lock, lobby on, chat off, floor ended, and everyone in the
 * audience silenced (the stage keeps its voice so the hosts can speak to the room). What it
 * changed is recorded so restore undoes exactly that and nothing a moderator set on purpose.
 */
export const suspend: Handler<'suspend'> = (state, _cmd, _actor, ctx) => {
  if (state.suspended) return unchanged;
  const silenced = [...state.members.values()]
    .filter((m) => m.status === 'present' && m.role === 'participant' && !m.silenced)
    .map((m) => m.identity)
    .sort();
  const bodies: EventBody[] = state.floor ? [floorEnded(state.floor, 'suspended', ctx.now)] : [];
  bodies.push({
    type: 'call_suspended',
    prevLocked: state.settings.locked,
    prevLobby: state.settings.lobby,
    prevChatEnabled: state.settings.chatEnabled,
    silenced,
  });
  return accept(ctx, ...bodies);
};

export const restore: Handler<'restore'> = (state, _cmd, _actor, ctx) => {
  const s = state.suspended;
  if (!s) return unchanged;
  const unsilenced = s.silencedBySuspend.filter((id) => state.members.get(id)?.silenced);
  // If the lobby goes back off, whoever still waits gets in, as with set_lobby.
  const admissions = s.prevLobby || !doorsOpen(state) ? [] : admitWaiting(state).bodies;
  return accept(
    ctx,
    { type: 'call_restored', locked: s.prevLocked, lobby: s.prevLobby, chatEnabled: s.prevChatEnabled, unsilenced },
    ...admissions,
  );
};

/** Stage or conversation. Everyone's LiveKit permissions follow through permissionDiff. */
export const setFormat: Handler<'set_format'> = (state, cmd, _actor, ctx) =>
  format(state) === cmd.format ? unchanged : accept(ctx, { type: 'format_changed', format: cmd.format });

/**
 * The host opens the doors of an announced call: everyone waiting comes in, oldest first, as many
 * as fit, unless the lobby is on (then moderators admit them as usual).
 */
export const openDoors: Handler<'open_doors'> = (state, _cmd, _actor, ctx) => {
  if (doorsOpen(state)) return unchanged;
  const admissions = state.settings.lobby ? [] : admitWaiting(state).bodies;
  return accept(ctx, { type: 'doors_opened' }, ...admissions);
};

export const endCall: Handler<'end_call'> = (state, _cmd, _actor, ctx) => closeCall(state, ctx);

/** The end of a call, whoever ends it (the host in the call, an organizer from the console). */
export const closeCall = (state: CallState, ctx: Ctx): Decision =>
  accept(ctx, ...(state.floor ? [floorEnded(state.floor, 'call_ended', ctx.now)] : []), { type: 'call_ended' });

/** Every room command's handler: decide() dispatches through the merged table. */
export const setFloorScreenShare: Handler<'set_floor_screen_share'> = (state, cmd, _actor, ctx) =>
  (state.settings.floorScreenShare ?? false) === cmd.enabled ? unchanged : accept(ctx, { type: 'floor_screen_share_changed', enabled: cmd.enabled });

export const ROOM_HANDLERS = {
  set_lock: setLock,
  set_lobby: setLobby,
  suspend: suspend,
  restore: restore,
  end_call: endCall,
  set_format: setFormat,
  open_doors: openDoors,
  set_floor_screen_share: setFloorScreenShare,
} satisfies Handlers<FamilyCommandType<typeof ROOM_COMMANDS>>;

// Room-wide switches: lock, lobby, the panic button, the format, the doors, and ending the call.
import { z } from 'zod';
import { callFormatSchema, identitySchema } from '../primitives';
import { command, event } from '../define';

export const setLockSchema = command('set_lock', { locked: z.boolean() });
export const setLobbySchema = command('set_lobby', { enabled: z.boolean() });
export const suspendSchema = command('suspend', {});
export const restoreSchema = command('restore', {});
export const endCallSchema = command('end_call', {});
/** Host only: stage or conversation; everyone's LiveKit permissions follow. */
export const setFormatSchema = command('set_format', { format: callFormatSchema });
/** Host only: lets in everyone waiting for an announced call to start (unless the lobby is on). */
export const openDoorsSchema = command('open_doors', {});

export const lockChangedSchema = event('lock_changed', { locked: z.boolean() });
export const lobbyChangedSchema = event('lobby_changed', { enabled: z.boolean() });
/** The panic button. Carries what it changed so `call_restored` can undo exactly that. */
export const callSuspendedSchema = event('call_suspended', {
  prevLocked: z.boolean(),
  prevLobby: z.boolean(),
  prevChatEnabled: z.boolean(),
  silenced: z.array(identitySchema),
});
export const callRestoredSchema = event('call_restored', {
  locked: z.boolean(),
  lobby: z.boolean(),
  chatEnabled: z.boolean(),
  unsilenced: z.array(identitySchema),
});
export const callEndedSchema = event('call_ended', {});
/** The room's format; LiveKit permissions of everyone present follow (permissionDiff). */
export const formatChangedSchema = event('format_changed', { format: callFormatSchema });
/** The host opened the doors of an announced call; the admissions it caused follow as member_admitted. */
export const doorsOpenedSchema = event('doors_opened', {});

export const ROOM_COMMANDS = [
  setLockSchema,
  setLobbySchema,
  suspendSchema,
  restoreSchema,
  endCallSchema,
  setFormatSchema,
  openDoorsSchema,
] as const;
export const ROOM_EVENTS = [
  lockChangedSchema,
  lobbyChangedSchema,
  callSuspendedSchema,
  callRestoredSchema,
  callEndedSchema,
  formatChangedSchema,
  doorsOpenedSchema,
] as const;

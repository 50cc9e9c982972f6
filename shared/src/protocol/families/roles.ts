// Roles and names: promotions, moderators, renames (of members and of people in the lobby).
import { z } from 'zod';
import { roleSchema } from '../primitives';
import { command, event, introduced, name, participant, target } from '../define';

export const promoteSchema = command('promote', target);
export const demoteSchema = command('demote', target);
export const appointModeratorSchema = command('appoint_moderator', target);
export const dismissModeratorSchema = command('dismiss_moderator', target);
/** The name is normalised by the core (normalizeDisplayName); the wire only bounds its size. */
export const renameSchema = command('rename', { ...target, name: z.string().min(1).max(256) });

export const roleChangedSchema = event('role_changed', { ...participant, role: roleSchema, previous: roleSchema, ...introduced });
export const memberRenamedSchema = event('member_renamed', { ...participant, name });
/** A moderator renamed someone waiting in the lobby (so an offensive name never reaches the call). */
export const waiterRenamedSchema = event('waiter_renamed', { ...participant, name });

export const ROLES_COMMANDS = [promoteSchema, demoteSchema, appointModeratorSchema, dismissModeratorSchema, renameSchema] as const;
export const ROLES_EVENTS = [roleChangedSchema, memberRenamedSchema, waiterRenamedSchema] as const;

// The chat: messages, their moderation, and the switch for everyone.
import { z } from 'zod';
import { command, event, introduced, participant, target } from '../define';

/** Chat text after trimming; the limit matches what the chat panel shows without scrolling. */
export const CHAT_MAX_CHARS = 500;
export const chatTextSchema = z.string().trim().min(1).max(CHAT_MAX_CHARS);

export const chatSendSchema = command('chat_send', { text: chatTextSchema });
export const chatDeleteSchema = command('chat_delete', { messageId: z.string().min(1).max(64) });
export const chatMuteSchema = command('chat_mute', target);
export const chatUnmuteSchema = command('chat_unmute', target);
export const setChatSchema = command('set_chat', { enabled: z.boolean() });

/** `by` is the author; `id` is the message id. */
export const chatSentSchema = event('chat_sent', { id: z.string(), text: z.string(), ...introduced });
export const chatDeletedSchema = event('chat_deleted', { messageId: z.string() });
export const chatMutedSchema = event('chat_muted', participant);
export const chatUnmutedSchema = event('chat_unmuted', participant);
export const chatChangedSchema = event('chat_changed', { enabled: z.boolean() });

export const CHAT_COMMANDS = [chatSendSchema, chatDeleteSchema, chatMuteSchema, chatUnmuteSchema, setChatSchema] as const;
export const CHAT_EVENTS = [chatSentSchema, chatDeletedSchema, chatMutedSchema, chatUnmutedSchema, chatChangedSchema] as const;

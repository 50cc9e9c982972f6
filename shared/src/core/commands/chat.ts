// Chat goes through the server (LiveKit data publishing is off for everyone) so it can be moderated.
import type { FamilyCommandType } from '../../protocol/commands';
import type { CHAT_COMMANDS } from '../../protocol/families/chat';
import { normalizeFreeText } from '../../protocol/free-text';
import { accept, refuse, unchanged } from '../decision';
import { chatVerdict } from '../flood';
import { isStaff, outranks } from '../permissions';
import type { CallState, Member } from '../state';
import type { Handler, Handlers } from './common';

export const chatSend: Handler<'chat_send'> = (state, cmd, actor, ctx) => {
  // Staff can still post announcements when chat is off.
  if (!state.settings.chatEnabled && !isStaff(actor.role)) return refuse('chat_disabled', 'chat is off');
  if (actor.chatMuted) return refuse('chat_muted', 'a moderator has muted you in chat');
  const text = normalizeFreeText(cmd.text);
  if (!text) return refuse('invalid', 'the message has nothing visible in it');
  const verdict = chatVerdict(state, actor, text, ctx);
  if ('refused' in verdict) return verdict.refused;
  if (verdict.hold !== null) return accept(ctx, { type: 'chat_held', id: ctx.id, text, why: verdict.hold });
  return accept(ctx, { type: 'chat_sent', id: ctx.id, text });
};

/** Staff delete anyone's message they outrank, and their own. */
export const chatDelete: Handler<'chat_delete'> = (state, cmd, actor, ctx) => {
  const message = state.chat.find((m) => m.id === cmd.messageId);
  if (!message) return refuse('not_found', 'no such message');
  const author = state.members.get(message.from);
  if (message.from !== actor.identity && author && !outranks(actor.role, author.role)) {
    return refuse('outranked', "you cannot delete that person's messages");
  }
  return accept(ctx, { type: 'chat_deleted', messageId: cmd.messageId });
};

function chatMember(state: CallState, identity: string): Member | null {
  const m = state.members.get(identity);
  return m && (m.status === 'present' || m.status === 'left') ? m : null;
}

export const chatMute: Handler<'chat_mute'> = (state, cmd, _actor, ctx) => {
  const target = chatMember(state, cmd.participant);
  if (!target) return refuse('not_found', 'that person is not in the call');
  return target.chatMuted ? unchanged : accept(ctx, { type: 'chat_muted', participant: target.identity });
};

export const chatUnmute: Handler<'chat_unmute'> = (state, cmd, _actor, ctx) => {
  const target = chatMember(state, cmd.participant);
  if (!target) return refuse('not_found', 'that person is not in the call');
  return target.chatMuted ? accept(ctx, { type: 'chat_unmuted', participant: target.identity }) : unchanged;
};

export const setChat: Handler<'set_chat'> = (state, cmd, _actor, ctx) =>
  state.settings.chatEnabled === cmd.enabled ? unchanged : accept(ctx, { type: 'chat_changed', enabled: cmd.enabled });

/** Every chat command's handler: decide() dispatches through the merged table. */
export const CHAT_HANDLERS = {
  chat_send: chatSend,
  chat_delete: chatDelete,
  chat_mute: chatMute,
  chat_unmute: chatUnmute,
  set_chat: setChat,
} satisfies Handlers<FamilyCommandType<typeof CHAT_COMMANDS>>;

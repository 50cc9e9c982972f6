// What a refused command looks like to a person: which action failed, and the server's reason.
import type { WireCommandType } from '@caucus/shared';
import type { CommandError } from './socket';

const ACTION: Record<WireCommandType, string> = {
  raise_hand: 'raise your hand',
  lower_hand: 'lower your hand',
  report: 'send the report',
  chat_send: 'send the message',
  grant_floor: 'give the floor',
  next_speaker: 'call the next speaker',
  end_floor: 'end the turn',
  extend_floor: 'add time',
  move_in_queue: 'move the hand',
  dismiss_hand: 'lower that hand',
  lower_all_hands: 'lower all hands',
  set_queue_policy: 'change the queue order',
  set_speaking_limit: 'change the speaking limit',
  mute: 'mute',
  mute_all: 'mute everyone',
  silence: 'silence',
  unsilence: 'lift the silence',
  camera_off: 'turn the camera off',
  camera_on: 'allow the camera',
  remove: 'remove',
  ban: 'ban',
  unban: 'lift the ban',
  admit: 'let them in',
  deny: 'refuse entry',
  admit_all: 'let everyone in',
  set_lock: 'change the lock',
  set_lobby: 'change the lobby',
  suspend: 'suspend the call',
  restore: 'restore the call',
  end_call: 'end the call',
  set_format: 'change the format',
  open_doors: 'open the doors',
  set_floor_screen_share: 'change screen sharing for the floor',
  appoint_captioner: 'appoint the captioner',
  dismiss_captioner: 'dismiss the captioner',
  caption: 'send the caption',
  promote: 'bring them on stage',
  demote: 'move them to the audience',
  appoint_moderator: 'make them a moderator',
  dismiss_moderator: 'dismiss the moderator',
  rename: 'rename',
  chat_delete: 'delete the message',
  chat_mute: 'mute them in the chat',
  chat_unmute: 'let them write in the chat',
  set_chat: 'change the chat setting',
};

export function commandErrorText(type: WireCommandType, err: Pick<CommandError, 'code' | 'message'>): string {
  const reason = err.message.replace(/\.$/, '');
  return `Could not ${ACTION[type]}: ${reason} (${err.code}).`;
}

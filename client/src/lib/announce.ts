// What a screen reader hears, by policy, derived from how the state changed (not from single
// events, so a place gained because someone ahead left is announced like any other):
// - your own place in the queue whenever it changes; your hand going up or down;
// - the floor: who has it, your turn, your last 15 seconds, the end of your turn;
// - for staff: arrivals in the lobby and new reports;
// - the chat only while the chat is open, and never your own messages;
// - never other people's hands: in a call of a thousand that would be a flood;
// - what happens to you (silenced, role) and to the whole call (suspended, chat off).
import { isStaff, queuePosition, waitingList, type CallState, type Identity, type Role } from '@caucus/shared';
import { memberOf } from './members';
import { type ShownNames } from './names';

export interface Facts {
  position: number | null;
  floor: Identity | null;
  floorWarned: boolean;
  role: Role;
  silenced: boolean;
  captioner: boolean;
  suspended: boolean;
  chatEnabled: boolean;
  waiting: readonly Identity[];
  reportIds: readonly string[];
  chatIds: readonly string[];
}

export function factsOf(call: CallState, you: Identity, role: Role): Facts {
  const staff = isStaff(role);
  return {
    position: queuePosition(call, you),
    floor: call.floor?.identity ?? null,
    floorWarned: call.floor?.warned ?? false,
    role,
    silenced: memberOf(call, you)?.silenced ?? false,
    captioner: memberOf(call, you)?.captioner === true,
    suspended: call.suspended !== null,
    chatEnabled: call.settings.chatEnabled,
    waiting: staff ? waitingList(call) : [],
    reportIds: staff ? call.reports.map((r) => r.id) : [],
    chatIds: call.chat.map((m) => m.id),
  };
}

export interface AnnounceContext {
  you: Identity;
  chatOpen: boolean;
  names: ShownNames;
  call: CallState;
}

export function announcements(before: Facts, after: Facts, ctx: AnnounceContext): string[] {
  const out: string[] = [];
  const { you, names, call } = ctx;
  const name = (id: Identity) => names.get(id) ?? call.lobby.get(id)?.name ?? 'someone';

  // The floor first: it can also explain a hand going down.
  if (after.floor !== before.floor) {
    if (after.floor === you) out.push('You have the floor. Your microphone is off until you unmute.');
    else if (before.floor === you) out.push('Your turn has ended. You are back in the audience.');
    else if (after.floor) out.push(`${name(after.floor)} has the floor.`);
    else out.push('The turn has ended.');
  } else if (after.floor === you && after.floorWarned && !before.floorWarned) {
    out.push('You have 15 seconds left.');
  }

  if (after.position !== before.position) {
    if (after.position === null) {
      if (after.floor !== you) out.push('Your hand is down.');
    } else if (before.position === null) out.push(`Your hand is up. You are number ${after.position + 1} in the queue.`);
    else out.push(`You are now number ${after.position + 1} in the queue.`);
  }

  if (after.silenced !== before.silenced) out.push(after.silenced ? 'A moderator silenced you.' : 'A moderator lifted your silence.');
  if (after.captioner !== before.captioner) {
    out.push(after.captioner ? 'The host made you the captioner: type captions in the field under the stage.' : 'You no longer caption.');
  }
  if (after.role !== before.role) out.push(`You are now ${after.role === 'participant' ? 'in the audience' : `a ${after.role}`}.`);
  if (after.suspended !== before.suspended) out.push(after.suspended ? 'The moderators suspended the call.' : 'The call is restored.');
  else if (after.chatEnabled !== before.chatEnabled) out.push(after.chatEnabled ? 'The chat is on.' : 'The moderators turned the chat off.');

  const arrived = after.waiting.filter((id) => !before.waiting.includes(id));
  if (arrived.length === 1) out.push(`${name(arrived[0]!)} is waiting in the lobby.`);
  else if (arrived.length > 1) out.push(`${arrived.length} people are waiting in the lobby.`);

  const reports = after.reportIds.filter((id) => !before.reportIds.includes(id));
  if (reports.length) {
    const last = call.reports.find((r) => r.id === reports[reports.length - 1]);
    out.push(reports.length === 1 && last ? `New report about ${name(last.participant)}.` : `${reports.length} new reports.`);
  }

  if (ctx.chatOpen) {
    const fresh = call.chat.filter((m) => !before.chatIds.includes(m.id) && after.chatIds.includes(m.id) && m.from !== you);
    for (const m of fresh.slice(-3)) out.push(`${name(m.from)} wrote: ${m.text}`);
  }
  return out;
}

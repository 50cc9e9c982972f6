// Who came and what they did, computed from a call's event log alone (so it is the same after a
// restart, and for calls that ended long ago): first join, last leave, minutes present, turns on
// the floor and seconds spoken, hands raised, chat messages. Pure: the console route adds who
// registered and with which organization.
import type { Event, Role } from '@caucus/shared';

export interface PersonAttendance {
  identity: string;
  name: string;
  role: Role;
  firstJoin: number | null;
  lastLeave: number | null;
  presentMs: number;
  turns: number;
  spokenMs: number;
  handsRaised: number;
  chatMessages: number;
}

// Waiting counts: someone in the pre-call room (or the lobby) came to the call.
/** Events by which someone arrives in the call or its lobby (the scheduler reads them too: did the call happen?). */
export const ARRIVALS: ReadonlySet<string> = new Set(['member_joined', 'member_waiting', 'member_admitted', 'member_rejoined']);
const DEPARTURES = new Set(['member_left', 'waiter_left', 'member_denied', 'member_removed', 'member_banned']);

export function attendanceOf(events: readonly Event[], until: number): PersonAttendance[] {
  const people = new Map<string, PersonAttendance>();
  const since = new Map<string, number>();
  const person = (identity: string): PersonAttendance => {
    let p = people.get(identity);
    if (!p) {
      p = { identity, name: identity, role: 'participant', firstJoin: null, lastLeave: null, presentMs: 0, turns: 0, spokenMs: 0, handsRaised: 0, chatMessages: 0 };
      people.set(identity, p);
    }
    return p;
  };
  const leave = (identity: string, at: number) => {
    const start = since.get(identity);
    if (start === undefined) return;
    const p = person(identity);
    p.presentMs += Math.max(0, at - start);
    p.lastLeave = at;
    since.delete(identity);
  };

  for (const e of events) {
    if (ARRIVALS.has(e.type) && 'participant' in e) {
      const p = person(e.participant);
      if ('name' in e && typeof e.name === 'string') p.name = e.name;
      if ('role' in e && typeof e.role === 'string') p.role = e.role as Role;
      p.firstJoin ??= e.at;
      if (!since.has(e.participant)) since.set(e.participant, e.at);
    } else if (DEPARTURES.has(e.type) && 'participant' in e) {
      leave(e.participant, e.at);
    } else if (e.type === 'call_ended') {
      for (const identity of [...since.keys()]) leave(identity, e.at);
    } else if (e.type === 'floor_granted') {
      person(e.participant).turns++;
    } else if (e.type === 'floor_ended') {
      person(e.participant).spokenMs += e.spokenMs;
    } else if (e.type === 'hand_raised') {
      person(e.participant).handsRaised++;
    } else if (e.type === 'chat_sent' && e.by !== 'system') {
      person(e.by).chatMessages++;
    } else if (e.type === 'member_renamed') {
      person(e.participant).name = e.name;
    } else if (e.type === 'role_changed') {
      person(e.participant).role = e.role;
    }
  }
  // Still in the call: present until now.
  for (const [identity, start] of since) person(identity).presentMs += Math.max(0, until - start);
  return [...people.values()].filter((p) => p.firstJoin !== null);
}

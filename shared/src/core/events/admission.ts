// Arrivals, departures and the lobby: how each event changes the state, its effects, who sees it,
// and how it reads.
import { CLOSE_CODES } from '../../protocol/errors';
import type { EventOf, FamilyEventType } from '../../protocol/events';
import type { ADMISSION_EVENTS } from '../../protocol/families/admission';
import { enrollArrival } from '../ballots';
import type { EventSpecs } from '../event-spec';
import { membershipOf, newMember } from '../members';
import { noEffects, stripped, strippedToStaff, toEveryone, toStaff } from '../redaction';
import type { CallState, Member, Waiter } from '../state';
import { isListed, updateMember, updateWaiter, withoutWaiter } from '../state-updates';

type AdmissionEvent = FamilyEventType<typeof ADMISSION_EVENTS>;

export const ADMISSION_SPECS = {
  member_joined: {
    evolve: (state, event) => enrollArrival(withoutWaiter(admit(state, event), event.participant), event.participant),
    effects: noEffects,
    redact: stripped,
    describe: (event) => `${event.name} joined`,
  },
  member_rejoined: {
    // Someone who knocked while the call was locked and comes back once it is unlocked is no
    // longer waiting as well.
    evolve: (state, event) =>
      enrollArrival(
        withoutWaiter(
          updateMember(state, event.participant, (m) => ({ ...m, status: 'present', device: event.device, ipHash: event.ipHash })),
          event.participant,
        ),
        event.participant,
      ),
    effects: noEffects,
    redact: stripped,
    describe: (_event, { who }) => `${who} is back`,
  },
  member_left: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, status: 'left' })),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who }) => `${who} left`,
  },
  member_waiting: {
    evolve: (state, event) => {
      const waiter: Waiter = {
        identity: event.participant,
        name: event.name,
        role: event.role,
        since: event.at,
        status: 'waiting',
        ...membershipOf(event),
        device: event.device,
        ipHash: event.ipHash,
      };
      return { ...state, lobby: state.lobby.set(event.participant, waiter) };
    },
    effects: noEffects,
    redact: strippedToStaff,
    describe: (event) => `${event.name} is waiting in the lobby`,
  },
  waiter_left: {
    evolve: (state, event) => withoutWaiter(state, event.participant),
    effects: noEffects,
    redact: toStaff,
    describe: (_event, { who }) => `${who} stopped waiting in the lobby`,
  },
  member_admitted: {
    evolve: (state, event) => enrollArrival(withoutWaiter(admit(state, event), event.participant), event.participant),
    // A waiter was let in: the shell mints their LiveKit token, sends `admitted`, then a snapshot.
    effects: (event) => [{ kind: 'admitted', identity: event.participant }],
    redact: stripped,
    describe: (event, { by }) => `${by} let ${event.name} in`,
  },
  member_denied: {
    evolve: (state, event) => updateWaiter(state, event.participant, (w) => ({ ...w, status: 'denied' })),
    effects: (event) => [{ kind: 'close_sockets', identity: event.participant, code: CLOSE_CODES.denied }],
    redact: toStaff,
    describe: (_event, { who, by }) => `${by} refused entry to ${who}`,
  },
} satisfies EventSpecs<AdmissionEvent>;

function admit(state: CallState, event: EventOf<'member_joined' | 'member_admitted'>): CallState {
  const existing = state.members.get(event.participant);
  // Hosts, moderators and speakers are on the public record from the start; nobody leaves it.
  const listed = (existing !== undefined && isListed(existing)) || event.role !== 'participant';
  // Re-entering after a removal keeps stats and sanctions (silenced, chat-muted, camera off):
  // leaving and coming back must not be a way to shed them.
  const member: Member = existing
    ? {
        ...withoutMembership(existing),
        status: 'present',
        name: event.name,
        role: event.role,
        ...membershipOf(event),
        device: event.device,
        ipHash: event.ipHash,
        // Let in again after a removal: a new arrival for the raid shield's window.
        arrivedAt: event.at,
        ...(listed ? { listed } : {}),
      }
    : {
        ...newMember({ identity: event.participant, name: event.name, role: event.role, joinedAt: event.at, ...membershipOf(event), device: event.device, ipHash: event.ipHash }),
        ...(listed ? { listed } : {}),
      };
  return { ...state, members: state.members.set(member) };
}

/** A re-admission takes the organization and registration of the session it came through. */
function withoutMembership(m: Member): Member {
  const { org: _org, registered: _registered, ...rest } = m;
  return rest;
}

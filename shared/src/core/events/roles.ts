// Roles and names: how each event changes the state, its effects, who sees it, and how it reads.
import type { FamilyEventType } from '../../protocol/events';
import type { ROLES_EVENTS } from '../../protocol/families/roles';
import type { EventSpecs } from '../event-spec';
import { isStaff } from '../permissions';
import { noEffects, toEveryone, toStaff } from '../redaction';
import { updateMember, updateWaiter } from '../state-updates';

type RolesEvent = FamilyEventType<typeof ROLES_EVENTS>;

export const ROLES_SPECS = {
  role_changed: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, role: event.role, listed: true })),
    // What this person may see changed (they became, or stopped being, staff): a new snapshot.
    effects: (event) => (isStaff(event.role) !== isStaff(event.previous) ? [{ kind: 'resnapshot', identity: event.participant }] : []),
    redact: toEveryone,
    describe: (event, { who, by }) => `${by} made ${who} a ${event.role} (was ${event.previous})`,
  },
  member_renamed: {
    evolve: (state, event) => updateMember(state, event.participant, (m) => ({ ...m, name: event.name })),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { who, by }) => `${by} renamed ${who} to ${event.name}`,
  },
  waiter_renamed: {
    evolve: (state, event) => updateWaiter(state, event.participant, (w) => ({ ...w, name: event.name })),
    effects: noEffects,
    redact: toStaff,
    describe: (event, { by }) => `${by} renamed a waiting person to ${event.name}`,
  },
} satisfies EventSpecs<RolesEvent>;

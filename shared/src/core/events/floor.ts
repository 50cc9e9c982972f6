// The floor: how each event changes the state, who sees it, and how it reads.
import type { FamilyEventType } from '../../protocol/events';
import type { FLOOR_EVENTS } from '../../protocol/families/floor';
import type { EventSpecs } from '../event-spec';
import { noEffects, toEveryone } from '../redaction';
import { FLOOR_WARNING_MS } from '../state';
import { updateMember, withoutHand, withSettings } from '../state-updates';

type FloorEvent = FamilyEventType<typeof FLOOR_EVENTS>;

export const FLOOR_SPECS = {
  floor_granted: {
    evolve: (state, event) => {
      const floor = { identity: event.participant, grantedAt: event.at, deadline: event.deadline, warned: false };
      return updateMember({ ...withoutHand(state, event.participant), floor }, event.participant, (m) => ({
        ...m,
        hadFloor: true,
        floorCount: m.floorCount + 1,
        listed: true,
      }));
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { who }) => `${who} has the floor`,
  },
  floor_ended: {
    evolve: (state, event) => {
      const ended = state.floor?.identity === event.participant ? { ...state, floor: null } : state;
      return updateMember(ended, event.participant, (m) => ({ ...m, spokenMs: m.spokenMs + event.spokenMs }));
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { who }) => `${who}'s turn ended (${event.reason})`,
  },
  floor_extended: {
    evolve: (state, event) => {
      if (!state.floor) return state;
      // A warning already given no longer applies if the new deadline is far enough away.
      const warned = state.floor.warned && event.deadline - FLOOR_WARNING_MS <= event.at;
      return { ...state, floor: { ...state.floor, deadline: event.deadline, warned } };
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} gave the speaker more time`,
  },
  floor_warned: {
    evolve: (state) => (state.floor ? { ...state, floor: { ...state.floor, warned: true } } : state),
    effects: noEffects,
    redact: toEveryone,
    describe: () => `The speaker has ${FLOOR_WARNING_MS / 1000} seconds left`,
  },
  speaking_limit_changed: {
    evolve: (state, event) => withSettings(state, { speakingLimitSec: event.seconds }),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { by }) => (event.seconds === 0 ? `${by} removed the speaking limit` : `${by} set the speaking limit to ${event.seconds} s`),
  },
} satisfies EventSpecs<FloorEvent>;

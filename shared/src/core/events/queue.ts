// The speaker queue: how each event changes the state, who sees it, and how it reads.
import { countPace } from '../pace';
import type { FamilyEventType } from '../../protocol/events';
import type { QUEUE_EVENTS } from '../../protocol/families/queue';
import type { Lane } from '../../protocol/primitives';
import type { EventSpecs } from '../event-spec';
import { moveEntry, sortQueue } from '../queue-order';
import { noEffects, toEveryone } from '../redaction';
import { list, withoutHand, withSettings } from '../state-updates';

type QueueEvent = FamilyEventType<typeof QUEUE_EVENTS>;

export const LANE_LABELS: Record<Lane, string> = {
  point_of_order: 'Point of order',
  direct_response: 'Direct response',
  speak: 'Speak',
};

export const QUEUE_SPECS = {
  hand_raised: {
    evolve: (state, event) => {
      if (state.queue.some((e) => e.identity === event.participant)) return state;
      const entry = { identity: event.participant, lane: event.lane, raisedAt: event.at };
      const queue = [...state.queue];
      queue.splice(Math.min(event.position, queue.length), 0, entry);
      return countPace(list({ ...state, queue }, event.participant), event.participant, 'hand', event.at);
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { who }) => `${who} raised a hand (${LANE_LABELS[event.lane]}), position ${event.position + 1}`,
  },
  hand_lowered: {
    evolve: (state, event) => withoutHand(state, event.participant),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { who }) => (event.reason === 'lowered' ? `${who} lowered their hand` : `${who}'s hand was lowered (${event.reason})`),
  },
  hand_moved: {
    evolve: (state, event) => {
      const from = state.queue.findIndex((e) => e.identity === event.participant);
      return from < 0 ? state : { ...state, queue: moveEntry(state.queue, from, event.position) };
    },
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { who, by }) => `${by} moved ${who} to position ${event.position + 1}`,
  },
  hands_cleared: {
    evolve: (state) => ({ ...state, queue: [] }),
    effects: noEffects,
    redact: toEveryone,
    describe: (_event, { by }) => `${by} lowered all hands`,
  },
  queue_policy_changed: {
    evolve: (state, event) => ({ ...withSettings(state, { queuePolicy: event.policy }), queue: sortQueue(state, event.policy) }),
    effects: noEffects,
    redact: toEveryone,
    describe: (event, { by }) =>
      `${by} set the queue order to ${event.policy === 'fifo' ? 'first come, first served' : 'progressive (new voices first)'}`,
  },
} satisfies EventSpecs<QueueEvent>;

import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type Event } from '../protocol/events';
import { fixture, ID } from '../testing/fixtures';
import { describeEvent } from './describe';
import type { EventSpecs } from './event-spec';
import { specOf } from './event-specs';
import { FLOOR_SPECS } from './events/floor';

describe('the per-event tables', () => {
  it('have a spec with all four parts for every event type', () => {
    for (const type of EVENT_TYPES) {
      const spec = specOf({ type } as Event);
      // `audience` (narrowing the audience's copy) is optional.
      expect(Object.keys(spec).filter((k) => k !== 'audience').sort(), type).toEqual(['describe', 'effects', 'evolve', 'redact']);
    }
  });

  it('do not compile when a family leaves an event out', () => {
    // @ts-expect-error floor_extended has no spec: the compiler names it.
    const partial: EventSpecs<'floor_warned' | 'floor_extended'> = { floor_warned: FLOOR_SPECS.floor_warned };
    expect(partial.floor_warned).toBe(FLOOR_SPECS.floor_warned);
  });

  it('describe an event with the names the state knew before it', () => {
    const s = fixture();
    const event: Event = { type: 'member_silenced', at: 0, by: ID.mod, participant: ID.bob };
    expect(describeEvent(event, s)).toBe('Mod silenced Bob');
    expect(describeEvent({ ...event, by: 'system' }, null)).toBe('Caucus silenced someone');
  });
});

// Property tests of the pure core under random, partly hostile command sequences (fast-check
// shrinks a failure to the shortest sequence of steps). Whatever happens: decide never throws and
// refuses only with typed codes; the state's invariants hold after every step (at most one floor
// holder, nobody twice in the queue, no banned person let back in, nobody the raid shield holds
// able to publish, chat, raise a hand or see the call, nobody present before its moment touched); and the event log, as the
// server stores it (JSON), replays to exactly the same state. FUZZ_RUNS scales the counts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_SCALE } from '../testing/fuzz-scale';
import { ERROR_CODES } from '../protocol/errors';
import { eventSchema, type Event } from '../protocol/events';
import { fixture, T0 } from '../testing/fixtures';
import { logViolations, shieldViolations, stateViolations } from '../testing/invariants';
import { randomStep, rng } from '../testing/random';
import { decide } from './decide';
import { evolve, fold } from './evolve';

const SCALE = FUZZ_SCALE;
const codes: readonly string[] = ERROR_CODES;

/** One step per seed: the seed picks the command, its actor (often unauthorized) and the clock. */
function walk(seeds: readonly number[]) {
  const start = fixture();
  let state = start;
  let now = T0;
  const log: Event[] = [];
  for (const [i, seed] of seeds.entries()) {
    const r = rng(seed);
    now += r.int(30_000);
    const { command, actor } = randomStep(state, r, r.chance(0.01));
    const d = decide(state, command, { actor, now, id: `x${i}` });
    if (!d.ok) {
      expect(codes).toContain(d.error.code);
      continue;
    }
    const moves = shieldViolations(state, d.events);
    if (moves.length) throw new Error(`step ${i} (${command.type}): ${moves.join('; ')}`);
    for (const e of d.events) {
      expect(eventSchema.parse(e)).toEqual(e);
      state = evolve(state, e);
      log.push(e);
    }
    const broken = stateViolations(state);
    if (broken.length) throw new Error(`after step ${i} (${command.type} by ${actor}): ${broken.join('; ')}`);
  }
  return { start, state, log };
}

describe('the core under random command sequences', () => {
  it('keeps its invariants, refuses with typed codes, and its stored log replays to the same state', { timeout: 60_000 * SCALE }, () => {
    let events = 0;
    let steps = 0;
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 150, size: 'max' }), (seeds) => {
        const { start, state, log } = walk(seeds);
        events += log.length;
        steps += seeds.length;
        expect(logViolations(log)).toEqual([]);
        const stored = JSON.parse(JSON.stringify(log)) as Event[];
        expect(fold(start, stored)).toEqual(state);
      }),
      { numRuns: 200 * SCALE },
    );
    // The walks must really move the call, not only collect refusals.
    expect(events).toBeGreaterThan(steps / 4);
  });
});

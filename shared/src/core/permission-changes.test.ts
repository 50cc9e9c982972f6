// permissionChanges narrows permissionDiff to the people a decision touched: over random command
// sequences it must name exactly the changes the full diff over every member names.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { fixture, T0 } from '../testing/fixtures';
import { FUZZ_SCALE } from '../testing/fuzz-scale';
import { randomStep, rng } from '../testing/random';
import { decide } from './decide';
import { evolve } from './evolve';
import { permissionDiff } from './grants';
import { permissionChanges } from './permission-changes';

test('the narrowed diff equals the full diff after every accepted command', () => {
  fc.assert(
    fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 80 }), (seeds) => {
      let state = fixture();
      let now = T0;
      for (const [i, seed] of seeds.entries()) {
        const r = rng(seed);
        now += r.int(30_000);
        const { command, actor } = randomStep(state, r, r.chance(0.01));
        const d = decide(state, command, { actor, now, id: `x${i}` });
        if (!d.ok || d.events.length === 0) continue;
        const after = d.events.reduce(evolve, state);
        expect(permissionChanges(state, after, d.events)).toEqual(permissionDiff(state, after));
        state = after;
      }
    }),
    { numRuns: 60 * FUZZ_SCALE },
  );
});

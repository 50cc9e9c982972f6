// Polls, votes and questions under random, partly hostile command sequences (the same walk as
// core.fuzz.test.ts, which also checks ballotViolations after every step): here, what each viewer
// gets. Before a vote closes no view and no event copy, for any role, carries a secret aggregate or
// anyone else's choice; a poll answer reaches only the person who gave it.
import { describe, expect, it } from 'vitest';
import type { Event } from '../protocol/events';
import { fixture, ID, T0 } from '../testing/fixtures';
import { FUZZ_SCALE } from '../testing/fuzz-scale';
import { ballotViolations } from '../testing/invariants';
import { randomStep, rng } from '../testing/random';
import { decide } from './decide';
import { evolve } from './evolve';
import type { CallState } from './state';
import { eventFor, viewFor, type Viewer } from './visibility';

const FOCUS = ['open_poll', 'answer_poll', 'close_poll', 'open_vote', 'cast_ballot', 'cast_ballot', 'cast_ballot', 'close_vote', 'ask_question', 'upvote_question', 'invite_asker'] as const;

const VIEWERS: Viewer[] = [
  { identity: ID.host, role: 'host' },
  { identity: ID.mod, role: 'moderator' },
  { identity: ID.speaker, role: 'speaker' },
  { identity: ID.alice, role: 'participant' },
  { identity: ID.bob, role: 'participant' },
];

function leaks(view: CallState, viewer: Viewer): string[] {
  const out: string[] = [];
  for (const v of view.votes) {
    if (v.sealed !== null) out.push(`${viewer.role} sees the sealed tally of ${v.id}`);
    for (const who of Object.keys(v.choices)) if (who !== viewer.identity) out.push(`${viewer.identity} sees ${who}'s choices`);
  }
  for (const p of view.polls) for (const who of Object.keys(p.answers)) if (who !== viewer.identity) out.push(`${viewer.identity} sees ${who}'s poll answer`);
  return out;
}

function eventLeak(copy: Event, viewer: Viewer): string | null {
  if (copy.type === 'ballots_sealed' && copy.tally) return `${viewer.role} got a batch tally`;
  if (copy.type === 'ballots_sealed' && viewer.role === 'participant' && copy.marks.some((m) => m.participant !== viewer.identity)) return `${viewer.identity} got someone's mark`;
  if (copy.type === 'ballot_cast' && copy.choices && copy.participant !== viewer.identity) return `${viewer.identity} got someone's choices`;
  if (copy.type === 'poll_answered' && copy.participant !== viewer.identity) return `${viewer.identity} got someone's poll answer`;
  return null;
}

describe('polls, votes and questions under random command sequences', () => {
  it('keep one ballot per voter, tallies equal to ballots, and nothing sealed visible to anyone', { timeout: 60_000 * FUZZ_SCALE }, () => {
    let ballots = 0;
    for (let seed = 1; seed <= 30 * FUZZ_SCALE; seed++) {
      const r = rng(seed * 7919);
      let state = fixture();
      let now = T0;
      for (let step = 0; step < 150; step++) {
        now += r.int(5_000);
        const { command, actor } = randomStep(state, r, false, FOCUS);
        const d = decide(state, command, { actor, now, id: `x${seed}_${step}` });
        if (!d.ok) continue;
        for (const e of d.events) {
          const after = evolve(state, e);
          for (const viewer of VIEWERS) {
            const copy = eventFor(e, viewer, { before: state, after });
            const leak = copy && eventLeak(copy, viewer);
            if (leak) throw new Error(`seed ${seed} step ${step}: ${leak}`);
          }
          if (e.type === 'ballot_cast') ballots++;
          if (e.type === 'ballots_sealed') ballots += e.ballots;
          state = after;
        }
        expect(ballotViolations(state), `seed ${seed} step ${step}`).toEqual([]);
        for (const viewer of VIEWERS) expect(leaks(viewFor(state, viewer), viewer), `seed ${seed} step ${step}`).toEqual([]);
      }
    }
    // The walks must really vote, not only collect refusals.
    expect(ballots).toBeGreaterThan(20);
  });
});

import { describe, expect, it } from 'vitest';
import type { Event } from '../protocol/events';
import { eventSchema } from '../protocol/events';
import type { Role } from '../protocol/primitives';
import { serverFrameSchema } from '../protocol/server-frames';
import { callStateSchema } from '../protocol/state';
import { apply, attempt, cmd, deepFreeze, expectOk, fixture, ID, joinCmd, T0 } from '../testing/fixtures';
import { randomStep, rng } from '../testing/random';
import { decide } from './decide';
import { evolve, fold } from './evolve';
import type { CallState } from './state';
import { eventFor, viewFor, type Viewer } from './visibility';

const HOST: Viewer = { identity: ID.host, role: 'host' };
const MOD: Viewer = { identity: ID.mod, role: 'moderator' };
const SPEAKER: Viewer = { identity: ID.speaker, role: 'speaker' };
const ALICE: Viewer = { identity: ID.alice, role: 'participant' };
const BOB: Viewer = { identity: ID.bob, role: 'participant' };
const VIEWERS = [HOST, MOD, SPEAKER, ALICE, BOB];

describe('viewFor', () => {
  const busy = () => {
    let s = apply(fixture(), cmd({ type: 'report', participant: ID.bob, reason: 'slurs' }), ID.alice);
    s = apply(s, cmd({ type: 'ban', participant: ID.carol, reason: 'raid', ip: true }), ID.mod);
    return s;
  };

  it('never lets device or ipHash out, to anyone', () => {
    const s = busy();
    for (const v of VIEWERS) {
      const view = viewFor(s, v);
      for (const x of [...Object.values(view.members), ...Object.values(view.lobby), ...Object.values(view.bans)]) {
        expect([x.device, x.ipHash]).toEqual([null, null]);
      }
    }
    // The server's own state keeps them.
    expect(s.members[ID.bob]!.device).toBe(`dev-${ID.bob}`);
  });

  it.each([
    ['host', HOST, true],
    ['moderator', MOD, true],
    ['speaker', SPEAKER, false],
    ['participant', ALICE, false],
  ] as const)('%s: lobby, bans, reports visible = %s', (_n, viewer, staff) => {
    const view = viewFor(busy(), viewer);
    expect(Object.keys(view.lobby)).toEqual(staff ? [ID.waiter] : []);
    expect(Object.keys(view.bans)).toEqual(staff ? [ID.carol] : []);
    expect(view.reports.length).toBe(staff ? 1 : 0);
    // Outside staff a ban looks like a removal.
    expect(view.members[ID.carol]!.status).toBe(staff ? 'banned' : 'removed');
  });

  it('does not change the state it is given', () => {
    const s = deepFreeze(busy());
    expect(() => VIEWERS.forEach((v) => viewFor(s, v))).not.toThrow();
  });
});

describe('eventFor', () => {
  const eventsOf = (s: CallState, c: Parameters<typeof attempt>[1], actor: string) => expectOk(attempt(s, c, actor));

  it('sends lobby traffic and reports to staff only', () => {
    const s = fixture();
    const lobby = [
      ...eventsOf(s, joinCmd('p_knock', 'participant'), 'system'),
      ...eventsOf(s, cmd({ type: 'deny', participant: ID.waiter }), ID.mod),
      ...eventsOf(s, cmd({ type: 'rename', participant: ID.waiter, name: 'Guest' }), ID.mod),
      ...eventsOf(s, { type: 'leave', identity: ID.waiter }, 'system'),
      ...eventsOf(s, cmd({ type: 'report', participant: ID.bob, reason: 'x' }), ID.alice),
    ];
    expect(lobby.map((e) => e.type)).toEqual(['member_waiting', 'member_denied', 'waiter_renamed', 'waiter_left', 'reported']);
    for (const e of lobby) {
      expect(eventFor(e, MOD)).not.toBeNull();
      expect(eventFor(e, SPEAKER)).toBeNull();
      expect(eventFor(e, ALICE)).toBeNull(); // not even the reporter: reports are not echoed back
    }
    expect(eventFor(lobby[0]!, HOST)).toMatchObject({ device: null, ipHash: null });
  });

  it('shows a ban to non-staff as a removal without reason, and a removal reason to staff and the removed', () => {
    const s = fixture();
    const [ban] = eventsOf(s, cmd({ type: 'ban', participant: ID.bob, reason: 'raid' }), ID.mod);
    expect(eventFor(ban!, ALICE)).toEqual({ type: 'member_removed', participant: ID.bob, reason: null, at: T0, by: ID.mod });
    expect(eventFor(ban!, BOB)).toMatchObject({ type: 'member_removed', reason: null });
    expect(eventFor(ban!, MOD)).toMatchObject({ type: 'member_banned', reason: 'raid', device: null, ipHash: null });

    const [removal] = eventsOf(s, cmd({ type: 'remove', participant: ID.bob, reason: 'heckling' }), ID.mod);
    expect(eventFor(removal!, ALICE)).toMatchObject({ reason: null });
    expect(eventFor(removal!, BOB)).toMatchObject({ reason: 'heckling' });
    expect(eventFor(removal!, MOD)).toMatchObject({ reason: 'heckling' });
  });

  it('strips fingerprints from arrivals', () => {
    const [joined] = eventsOf(apply(fixture(), cmd({ type: 'set_lobby', enabled: false }), ID.mod), joinCmd('p_new', 'participant'), 'system');
    for (const v of VIEWERS) expect(eventFor(joined!, v)).toMatchObject({ device: null, ipHash: null });
  });
});

/**
 * The property that lets clients fold: from a redacted snapshot, the redacted events of random
 * command sequences lead to exactly the redacted final state, for every role. Along the way:
 * decide and evolve never mutate (states are frozen), every event and state fits its schema, and
 * the state's invariants hold.
 */
describe('redacted folds agree with redacted snapshots (random command sequences)', () => {
  const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
  const STEPS = 250;

  function run(seed: number) {
    const r = rng(seed);
    let state = deepFreeze(fixture());
    const states: CallState[] = [state];
    const events: Event[][] = [];
    let now = T0;
    let accepted = 0;
    for (let i = 0; i < STEPS; i++) {
      now += r.int(20_000);
      const { command, actor } = randomStep(state, r, i >= STEPS - 10);
      const d = decide(state, command, { actor, now, id: `m${seed}-${i}` });
      const batch = d.ok ? d.events : [];
      if (batch.length) accepted++;
      state = deepFreeze(batch.reduce(evolve, state));
      states.push(state);
      events.push(batch);
    }
    return { states, events, accepted };
  }

  it.each(SEEDS)('seed %i', (seed) => {
    const { states, events, accepted } = run(seed);
    expect(accepted).toBeGreaterThan(STEPS / 5); // the walk must actually do things
    const final = states.at(-1)!;
    const all = events.flat();
    for (const e of all) expect(eventSchema.parse(e)).toEqual(e);
    expect(callStateSchema.parse(final)).toEqual(final);
    states.forEach(checkInvariants);

    const viewers: Viewer[] = [...VIEWERS, { identity: 'p_n1', role: 'participant' }];
    for (const viewer of viewers) {
      // From the start, and from a snapshot taken part-way.
      for (const from of [0, Math.floor(STEPS / 2)]) {
        const visible = events.slice(from).flat().map((e) => eventFor(e, viewer)).filter((e) => e !== null);
        for (const e of visible) expect(serverFrameSchema.parse({ type: 'event', seq: 1, event: e })).toBeTruthy();
        const folded = fold(viewFor(states[from]!, viewer), visible);
        expect(folded).toEqual(viewFor(final, viewer));
      }
    }
  });

  it('decide and evolve are deterministic: the same walk gives the same log', () => {
    expect(run(7).events).toEqual(run(7).events);
  });
});

function checkInvariants(s: CallState): void {
  const ids = s.queue.map((e) => e.identity);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) {
    expect(s.members[id]?.status).toBe('present');
    expect(s.members[id]?.role).not.toBe('speaker');
    expect(s.floor?.identity).not.toBe(id);
  }
  if (s.floor) {
    expect(s.members[s.floor.identity]?.status).toBe('present');
    expect(s.members[s.floor.identity]?.silenced).toBe(false);
  }
  for (const [id, w] of Object.entries(s.lobby)) {
    expect(w.identity).toBe(id);
    expect(s.bans[id]).toBeUndefined();
    if (w.status === 'waiting') expect(s.members[id]?.status === 'present' || s.members[id]?.status === 'left').toBe(false);
  }
  for (const id of Object.keys(s.bans)) {
    if (s.members[id]) expect(s.members[id]!.status).toBe('banned');
  }
  for (const m of Object.values(s.members)) {
    if (m.status === 'banned') expect(s.bans[m.identity]).toBeDefined();
  }
  const roles: Role[] = ['host', 'moderator', 'speaker', 'participant'];
  for (const m of Object.values(s.members)) expect(roles).toContain(m.role);
  // Whoever the suspension still holds silenced is silenced (unsilence takes them off the list).
  for (const id of s.suspended?.silencedBySuspend ?? []) expect(s.members[id]?.silenced).toBe(true);
}

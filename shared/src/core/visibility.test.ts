import { describe, expect, it } from 'vitest';
import type { Event } from '../protocol/events';
import { eventSchema } from '../protocol/events';
import type { Role } from '../protocol/primitives';
import { serverFrameSchema } from '../protocol/server-frames';
import { callSnapshotSchema } from '../protocol/state';
import { apply, attempt, cmd, deepFreeze, expectOk, fixture, ID, joinCmd, T0 } from '../testing/fixtures';
import { randomStep, rng } from '../testing/random';
import { decide } from './decide';
import { evolve, fold } from './evolve';
import { toSnapshot, type CallState } from './state';
import { audienceEventFor, eventFor, viewFor, type EventContext, type Viewer } from './visibility';

const HOST: Viewer = { identity: ID.host, role: 'host' };
const MOD: Viewer = { identity: ID.mod, role: 'moderator' };
const SPEAKER: Viewer = { identity: ID.speaker, role: 'speaker' };
const ALICE: Viewer = { identity: ID.alice, role: 'participant' };
const BOB: Viewer = { identity: ID.bob, role: 'participant' };
const VIEWERS = [HOST, MOD, SPEAKER, ALICE, BOB];

describe('viewFor', () => {
  const busy = () => {
    // Carol raised a hand before she was banned: on the public record, everyone has her in their list.
    let s = apply(fixture(), cmd({ type: 'raise_hand' }), ID.carol);
    s = apply(s, cmd({ type: 'report', participant: ID.bob, reason: 'slurs' }), ID.alice);
    s = apply(s, cmd({ type: 'ban', participant: ID.carol, reason: 'raid', ip: true }), ID.mod);
    return s;
  };

  it('never lets device or ipHash out, to anyone', () => {
    const s = busy();
    for (const v of VIEWERS) {
      const view = viewFor(s, v);
      for (const x of [...[...view.members.values()], ...[...view.lobby.values()], ...[...view.bans.values()]]) {
        expect([x.device, x.ipHash]).toEqual([null, null]);
      }
    }
    // The server's own state keeps them.
    expect(s.members.get(ID.bob)!.device).toBe(`dev-${ID.bob}`);
  });

  it.each([
    ['host', HOST, true],
    ['moderator', MOD, true],
    ['speaker', SPEAKER, false],
    ['participant', ALICE, false],
  ] as const)('%s: lobby, bans, reports visible = %s', (_n, viewer, staff) => {
    const view = viewFor(busy(), viewer);
    expect([...view.lobby.keys()]).toEqual(staff ? [ID.waiter] : []);
    expect([...view.bans.keys()]).toEqual(staff ? [ID.carol] : []);
    expect(view.reports.length).toBe(staff ? 1 : 0);
    // Outside staff a ban looks like a removal.
    expect(view.members.get(ID.carol)!.status).toBe(staff ? 'banned' : 'removed');
  });

  it('does not change the state it is given', () => {
    const s = deepFreeze(busy());
    expect(() => VIEWERS.forEach((v) => viewFor(s, v))).not.toThrow();
  });
});

/** The states on either side of an event decided on `s` alone. */
const around = (s: CallState, e: Event): EventContext => ({ before: s, after: evolve(s, e) });

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
      expect(eventFor(e, MOD, around(s, e))).not.toBeNull();
      expect(eventFor(e, SPEAKER, around(s, e))).toBeNull();
      expect(eventFor(e, ALICE, around(s, e))).toBeNull(); // not even the reporter: reports are not echoed back
    }
    expect(eventFor(lobby[0]!, HOST, around(s, lobby[0]!))).toMatchObject({ device: null, ipHash: null });
  });

  it('shows a ban to non-staff as a removal without reason, and a removal reason to staff and the removed', () => {
    // Bob is on the public record (he wrote in the chat), so everyone hears of his removal.
    const s = apply(fixture(), cmd({ type: 'chat_send', text: 'hello' }), ID.bob);
    const [ban] = eventsOf(s, cmd({ type: 'ban', participant: ID.bob, reason: 'raid' }), ID.mod);
    expect(eventFor(ban!, ALICE, around(s, ban!))).toEqual({ type: 'member_removed', participant: ID.bob, reason: null, at: T0, by: ID.mod });
    expect(eventFor(ban!, BOB, around(s, ban!))).toMatchObject({ type: 'member_removed', reason: null });
    expect(eventFor(ban!, MOD, around(s, ban!))).toMatchObject({ type: 'member_banned', reason: 'raid', device: null, ipHash: null });

    const [removal] = eventsOf(s, cmd({ type: 'remove', participant: ID.bob, reason: 'heckling' }), ID.mod);
    expect(eventFor(removal!, ALICE, around(s, removal!))).toMatchObject({ reason: null });
    expect(eventFor(removal!, BOB, around(s, removal!))).toMatchObject({ reason: 'heckling' });
    expect(eventFor(removal!, MOD, around(s, removal!))).toMatchObject({ reason: 'heckling' });
  });

  it('strips fingerprints from arrivals', () => {
    const open = apply(fixture(), cmd({ type: 'set_lobby', enabled: false }), ID.mod);
    const [joined] = eventsOf(open, joinCmd('s_new', 'speaker'), 'system');
    for (const v of VIEWERS) expect(eventFor(joined!, v, around(open, joined!))).toMatchObject({ device: null, ipHash: null });
  });
});

describe('format and doors are everyone\'s business', () => {
  it('sends format_changed and doors_opened to every viewer as they are', () => {
    const closed = { ...fixture(), settings: { ...fixture().settings, doorsOpen: false } };
    for (const [state, input] of [
      [fixture(), { type: 'set_format', format: 'conversation' }],
      [closed, { type: 'open_doors' }],
    ] as const) {
      const [event] = expectOk(attempt(state, cmd(input), ID.host));
      const ctx: EventContext = { before: state, after: evolve(state, event!) };
      for (const v of VIEWERS) {
        expect(eventFor(event!, v, ctx)).toEqual(event);
        expect(evolve(viewFor(state, v), eventFor(event!, v, ctx)!)).toEqual(viewFor(ctx.after, v));
      }
    }
  });
});

describe('presence for thousands: the audience sees the public record and a count', () => {
  // Bob is a plain participant who has done nothing yet; staff and speakers are listed by role.
  const open = () => apply(fixture(), cmd({ type: 'set_lobby', enabled: false }), ID.mod);

  it('lists every member for staff, and for everyone else only the listed ones and themselves', () => {
    const s = open();
    expect([...viewFor(s, MOD).members.identities()].sort()).toEqual([...s.members.identities()].sort());
    const bobs = viewFor(s, BOB).members;
    expect(bobs.get(ID.bob)).toBeDefined();
    expect(bobs.get(ID.alice)).toBeUndefined();
    for (const id of [ID.host, ID.mod, ID.speaker]) expect(bobs.get(id)).toBeDefined();
  });

  it('does not tell the audience about a silent participant arriving, and tells staff and the newcomer', () => {
    const s = open();
    const [joined] = expectOk(attempt(s, joinCmd('p_new', 'participant'), 'system'));
    const ctx = around(s, joined!);
    expect(eventFor(joined!, ALICE, ctx)).toBeNull();
    expect(eventFor(joined!, SPEAKER, ctx)).toBeNull();
    expect(audienceEventFor(joined!, ctx)).toBeNull();
    expect(eventFor(joined!, MOD, ctx)).toMatchObject({ type: 'member_joined', participant: 'p_new' });
    expect(eventFor(joined!, { identity: 'p_new', role: 'participant' }, ctx)).toMatchObject({ type: 'member_joined' });
  });

  it('brings the record of someone who goes on the record (a first hand), and only the first time', () => {
    const s = open();
    const [raised] = expectOk(attempt(s, cmd({ type: 'raise_hand' }), ID.bob));
    const shown = eventFor(raised!, ALICE, around(s, raised!)) as Extract<Event, { type: 'hand_raised' }>;
    expect(shown.member).toMatchObject({ identity: ID.bob, device: null, ipHash: null });
    expect(eventFor(raised!, MOD, around(s, raised!))).not.toHaveProperty('member');
    expect(eventFor(raised!, BOB, around(s, raised!))).not.toHaveProperty('member');
    const after = evolve(s, raised!);
    expect(after.members.get(ID.bob)!.listed).toBe(true);
    expect(toSnapshot(evolve(viewFor(s, ALICE), shown))).toEqual(toSnapshot(viewFor(after, ALICE)));

    const lowered = apply(after, cmd({ type: 'lower_hand' }), ID.bob);
    const [again] = expectOk(attempt(lowered, cmd({ type: 'raise_hand' }), ID.bob));
    expect(eventFor(again!, ALICE, around(lowered, again!))).not.toHaveProperty('member');
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
    const contexts: EventContext[][] = [];
    let now = T0;
    let accepted = 0;
    for (let i = 0; i < STEPS; i++) {
      now += r.int(20_000);
      const { command, actor } = randomStep(state, r, i >= STEPS - 10);
      const d = decide(state, command, { actor, now, id: `m${seed}-${i}` });
      const batch = d.ok ? d.events : [];
      if (batch.length) accepted++;
      const ctxs: EventContext[] = [];
      for (const e of batch) {
        const before = state;
        state = deepFreeze(evolve(state, e));
        ctxs.push({ before, after: state });
      }
      states.push(state);
      events.push(batch);
      contexts.push(ctxs);
    }
    return { states, events, contexts, accepted };
  }

  it.each(SEEDS)('seed %i', (seed) => {
    const { states, events, contexts, accepted } = run(seed);
    expect(accepted).toBeGreaterThan(STEPS / 5); // the walk must actually do things
    const final = states.at(-1)!;
    const all = events.flat();
    for (const e of all) expect(eventSchema.parse(e)).toEqual(e);
    expect(callSnapshotSchema.parse(toSnapshot(final))).toEqual(toSnapshot(final));
    states.forEach(checkInvariants);

    const viewers: Viewer[] = [...VIEWERS, { identity: 'p_n1', role: 'participant' }];
    for (const viewer of viewers) {
      // From the start, and from a snapshot taken part-way.
      for (const from of [0, Math.floor(STEPS / 2)]) {
        const ctxs = contexts.slice(from).flat();
        const visible = events.slice(from).flat().map((e, i) => eventFor(e, viewer, ctxs[i]!)).filter((e) => e !== null);
        for (const e of visible) expect(serverFrameSchema.parse({ type: 'event', seq: 1, event: e })).toBeTruthy();
        const folded = fold(viewFor(states[from]!, viewer), visible);
        // Compared in the wire form: a member introduced by an event comes later in the folded
        // state's order than in the server's, and order is not part of the state's meaning.
        expect(toSnapshot(folded)).toEqual(toSnapshot(viewFor(final, viewer)));
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
    expect(s.members.get(id)?.status).toBe('present');
    expect(s.members.get(id)?.role).not.toBe('speaker');
    expect(s.floor?.identity).not.toBe(id);
  }
  if (s.floor) {
    expect(s.members.get(s.floor.identity)?.status).toBe('present');
    expect(s.members.get(s.floor.identity)?.silenced).toBe(false);
  }
  for (const [id, w] of s.lobby) {
    expect(w.identity).toBe(id);
    expect(s.bans.get(id)).toBeUndefined();
    if (w.status === 'waiting') expect(s.members.get(id)?.status).not.toBe('present');
  }
  for (const id of [...s.bans.keys()]) {
    if (s.members.get(id)) expect(s.members.get(id)!.status).toBe('banned');
  }
  for (const m of [...s.members.values()]) {
    if (m.status === 'banned') expect(s.bans.get(m.identity)).toBeDefined();
  }
  const roles: Role[] = ['host', 'moderator', 'speaker', 'participant'];
  for (const m of [...s.members.values()]) expect(roles).toContain(m.role);
  // Whoever the suspension still holds silenced is silenced (unsilence takes them off the list).
  for (const id of s.suspended?.silencedBySuspend ?? []) expect(s.members.get(id)?.silenced).toBe(true);
}

import { describe, expect, it } from 'vitest';
import type { Lane, QueuePolicy } from '../../protocol/primitives';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, script, T0 } from '../../testing/fixtures';
import type { CallState } from '../state';

const raise = (s: CallState, who: string, lane: Lane = 'speak', now = T0) =>
  apply(s, cmd({ type: 'raise_hand', lane }), who, now);
const order = (s: CallState) => s.queue.map((e) => e.identity);
/** Give each of `who` a turn, so the progressive policy treats them as having spoken. */
const hadTurn = (s: CallState, ...who: string[]) =>
  who.reduce((acc, id) => apply(apply(acc, cmd({ type: 'grant_floor', participant: id }), ID.mod), cmd({ type: 'end_floor' }), ID.mod), s);

describe('queue order on raise', () => {
  const cases: Array<{
    name: string;
    policy: QueuePolicy;
    spoke?: string[];
    raises: Array<[string, Lane]>;
    expected: string[];
  }> = [
    {
      name: 'fifo: one lane keeps the order of raising',
      policy: 'fifo',
      raises: [[ID.alice, 'speak'], [ID.bob, 'speak'], [ID.carol, 'speak']],
      expected: [ID.alice, ID.bob, ID.carol],
    },
    {
      name: 'fifo: point of order before direct response before speak, fifo inside each',
      policy: 'fifo',
      raises: [
        [ID.alice, 'speak'],
        [ID.bob, 'direct_response'],
        [ID.carol, 'point_of_order'],
        [ID.dave, 'speak'],
        [ID.mod2, 'direct_response'],
        [ID.host2, 'point_of_order'],
      ],
      expected: [ID.carol, ID.host2, ID.bob, ID.mod2, ID.alice, ID.dave],
    },
    {
      name: 'fifo ignores who has spoken before',
      policy: 'fifo',
      spoke: [ID.alice],
      raises: [[ID.alice, 'speak'], [ID.bob, 'speak']],
      expected: [ID.alice, ID.bob],
    },
    {
      name: 'progressive: people who have not spoken go before those who have',
      policy: 'progressive',
      spoke: [ID.alice, ID.bob],
      raises: [[ID.alice, 'speak'], [ID.bob, 'speak'], [ID.carol, 'speak'], [ID.dave, 'speak']],
      expected: [ID.carol, ID.dave, ID.alice, ID.bob],
    },
    {
      name: 'progressive: lanes still come first, then the not-yet-spoken inside each lane',
      policy: 'progressive',
      spoke: [ID.alice, ID.carol],
      raises: [
        [ID.alice, 'direct_response'],
        [ID.bob, 'speak'],
        [ID.carol, 'point_of_order'],
        [ID.dave, 'direct_response'],
      ],
      expected: [ID.carol, ID.dave, ID.alice, ID.bob],
    },
  ];

  it.each(cases)('$name', ({ policy, spoke = [], raises, expected }) => {
    let s = hadTurn(fixture({ queuePolicy: policy }), ...spoke);
    raises.forEach(([who, lane], i) => (s = raise(s, who, lane, T0 + 1000 * (i + 1))));
    expect(order(s)).toEqual(expected);
    // The event carries the position the rules gave, so the log replays without the rules.
    expect(s.queue.find((e) => e.identity === raises[0]![0])!.raisedAt).toBe(T0 + 1000);
  });

  it('emits the position in hand_raised', () => {
    const s = raise(raise(fixture(), ID.alice), ID.bob);
    const events = expectOk(attempt(s, cmd({ type: 'raise_hand', lane: 'point_of_order' }), ID.carol));
    expect(events).toEqual([
      { type: 'hand_raised', participant: ID.carol, lane: 'point_of_order', position: 0, at: T0, by: ID.carol },
    ]);
  });
});

describe('who may raise', () => {
  it.each([
    ['a second raise', (s: CallState) => raise(s, ID.alice), ID.alice, 'already_in_queue'],
    ['a speaker (always on stage)', (s: CallState) => s, ID.speaker, 'forbidden'],
    [
      'the floor holder',
      (s: CallState) => apply(s, cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod),
      ID.alice,
      'on_stage',
    ],
    ['a silenced person', (s: CallState) => apply(s, cmd({ type: 'silence', participant: ID.alice }), ID.mod), ID.alice, 'silenced'],
  ] as const)('refuses %s', (_name, prepare, who, code) => {
    expect(errorCode(attempt(prepare(fixture()), cmd({ type: 'raise_hand' }), who))).toBe(code);
  });

  it('lets hosts and moderators queue like everyone else', () => {
    const s = raise(raise(fixture(), ID.host), ID.mod);
    expect(order(s)).toEqual([ID.host, ID.mod]);
  });
});

describe('lowering and moving', () => {
  const base = () => [ID.alice, ID.bob, ID.carol, ID.dave].reduce((s, id) => raise(s, id), fixture());

  it('lower_hand removes only your own hand; not_in_queue otherwise', () => {
    const s = apply(base(), cmd({ type: 'lower_hand' }), ID.bob);
    expect(order(s)).toEqual([ID.alice, ID.carol, ID.dave]);
    expect(errorCode(attempt(s, cmd({ type: 'lower_hand' }), ID.bob))).toBe('not_in_queue');
  });

  it('dismiss_hand and lower_all_hands', () => {
    let s = apply(base(), cmd({ type: 'dismiss_hand', participant: ID.carol }), ID.mod);
    expect(order(s)).toEqual([ID.alice, ID.bob, ID.dave]);
    expect(errorCode(attempt(s, cmd({ type: 'dismiss_hand', participant: ID.carol }), ID.mod))).toBe('not_in_queue');
    s = apply(s, cmd({ type: 'lower_all_hands' }), ID.mod);
    expect(s.queue).toEqual([]);
    expect(expectOk(attempt(s, cmd({ type: 'lower_all_hands' }), ID.mod))).toEqual([]);
  });

  it.each([
    [ID.dave, 0, [ID.dave, ID.alice, ID.bob, ID.carol]],
    [ID.alice, 2, [ID.bob, ID.carol, ID.alice, ID.dave]],
    [ID.alice, 99, [ID.bob, ID.carol, ID.dave, ID.alice]], // clamped to the end
  ] as const)('move_in_queue %s to %i', (who, position, expected) => {
    const s = apply(base(), cmd({ type: 'move_in_queue', participant: who, position }), ID.mod);
    expect(order(s)).toEqual(expected);
  });

  it('move to the same place changes nothing; unknown hand is not_in_queue', () => {
    expect(expectOk(attempt(base(), cmd({ type: 'move_in_queue', participant: ID.alice, position: 0 }), ID.mod))).toEqual([]);
    expect(errorCode(attempt(base(), cmd({ type: 'move_in_queue', participant: ID.host2, position: 0 }), ID.mod))).toBe(
      'not_in_queue',
    );
  });

  it("a manual move is respected by later raisers (they don't jump ahead of the moved entry's group)", () => {
    // dave moved to the top; a new speak-lane hand goes to the end, a point of order to the front.
    let s = apply(base(), cmd({ type: 'move_in_queue', participant: ID.dave, position: 0 }), ID.mod);
    s = raise(s, ID.host2, 'speak');
    s = raise(s, ID.mod2, 'point_of_order');
    expect(order(s)).toEqual([ID.mod2, ID.dave, ID.alice, ID.bob, ID.carol, ID.host2]);
  });
});

describe('set_queue_policy', () => {
  it('re-sorts stably: progressive moves the already-heard back, keeping their relative order', () => {
    let s = hadTurn(fixture(), ID.alice, ID.carol);
    s = script(s, [
      [cmd({ type: 'raise_hand' }), ID.alice],
      [cmd({ type: 'raise_hand' }), ID.bob],
      [cmd({ type: 'raise_hand' }), ID.carol],
      [cmd({ type: 'raise_hand', lane: 'direct_response' }), ID.dave],
    ]);
    expect(order(s)).toEqual([ID.dave, ID.alice, ID.bob, ID.carol]);
    s = apply(s, cmd({ type: 'set_queue_policy', policy: 'progressive' }), ID.mod);
    expect(s.settings.queuePolicy).toBe('progressive');
    expect(order(s)).toEqual([ID.dave, ID.bob, ID.alice, ID.carol]);
    // Back to fifo: nothing out of lane order, so the current order stays.
    s = apply(s, cmd({ type: 'set_queue_policy', policy: 'fifo' }), ID.mod);
    expect(order(s)).toEqual([ID.dave, ID.bob, ID.alice, ID.carol]);
  });

  it('fifo re-sort puts manually moved entries back into their lane', () => {
    let s = script(fixture(), [
      [cmd({ type: 'raise_hand', lane: 'point_of_order' }), ID.alice],
      [cmd({ type: 'raise_hand' }), ID.bob],
      [cmd({ type: 'move_in_queue', participant: ID.bob, position: 0 }), ID.mod],
      [cmd({ type: 'set_queue_policy', policy: 'progressive' }), ID.mod],
    ]);
    expect(order(s)).toEqual([ID.alice, ID.bob]);
    s = apply(s, cmd({ type: 'set_queue_policy', policy: 'fifo' }), ID.mod);
    expect(expectOk(attempt(s, cmd({ type: 'set_queue_policy', policy: 'fifo' }), ID.mod))).toEqual([]);
  });
});

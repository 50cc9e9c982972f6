import { describe, expect, it } from 'vitest';
import type { Event } from '../../protocol/events';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID, joinCmd } from '../../testing/fixtures';
import { voteResult } from '../ballots';
import { eventFor } from '../visibility';
import type { CallState, Vote } from '../state';

const open = (s: CallState, over: Record<string, unknown> = {}) =>
  apply(s, cmd({ type: 'open_vote', title: 'Adopt', kind: 'yes_no', roll: 'present', secret: false, threshold: 'majority_cast', ...over } as never), ID.host);
const voteOf = (s: CallState) => s.votes.at(-1)!;
const ballot = (s: CallState, who: string, choices: number[]) => attempt(s, cmd({ type: 'cast_ballot', voteId: voteOf(s).id, choices }), who);

describe('votes', () => {
  it('one named ballot per voter; the choice reaches the voter only, the mark staff too', () => {
    let s = open(fixture());
    const d = ballot(s, ID.alice, [0]);
    const [e] = expectOk(d) as [Event];
    s = apply(s, cmd({ type: 'cast_ballot', voteId: voteOf(s).id, choices: [0] }), ID.alice);
    expect(errorCode(ballot(s, ID.alice, [1]))).toBe('already_voted');
    const ctx = { before: s, after: s };
    expect(eventFor(e, { identity: ID.alice, role: 'participant' }, ctx)).toMatchObject({ choices: [0] });
    expect(eventFor(e, { identity: ID.host, role: 'host' }, ctx)).not.toHaveProperty('choices');
    expect(eventFor(e, { identity: ID.bob, role: 'participant' }, ctx)).toBeNull();
  });

  it.each([
    [[1, 2], 'invalid'],
    [[3], 'invalid'],
    [[], 'invalid'],
  ])('a yes/no ballot %j is refused with %s', (choices, code) => {
    expect(errorCode(ballot(open(fixture()), ID.alice, choices))).toBe(code);
  });

  it('a secret ballot never becomes an event through decide (the ballot box takes it)', () => {
    expect(errorCode(ballot(open(fixture(), { secret: true }), ID.alice, [0]))).toBe('invalid');
  });

  it('seal_ballots: sorted, on the roll, not voted, tally that adds up', () => {
    const s = open(fixture(), { secret: true });
    const id = voteOf(s).id;
    const seal = (voters: string[], tally: number[]) => attempt(s, { type: 'seal_ballots', voteId: id, voters, tally }, 'system');
    expect(errorCode(seal([ID.bob, ID.alice], [2, 0, 0]))).toBe('invalid'); // not sorted
    expect(errorCode(seal([ID.alice, ID.bob], [1, 0, 0]))).toBe('invalid'); // tally short
    expect(errorCode(seal(['p_stranger'], [1, 0, 0]))).toBe('not_on_roll');
    const events = expectOk(seal([ID.alice, ID.bob], [1, 1, 0]));
    expect(events).toMatchObject([{ type: 'ballots_sealed', marks: [{ participant: ID.alice }, { participant: ID.bob }], ballots: 2, tally: [1, 1, 0] }]);
    expect(events.some((e) => 'choices' in e)).toBe(false);
    // Each voter's copy holds their own mark only, nobody's copy the tally.
    const after = apply(s, { type: 'seal_ballots', voteId: id, voters: [ID.alice, ID.bob], tally: [1, 1, 0] }, 'system');
    const ctx = { before: s, after };
    expect(eventFor(events[0]!, { identity: ID.alice, role: 'participant' }, ctx)).toEqual({ ...events[0], marks: [{ participant: ID.alice, key: ID.alice }], tally: undefined });
    expect(eventFor(events[0]!, { identity: ID.carol, role: 'participant' }, ctx)).toBeNull();
    expect(eventFor(events[0]!, { identity: ID.host, role: 'host' }, ctx)).not.toHaveProperty('tally');
  });

  it('registered and delegate rolls; one ballot per organization at its weight; latecomers join the roll', () => {
    const org = { id: 'green', name: 'Green', weight: 4 };
    // The fixture's lobby is on: newcomers wait, then are let in.
    const arrive = (st: CallState, id: string, extra: object) =>
      apply(apply(st, joinCmd(id, 'participant', extra), 'system'), cmd({ type: 'admit', participant: id }), ID.host);
    let s = fixture();
    s = arrive(s, 'p_g1', { org, registered: true });
    s = arrive(s, 'p_reg', { registered: true });
    const reg = open(s, { roll: 'registered' });
    expect(voteOf(reg).entries).toEqual({ p_g1: 1, p_reg: 1 });
    expect(errorCode(ballot(reg, ID.alice, [0]))).toBe('not_on_roll');
    let del = open(s, { roll: 'delegates' });
    expect(voteOf(del).entries).toEqual({ 'org:green': 4 });
    del = arrive(del, 'p_g2', { org, registered: true });
    del = apply(del, cmd({ type: 'cast_ballot', voteId: voteOf(del).id, choices: [0] }), 'p_g2');
    expect(errorCode(ballot(del, 'p_g1', [1]))).toBe('already_voted');
    del = apply(del, cmd({ type: 'close_vote', voteId: voteOf(del).id }), ID.host);
    expect(voteOf(del).result).toMatchObject({ tally: [4, 0, 0], weightCast: 4, rollWeight: 4, outcome: 'adopted' });
  });

  const vote = (over: Partial<Vote>): Vote => ({ ...voteOf(open(fixture())), entries: { a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 }, ...over });
  it.each([
    ['majority_cast', [3, 2, 1], 'adopted'],
    ['majority_cast', [2, 2, 2], 'rejected'],
    ['two_thirds', [4, 2, 0], 'adopted'],
    ['two_thirds', [3, 2, 1], 'rejected'],
    ['majority_roll', [3, 0, 3], 'rejected'],
    ['majority_roll', [4, 1, 1], 'adopted'],
  ] as const)('%s with %j -> %s', (threshold, tally, outcome) => {
    expect(voteResult(vote({ threshold }), tally, 6, 6).outcome).toBe(outcome);
  });

  it('a quorum counts abstentions and fails below its share of the roll', () => {
    expect(voteResult(vote({ quorum: 50 }), [1, 0, 2], 3, 3)).toMatchObject({ quorumMet: true, outcome: 'adopted' });
    expect(voteResult(vote({ quorum: 51 }), [1, 0, 2], 3, 3)).toMatchObject({ quorumMet: false, outcome: 'no_quorum' });
  });

  it('candidates: the best up to k that pass the threshold', () => {
    const v = vote({ kind: 'candidates', options: ['Ana', 'Ben', 'Cleo'], maxChoices: 2 });
    expect(voteResult(v, [5, 4, 1], 6, 6)).toMatchObject({ outcome: 'elected', elected: [0, 1] });
    expect(voteResult(v, [3, 2, 1], 6, 6)).toMatchObject({ outcome: 'none_elected', elected: [] });
  });

  it('a moderator cancels; nobody votes after the close', () => {
    let s = open(fixture());
    const id = voteOf(s).id;
    expect(errorCode(attempt(s, cmd({ type: 'cancel_vote', voteId: id }), ID.alice))).toBe('forbidden');
    s = apply(s, cmd({ type: 'cancel_vote', voteId: id }), ID.mod);
    expect(voteOf(s).status).toBe('cancelled');
    expect(errorCode(ballot(s, ID.alice, [0]))).toBe('not_open');
  });
});

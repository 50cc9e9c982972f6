import { describe, expect, it } from 'vitest';
import { apply, attempt, cmd, errorCode, expectOk, fixture, ID } from '../../testing/fixtures';
import { eventFor, viewFor } from '../visibility';
import type { CallState } from '../state';

const withPoll = (live = false) => apply(fixture(), cmd({ type: 'open_poll', question: 'Topic?', options: ['Housing', 'Transit'], live }), ID.mod);
const pollId = (s: CallState) => s.polls.at(-1)!.id;
const answer = (s: CallState, who: string, option: number) => apply(s, cmd({ type: 'answer_poll', pollId: pollId(s), option }), who);

describe('quick polls', () => {
  it('one answer per person that may change until the close; the close counts and pins', () => {
    let s = withPoll();
    s = answer(s, ID.alice, 0);
    s = answer(s, ID.bob, 0);
    s = answer(s, ID.bob, 1);
    expect(errorCode(attempt(s, cmd({ type: 'open_poll', question: 'Another?' }), ID.mod))).toBe('invalid');
    s = apply(s, cmd({ type: 'close_poll', pollId: pollId(s) }), ID.mod);
    expect(s.polls.at(-1)).toMatchObject({ status: 'closed', pinned: true, result: { counts: [1, 1], answered: 2 } });
    expect(errorCode(attempt(s, cmd({ type: 'answer_poll', pollId: pollId(s), option: 0 }), ID.carol))).toBe('not_open');
  });

  it('an answer is seen by the person who gave it only, hosts included', () => {
    const s = answer(withPoll(), ID.alice, 1);
    expect(viewFor(s, { identity: ID.alice, role: 'participant' }).polls[0]!.answers).toEqual({ [ID.alice]: 1 });
    expect(viewFor(s, { identity: ID.host, role: 'host' }).polls[0]!.answers).toEqual({});
    const [e] = expectOk(attempt(s, cmd({ type: 'answer_poll', pollId: pollId(s), option: 0 }), ID.alice));
    expect(eventFor(e!, { identity: ID.host, role: 'host' }, { before: s, after: s })).toBeNull();
  });

  it('without options: yes / no / abstain', () => {
    const s = apply(fixture(), cmd({ type: 'open_poll', question: 'Agree?' }), ID.host);
    expect(s.polls.at(-1)!.options).toEqual(['Yes', 'No', 'Abstain']);
  });
});

describe('questions', () => {
  const asked = (anonymous: boolean) => apply(fixture(), cmd({ type: 'ask_question', text: 'Rent caps?', anonymous }), ID.alice);
  const qid = (s: CallState) => s.questions.at(-1)!.id;

  it('an anonymous asker is known to staff only (not even through the event\'s `by`)', () => {
    const before = fixture();
    const [e] = expectOk(attempt(before, cmd({ type: 'ask_question', text: 'Rent caps?', anonymous: true }), ID.alice));
    const s = apply(before, cmd({ type: 'ask_question', text: 'Rent caps?', anonymous: true }), ID.alice);
    expect(JSON.stringify(eventFor(e!, { identity: ID.bob, role: 'participant' }, { before, after: s }))).not.toContain(ID.alice);
    expect(eventFor(e!, { identity: ID.mod, role: 'moderator' }, { before, after: s })).toMatchObject({ by: ID.alice, asker: ID.alice });
    expect(viewFor(s, { identity: ID.bob, role: 'participant' }).questions[0]).toMatchObject({ asker: null, askerName: null });
    expect(viewFor(s, { identity: ID.mod, role: 'moderator' }).questions[0]).toMatchObject({ asker: ID.alice });
  });

  it('one upvote per person', () => {
    let s = asked(false);
    s = apply(s, cmd({ type: 'upvote_question', questionId: qid(s) }), ID.bob);
    expect(errorCode(attempt(s, cmd({ type: 'upvote_question', questionId: qid(s) }), ID.bob))).toBe('already_voted');
    expect(Object.keys(s.questions[0]!.upvoters)).toEqual([ID.bob]);
  });

  it('invite the asker into the queue or onto the floor', () => {
    const s = asked(true);
    expect(expectOk(attempt(s, cmd({ type: 'invite_asker', questionId: qid(s), to: 'queue' }), ID.mod)).map((e) => e.type)).toEqual(['hand_raised']);
    const floor = apply(s, cmd({ type: 'invite_asker', questionId: qid(s), to: 'floor' }), ID.mod);
    expect(floor.floor?.identity).toBe(ID.alice);
  });

  it('a troll cannot flood: five waiting questions per person', () => {
    let s = fixture();
    for (let i = 0; i < 5; i++) s = apply(s, cmd({ type: 'ask_question', text: `spam ${i}` }), ID.bob);
    expect(errorCode(attempt(s, cmd({ type: 'ask_question', text: 'spam 6' }), ID.bob))).toBe('rate_limited');
  });
});

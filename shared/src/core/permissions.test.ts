// The authorization matrix, generated from COMMAND_ROLES: every command x every role (and the
// system), each either accepted with real events or refused as `forbidden`. A command added to
// the protocol without a row here fails to compile (CASES is keyed by CommandType).
import { describe, expect, it } from 'vitest';
import type { WireCommandInput } from '../protocol/commands';
import { ROLES, type Actor, type Role } from '../protocol/primitives';
import { WIRE_COMMAND_TYPES } from '../protocol/commands';
import { ACTOR_OF_ROLE, apply, attempt, cmd, errorCode, fixture, ID, joinCmd, T0 } from '../testing/fixtures';
import type { Command } from './decide';
import { COMMAND_ROLES, OUTRANK_COMMANDS, outranks, roleMayIssue, type CommandType } from './permissions';
import type { CallState } from './state';

interface Case {
  /** Bring the fixture to where this command makes sense for `actor`. */
  prepare?: (s: CallState, actor: Actor) => CallState;
  command: (s: CallState) => Command;
  now?: number;
}

/** Run as someone allowed, ignoring a refusal (the role under test may not be allowed to). */
const tryApply = (s: CallState, c: Command, actor: Actor): CallState => {
  try {
    return apply(s, c, actor);
  } catch {
    return s;
  }
};
const w = (input: WireCommandInput) => () => cmd(input);
const byHost = (input: WireCommandInput) => (s: CallState) => apply(s, cmd(input), ID.host);

const CASES: Record<CommandType, Case> = {
  raise_hand: { command: w({ type: 'raise_hand' }) },
  lower_hand: { prepare: (s, a) => tryApply(s, cmd({ type: 'raise_hand' }), a), command: w({ type: 'lower_hand' }) },
  report: { command: w({ type: 'report', participant: ID.bob, reason: 'slurs in chat' }) },
  chat_send: { command: w({ type: 'chat_send', text: 'hello' }) },
  appoint_captioner: { command: w({ type: 'appoint_captioner', participant: ID.bob }) },
  dismiss_captioner: { prepare: byHost({ type: 'appoint_captioner', participant: ID.bob }), command: w({ type: 'dismiss_captioner', participant: ID.bob }) },
  // Every role may send a line once the host made them captioner (decide checks the appointment).
  caption: {
    prepare: (s, a) => (a === 'system' ? s : tryApply(s, cmd({ type: 'appoint_captioner', participant: a }), ID.host)),
    command: w({ type: 'caption', text: 'We move to the vote.' }),
  },
  grant_floor: { command: w({ type: 'grant_floor', participant: ID.bob }) },
  next_speaker: { prepare: (s) => apply(s, cmd({ type: 'raise_hand' }), ID.bob), command: w({ type: 'next_speaker' }) },
  end_floor: { prepare: byHost({ type: 'grant_floor', participant: ID.bob }), command: w({ type: 'end_floor' }) },
  extend_floor: { prepare: byHost({ type: 'grant_floor', participant: ID.bob }), command: w({ type: 'extend_floor', seconds: 30 }) },
  move_in_queue: {
    prepare: (s) => apply(apply(s, cmd({ type: 'raise_hand' }), ID.bob), cmd({ type: 'raise_hand' }), ID.carol),
    command: w({ type: 'move_in_queue', participant: ID.bob, position: 1 }),
  },
  dismiss_hand: { prepare: (s) => apply(s, cmd({ type: 'raise_hand' }), ID.bob), command: w({ type: 'dismiss_hand', participant: ID.bob }) },
  lower_all_hands: { prepare: (s) => apply(s, cmd({ type: 'raise_hand' }), ID.bob), command: w({ type: 'lower_all_hands' }) },
  set_queue_policy: { command: w({ type: 'set_queue_policy', policy: 'progressive' }) },
  set_speaking_limit: { command: w({ type: 'set_speaking_limit', seconds: 60 }) },
  mute: { command: w({ type: 'mute', participant: ID.bob }) },
  mute_all: { command: w({ type: 'mute_all' }) },
  silence: { command: w({ type: 'silence', participant: ID.bob }) },
  unsilence: { prepare: byHost({ type: 'silence', participant: ID.bob }), command: w({ type: 'unsilence', participant: ID.bob }) },
  camera_off: { command: w({ type: 'camera_off', participant: ID.bob }) },
  camera_on: { prepare: byHost({ type: 'camera_off', participant: ID.bob }), command: w({ type: 'camera_on', participant: ID.bob }) },
  remove: { command: w({ type: 'remove', participant: ID.bob }) },
  ban: { command: w({ type: 'ban', participant: ID.bob, reason: 'raid' }) },
  unban: { prepare: byHost({ type: 'ban', participant: ID.bob, reason: 'raid' }), command: w({ type: 'unban', participant: ID.bob }) },
  admit: { command: w({ type: 'admit', participant: ID.waiter }) },
  deny: { command: w({ type: 'deny', participant: ID.waiter }) },
  admit_all: { command: w({ type: 'admit_all' }) },
  set_lock: { command: w({ type: 'set_lock', locked: true }) },
  set_lobby: { command: w({ type: 'set_lobby', enabled: false }) },
  suspend: { command: w({ type: 'suspend' }) },
  restore: { prepare: byHost({ type: 'suspend' }), command: w({ type: 'restore' }) },
  end_call: { command: w({ type: 'end_call' }) },
  set_format: { command: w({ type: 'set_format', format: 'conversation' }) },
  set_floor_screen_share: { command: w({ type: 'set_floor_screen_share', enabled: true }) },
  open_doors: {
    // An announced call before its start: the doors are closed.
    prepare: (s) => ({ ...s, settings: { ...s.settings, doorsOpen: false } }),
    command: w({ type: 'open_doors' }),
  },
  promote: { command: w({ type: 'promote', participant: ID.bob }) },
  demote: { command: w({ type: 'demote', participant: ID.speaker2 }) },
  appoint_moderator: { command: w({ type: 'appoint_moderator', participant: ID.bob }) },
  dismiss_moderator: { command: w({ type: 'dismiss_moderator', participant: ID.mod2 }) },
  rename: { command: w({ type: 'rename', participant: ID.bob, name: 'Robert' }) },
  chat_delete: {
    prepare: (s) => apply(s, cmd({ type: 'chat_send', text: 'spam' }), ID.bob),
    command: (s) => cmd({ type: 'chat_delete', messageId: s.chat.at(-1)!.id }),
  },
  chat_mute: { command: w({ type: 'chat_mute', participant: ID.bob }) },
  chat_unmute: { prepare: byHost({ type: 'chat_mute', participant: ID.bob }), command: w({ type: 'chat_unmute', participant: ID.bob }) },
  set_chat: { command: w({ type: 'set_chat', enabled: false }) },
  open_poll: { command: w({ type: 'open_poll', question: 'Next topic?', options: ['Housing', 'Transit'] }) },
  answer_poll: { prepare: byHost({ type: 'open_poll', question: 'Agree?' }), command: (s) => cmd({ type: 'answer_poll', pollId: s.polls.at(-1)!.id, option: 0 }) },
  close_poll: { prepare: byHost({ type: 'open_poll', question: 'Agree?' }), command: (s) => cmd({ type: 'close_poll', pollId: s.polls.at(-1)!.id }) },
  unpin_poll: {
    prepare: (s) => {
      const opened = apply(s, cmd({ type: 'open_poll', question: 'Agree?' }), ID.host);
      return apply(opened, cmd({ type: 'close_poll', pollId: opened.polls.at(-1)!.id }), ID.host);
    },
    command: (s) => cmd({ type: 'unpin_poll', pollId: s.polls.at(-1)!.id }),
  },
  open_vote: { command: w({ type: 'open_vote', title: 'Adopt the platform', kind: 'yes_no', roll: 'present', secret: true, threshold: 'majority_cast' }) },
  // A named vote: a secret ballot goes through the server's ballot box, not through decide.
  cast_ballot: {
    prepare: byHost({ type: 'open_vote', title: 'Adopt', kind: 'yes_no', roll: 'present', secret: false, threshold: 'majority_cast' }),
    command: (s) => cmd({ type: 'cast_ballot', voteId: s.votes.at(-1)!.id, choices: [0] }),
  },
  close_vote: {
    prepare: byHost({ type: 'open_vote', title: 'Adopt', kind: 'yes_no', roll: 'present', secret: true, threshold: 'majority_cast' }),
    command: (s) => cmd({ type: 'close_vote', voteId: s.votes.at(-1)!.id }),
  },
  cancel_vote: {
    prepare: byHost({ type: 'open_vote', title: 'Adopt', kind: 'yes_no', roll: 'present', secret: true, threshold: 'majority_cast' }),
    command: (s) => cmd({ type: 'cancel_vote', voteId: s.votes.at(-1)!.id }),
  },
  seal_ballots: {
    prepare: byHost({ type: 'open_vote', title: 'Adopt', kind: 'yes_no', roll: 'present', secret: true, threshold: 'majority_cast' }),
    command: (s) => ({ type: 'seal_ballots', voteId: s.votes.at(-1)!.id, voters: [ID.bob, ID.carol], tally: [1, 0, 1] }),
  },
  ask_question: { command: w({ type: 'ask_question', text: 'What about rent?' }) },
  upvote_question: {
    prepare: (s) => apply(s, cmd({ type: 'ask_question', text: 'What about rent?' }), ID.bob),
    command: (s) => cmd({ type: 'upvote_question', questionId: s.questions.at(-1)!.id }),
  },
  hide_question: {
    prepare: (s) => apply(s, cmd({ type: 'ask_question', text: 'spam' }), ID.bob),
    command: (s) => cmd({ type: 'hide_question', questionId: s.questions.at(-1)!.id, hidden: true }),
  },
  pin_question: {
    prepare: (s) => apply(s, cmd({ type: 'ask_question', text: 'Rent?' }), ID.bob),
    command: (s) => cmd({ type: 'pin_question', questionId: s.questions.at(-1)!.id, pinned: true }),
  },
  mark_answered: {
    prepare: (s) => apply(s, cmd({ type: 'ask_question', text: 'Rent?' }), ID.bob),
    command: (s) => cmd({ type: 'mark_answered', questionId: s.questions.at(-1)!.id }),
  },
  invite_asker: {
    prepare: (s) => apply(s, cmd({ type: 'ask_question', text: 'Rent?' }), ID.bob),
    command: (s) => cmd({ type: 'invite_asker', questionId: s.questions.at(-1)!.id, to: 'queue' }),
  },
  raise_shield: { command: w({ type: 'raise_shield', window: '2m' }) },
  // Up, holding nobody of the fixture (a shield raised by hand would move the participant actor).
  lift_shield: { prepare: (s) => ({ ...s, shield: { since: T0 + 1, raisedAt: T0, window: 'since' } }), command: w({ type: 'lift_shield' }) },
  ban_many: { command: w({ type: 'ban_many', participants: [ID.bob, ID.carol], reason: 'raid' }) },
  set_flood_controls: { command: w({ type: 'set_flood_controls', slowModeSec: 10 }) },
  set_auto_shield: { command: w({ type: 'set_auto_shield', enabled: true }) },
  chat_approve: {
    prepare: (s) => apply(byHost({ type: 'set_flood_controls', holdLinks: true })(s), cmd({ type: 'chat_send', text: 'see evil.example.com' }), ID.bob),
    command: (s) => cmd({ type: 'chat_approve', messageId: s.heldChat[0]!.id }),
  },
  chat_reject: {
    prepare: (s) => apply(byHost({ type: 'set_flood_controls', holdLinks: true })(s), cmd({ type: 'chat_send', text: 'see evil.example.com' }), ID.bob),
    command: (s) => cmd({ type: 'chat_reject', messageId: s.heldChat[0]!.id }),
  },
  join: { command: () => joinCmd('p_newcomer', 'participant') },
  leave: { command: () => ({ type: 'leave', identity: ID.bob }) },
  expel: { command: () => ({ type: 'expel', identity: ID.bob, reason: 'invitation revoked' }) },
  close_call: { command: () => ({ type: 'close_call' }) },
  lift_ban: { prepare: byHost({ type: 'ban', participant: ID.bob, reason: 'raid' }), command: () => ({ type: 'lift_ban', identity: ID.bob }) },
  warn_floor: {
    prepare: byHost({ type: 'grant_floor', participant: ID.bob }),
    command: () => ({ type: 'warn_floor', grantedAt: T0 }),
    now: T0 + 105_000,
  },
  expire_floor: {
    prepare: byHost({ type: 'grant_floor', participant: ID.bob }),
    command: () => ({ type: 'expire_floor', grantedAt: T0 }),
    now: T0 + 120_000,
  },
  flag_spike: { command: () => ({ type: 'flag_spike', since: T0, arrivals: 60, baseline: 2 }) },
};

const ALL_TYPES = Object.keys(COMMAND_ROLES) as CommandType[];
const ACTORS: Array<[label: string, actor: Actor, role: Role | 'system']> = [
  ...ROLES.map((r): [string, Actor, Role] => [r, ACTOR_OF_ROLE[r], r]),
  ['system', 'system', 'system'],
];

const matrix = ALL_TYPES.flatMap((type) =>
  ACTORS.map(([label, actor, role]) => {
    const rule = COMMAND_ROLES[type];
    const allowed = rule === 'system' ? role === 'system' : role !== 'system' && (rule as readonly Role[]).includes(role);
    return { type, label, actor, allowed };
  }),
);

describe('authorization matrix (from COMMAND_ROLES)', () => {
  it.each(matrix)('$type by $label -> allowed: $allowed', ({ type, actor, allowed }) => {
    const c = CASES[type];
    const s = c.prepare ? c.prepare(fixture(), actor) : fixture();
    const d = attempt(s, c.command(s), actor, c.now ?? T0);
    if (allowed) {
      expect(d).toMatchObject({ ok: true });
      expect(d.ok && d.events.length).toBeGreaterThan(0);
    } else {
      expect(errorCode(d)).toBe('forbidden');
    }
  });

  it('has a case for every command type and every wire command in the table', () => {
    expect(Object.keys(CASES).sort()).toEqual([...ALL_TYPES].sort());
    for (const t of WIRE_COMMAND_TYPES) expect(COMMAND_ROLES[t]).not.toBe('system');
  });
});

describe('who may act at all', () => {
  const wireTypes = ALL_TYPES.filter((t) => COMMAND_ROLES[t] !== 'system');

  it.each(wireTypes)('%s: refused for a waiter, a stranger, someone who left, and after the end', (type) => {
    const c = CASES[type];
    const base = c.prepare ? c.prepare(fixture(), ID.host) : fixture();
    const command = c.command(base);
    expect(errorCode(attempt(base, command, ID.waiter))).toBe('in_lobby');
    expect(errorCode(attempt(base, command, 'p_stranger'))).toBe('not_a_member');
    const left = apply(base, { type: 'leave', identity: ID.host }, 'system');
    expect(errorCode(attempt(left, command, ID.host))).toBe('forbidden');
    const ended = apply(fixture(), cmd({ type: 'end_call' }), ID.host);
    expect(errorCode(attempt(ended, command, ID.host))).toBe('call_ended');
  });

  it('refuses a removed or banned person', () => {
    let s = apply(fixture(), cmd({ type: 'remove', participant: ID.bob }), ID.mod);
    expect(errorCode(attempt(s, cmd({ type: 'raise_hand' }), ID.bob))).toBe('forbidden');
    s = apply(s, cmd({ type: 'ban', participant: ID.bob, reason: 'raid' }), ID.mod);
    expect(errorCode(attempt(s, cmd({ type: 'chat_send', text: 'hi' }), ID.bob))).toBe('forbidden');
  });
});

describe('rank', () => {
  it.each([
    ['host', 'moderator', true],
    ['host', 'host', false],
    ['moderator', 'moderator', false],
    ['moderator', 'speaker', true],
    ['moderator', 'host', false],
    ['speaker', 'participant', true],
    ['participant', 'participant', false],
  ] as const)('%s outranks %s: %s', (a, b, expected) => expect(outranks(a, b)).toBe(expected));

  // For each command on a person: moderator on moderator, moderator on host and host on host are
  // refused; host on moderator passes the rank check (it may still fail for another reason).
  const rows = OUTRANK_COMMANDS.flatMap((type) =>
    (
      [
        [ID.mod, ID.mod2, true],
        [ID.mod, ID.host, true],
        [ID.host, ID.host2, true],
        [ID.host, ID.mod2, false],
      ] as const
    ).map(([actor, target, refused]) => ({ type, actor, target, refused })),
  );

  it.each(rows)('$type by $actor on $target -> outranked: $refused', ({ type, actor, target, refused }) => {
    let s = fixture();
    // Only a banned person can be unbanned; the host bans the target first (hosts can't be banned).
    if (type === 'unban' && target !== ID.host && target !== ID.host2) {
      s = apply(s, cmd({ type: 'ban', participant: target, reason: 'test' }), ID.host);
    }
    const input = { type, participant: target, reason: 'x', name: 'New Name' } as Record<string, unknown>;
    if (type !== 'ban' && type !== 'remove') delete input.reason;
    if (type !== 'rename') delete input.name;
    const d = attempt(s, cmd(input as WireCommandInput), actor);
    if (!roleMayIssue(s.members.get(actor)!.role, type)) {
      expect(errorCode(d)).toBe('forbidden'); // the role check comes first (host-only commands)
    } else if (type === 'unban' && (target === ID.host || target === ID.host2)) {
      expect(errorCode(d)).toBe('not_found');
    } else if (refused) {
      expect(errorCode(d)).toBe('outranked');
    } else {
      expect(errorCode(d)).not.toBe('outranked');
    }
  });

  it('a host may silence, remove and ban a moderator', () => {
    let s = apply(fixture(), cmd({ type: 'silence', participant: ID.mod2 }), ID.host);
    expect(s.members.get(ID.mod2)!.silenced).toBe(true);
    s = apply(s, cmd({ type: 'ban', participant: ID.mod2, reason: 'abuse of power' }), ID.host);
    expect(s.members.get(ID.mod2)!.status).toBe('banned');
    expect(s.bans.get(ID.mod2)!.role).toBe('moderator');
    // Lifting it needs the rank that imposed it.
    expect(errorCode(attempt(s, cmd({ type: 'unban', participant: ID.mod2 }), ID.mod))).toBe('outranked');
  });

  it('commands that do a person no harm ignore rank', () => {
    let s = apply(fixture(), cmd({ type: 'raise_hand' }), ID.mod2);
    expect(attempt(s, cmd({ type: 'report', participant: ID.host, reason: 'rude' }), ID.alice).ok).toBe(true);
    s = apply(s, cmd({ type: 'grant_floor', participant: ID.mod2 }), ID.mod);
    expect(s.floor?.identity).toBe(ID.mod2);
  });

  it('a moderator deletes chat from those they outrank, and their own', () => {
    let s = apply(fixture(), cmd({ type: 'chat_send', text: 'from host' }), ID.host);
    s = apply(s, cmd({ type: 'chat_send', text: 'from mod' }), ID.mod);
    const [hostMsg, modMsg] = s.chat;
    expect(errorCode(attempt(s, cmd({ type: 'chat_delete', messageId: hostMsg!.id }), ID.mod))).toBe('outranked');
    expect(attempt(s, cmd({ type: 'chat_delete', messageId: modMsg!.id }), ID.mod).ok).toBe(true);
    expect(errorCode(attempt(s, cmd({ type: 'chat_delete', messageId: modMsg!.id }), ID.mod2))).toBe('outranked');
  });
});

// A seeded pseudo-random walk through commands, for property tests. Deterministic per seed, so a
// failure names its seed and replays exactly.
import { wireCommandSchema, WIRE_COMMAND_TYPES, type WireCommandInput, type WireCommandType } from '../protocol/commands';
import { laneSchema, ROLES, type Actor, type Role } from '../protocol/primitives';
import type { SystemCommand } from '../protocol/system-commands';
import type { Command } from '../core/decide';
import { COMMAND_ROLES, type CommandType } from '../core/permissions';
import type { CallState } from '../core/state';
import { ID, T0 } from './fixtures';
import { addTallies, ballotTally, rollPlaceOf } from '../core/ballots';
import { shieldWindowSchema } from '../protocol/shield-state';

/** mulberry32: tiny, fast, good enough to explore. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Rng = ReturnType<typeof rng>;

const PEOPLE = [...Object.values(ID), 'p_n1', 'p_n2', 'p_n3', 's_n4', 'm_n5'];
const NAMES = ['Ada', 'Host', 'H0st', 'Ηοst', 'Grace Hopper', '  spaced   out  ', 'Ho\u200Bst', '\u202Eevil', 'Zoë'];
const DEVICES = ['dev-a', 'dev-b', 'dev-c', null];
const IPS = ['ip-1', 'ip-2', null];
const ORGS = [
  { id: 'org_a', name: 'Union A', weight: 3 },
  { id: 'org_b', name: 'Union B', weight: 1 },
];

/** A batch out of a ballot box: some voters of an open secret vote (sorted) and their summed tally. */
function sealBallots(state: CallState, r: Rng): SystemCommand {
  const vote = state.votes.filter((v) => v.status === 'open' && v.secret).at(-1);
  if (!vote) return { type: 'seal_ballots', voteId: 'nope', voters: [r.pick(PEOPLE)], tally: [1, 0, 0] };
  const voters = [...new Set(PEOPLE.filter(() => r.chance(0.3)))].sort();
  if (voters.length === 0) voters.push(r.pick(PEOPLE));
  let tally = vote.options.map(() => 0);
  for (const voter of voters) {
    const m = state.members.get(voter);
    const weight = m ? (rollPlaceOf(vote, m)?.weight ?? 1) : 1;
    const choices = vote.kind === 'yes_no' ? [r.int(3)] : [r.int(vote.options.length)];
    tally = addTallies(tally, ballotTally(vote.options.length, choices, weight));
  }
  // Now and then a forged tally, which decide must refuse.
  if (r.chance(0.1)) tally[0]! += 1;
  return { type: 'seal_ballots', voteId: vote.id, voters, tally };
}

function systemCommand(state: CallState, r: Rng): SystemCommand {
  if (r.chance(0.15)) return sealBallots(state, r);
  switch (r.int(4)) {
    case 0:
    case 1:
      return {
        type: 'join',
        identity: r.pick(PEOPLE),
        name: r.pick(NAMES),
        role: r.chance(0.7) ? 'participant' : r.pick(ROLES),
        device: r.pick(DEVICES),
        ipHash: r.pick(IPS),
        ...(r.chance(0.3) ? { registered: true } : {}),
        ...(r.chance(0.3) ? { org: r.pick(ORGS) } : {}),
      };
    case 2:
      return { type: 'leave', identity: r.pick(PEOPLE) };
    default: {
      if (r.chance(0.2)) return { type: 'flag_spike', since: T0 + r.int(600_000), arrivals: 50 + r.int(50), baseline: r.int(5) };
      const grantedAt = state.floor?.grantedAt ?? r.int(1000);
      return r.chance(0.5) ? { type: 'warn_floor', grantedAt } : { type: 'expire_floor', grantedAt };
    }
  }
}

function wireCommand(state: CallState, r: Rng, allowEnd: boolean, focus: readonly WireCommandType[]): Command {
  // Ending the call stops the walk, so it only comes up when asked for (the last steps).
  const types = allowEnd ? WIRE_COMMAND_TYPES : WIRE_COMMAND_TYPES.filter((t) => t !== 'end_call');
  const type = focus.length && r.chance(0.6) ? r.pick(focus) : r.pick(types);
  // Often someone with a raised hand or in the lobby, so queue and lobby commands get exercised.
  const waiters = [...state.lobby.keys()];
  const participant =
    state.queue.length && r.chance(0.3)
      ? r.pick(state.queue).identity
      : waiters.length && r.chance(0.25)
        ? r.pick(waiters)
        : r.pick(PEOPLE);
  const fields: Record<string, unknown> = {
    participant,
    reason: r.pick(['raid', 'slurs', 'spam']),
    text: r.pick(['hi', 'spam spam', '  padded  ']),
    lane: r.pick(laneSchema.options),
    position: r.int(6),
    seconds: 1 + r.int(120),
    policy: r.pick(['fifo', 'progressive'] as const),
    format: r.pick(['stage', 'conversation'] as const),
    enabled: r.chance(0.5),
    locked: r.chance(0.5),
    ip: r.chance(0.3),
    name: r.pick(NAMES),
    messageId: state.chat.length && r.chance(0.8) ? r.pick(state.chat).id : 'nope',
    participants: [participant, r.pick(PEOPLE), r.pick(PEOPLE)],
    window: r.pick(shieldWindowSchema.options),
    since: r.chance(0.8) ? T0 + r.int(600_000) : undefined,
    ...(r.chance(0.5) ? { slowModeSec: r.pick([0, 5, 30]) } : {}),
    ...(r.chance(0.5) ? { chatMinPresentMin: r.pick([0, 1, 5]) } : {}),
    ...(r.chance(0.5) ? { holdLinks: r.chance(0.5) } : {}),
    ...(r.chance(0.5) ? { holdNewcomers: r.chance(0.5) } : {}),
    ...(r.chance(0.5) ? { handLimit: r.pick([0, 1, 3]) } : {}),
    ...(r.chance(0.5) ? { reportLimit: r.pick([0, 1, 3]) } : {}),
    ...(r.chance(0.5) ? { duplicateWindowSec: r.pick([0, 10, 60]) } : {}),
    pollId: state.polls.length && r.chance(0.9) ? r.pick(state.polls).id : 'nope',
    voteId: state.votes.length && r.chance(0.9) ? r.pick(state.votes).id : 'nope',
    questionId: state.questions.length && r.chance(0.9) ? r.pick(state.questions).id : 'nope',
    question: r.pick(['Next topic?', 'Agree?']),
    live: r.chance(0.5),
    option: r.int(4),
    title: 'Adopt the platform',
    kind: r.chance(0.7) ? 'yes_no' : 'candidates',
    roll: r.pick(['present', 'registered', 'delegates'] as const),
    secret: r.chance(0.5),
    threshold: r.pick(['majority_cast', 'two_thirds', 'majority_roll'] as const),
    quorum: r.pick([0, 0, 50, 75]),
    choices: r.pick([[0], [1], [2], [0], [1], [0, 1], [], [5]]),
    anonymous: r.chance(0.4),
    hidden: r.chance(0.5),
    pinned: r.chance(0.5),
    to: r.pick(['queue', 'floor'] as const),
  };
  if (type === 'open_vote' && fields.kind === 'candidates') fields.candidates = ['Ana', 'Ben', 'Chloe'];
  if (type === 'open_poll' && r.chance(0.5)) fields.options = ['Housing', 'Transit', 'Parks'];
  if ((type === 'chat_approve' || type === 'chat_reject') && state.heldChat.length && r.chance(0.8)) fields.messageId = r.pick(state.heldChat).id;
  if (type === 'chat_send' && r.chance(0.3)) fields.text = r.pick(['see evil.example.com', 'https://x.test/a']);
  if (type === 'set_speaking_limit') fields.seconds = r.pick([0, 10, 60, 120]);
  const shape = wireCommandSchema.options.find((o) => o.shape.type.value === type)!.shape;
  const input = Object.fromEntries(Object.keys(shape).filter((k) => k !== 'ref' && k in fields).map((k) => [k, fields[k]]));
  return wireCommandSchema.parse({ ...input, type } as WireCommandInput);
}

/** An actor likely (not certain) to be allowed: mostly present members whose role may issue it. */
function actorFor(state: CallState, type: CommandType, r: Rng): Actor {
  const rule = COMMAND_ROLES[type];
  if (rule === 'system') return r.chance(0.95) ? 'system' : r.pick(PEOPLE);
  if (r.chance(0.15)) return r.pick([...PEOPLE, 'system']);
  const allowed = [...state.members.values()].filter((m) => m.status === 'present' && (rule as readonly Role[]).includes(m.role));
  return allowed.length ? r.pick(allowed).identity : r.pick(PEOPLE);
}

/** `focus`: wire command types to pick more often (a family's own fuzz). */
export function randomStep(state: CallState, r: Rng, allowEnd = false, focus: readonly WireCommandType[] = []): { command: Command; actor: Actor } {
  const command = r.chance(0.25) ? systemCommand(state, r) : wireCommand(state, r, allowEnd, focus);
  return { command, actor: actorFor(state, command.type, r) };
}

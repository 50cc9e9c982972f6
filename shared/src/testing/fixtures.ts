// Test helpers: a call with one person of each role (and spares), and shorthands to run commands.
// Not exported from the package.
import { decide, type Command } from '../core/decide';
import type { Decision } from '../core/decision';
import { fold } from '../core/evolve';
import { membershipOf } from '../core/members';
import { initialState, type CallState } from '../core/state';
import { wireCommandSchema, type WireCommandInput } from '../protocol/commands';
import type { Event } from '../protocol/events';
import type { Actor, Role } from '../protocol/primitives';
import { DEFAULT_CALL_SETTINGS, type CallSettings } from '../protocol/settings';
import type { SystemCommand } from '../protocol/system-commands';

export const T0 = 1_700_000_000_000;

export const ID = {
  host: 'h_host',
  host2: 'h_host2',
  mod: 'm_mod',
  mod2: 'm_mod2',
  speaker: 's_speaker',
  speaker2: 's_speaker2',
  alice: 'p_alice',
  bob: 'p_bob',
  carol: 'p_carol',
  dave: 'p_dave',
  waiter: 'p_waiter',
} as const;

/** The actor of each role used by the matrix tests. */
export const ACTOR_OF_ROLE = { host: ID.host, moderator: ID.mod, speaker: ID.speaker, participant: ID.alice } as const;

let counter = 0;
/** A fresh id, as the shell would mint for ctx.id. */
export const freshId = (): string => `id${++counter}`;

/** Parse a wire command input (applies defaults, validates the test's own input). */
export const cmd = (input: WireCommandInput): Command => wireCommandSchema.parse(input);

export const joinCmd = (
  identity: string,
  role: Role,
  extra: Partial<Extract<SystemCommand, { type: 'join' }>> = {},
): SystemCommand => ({
  type: 'join',
  identity,
  name: extra.name ?? identity.slice(2).replace(/^./, (c) => c.toUpperCase()),
  role,
  device: extra.device ?? `dev-${identity}`,
  ipHash: extra.ipHash ?? `ip-${identity}`,
  ...membershipOf(extra),
});

export function attempt(state: CallState, command: Command, actor: Actor, now = T0): Decision {
  return decide(state, command, { actor, now, id: freshId() });
}

/** Decide and fold; throws with the refusal so a broken setup fails loudly. */
export function apply(state: CallState, command: Command, actor: Actor, now = T0): CallState {
  return fold(state, expectOk(attempt(state, command, actor, now)));
}

export function expectOk(d: Decision): Event[] {
  if (!d.ok) throw new Error(`refused: ${d.error.code}: ${d.error.message}`);
  return d.events;
}

export function errorCode(d: Decision): string | null {
  return d.ok ? null : d.error.code;
}

/** Run a script of [command, actor] pairs from a state. */
export function script(state: CallState, steps: ReadonlyArray<[Command, Actor, number?]>): CallState {
  return steps.reduce((s, [c, a, now]) => apply(s, c, a, now ?? T0), state);
}

/**
 * Everyone present: two hosts, two moderators, two speakers, four participants; the lobby is on
 * (turned on after they arrived) and p_waiter is waiting in it.
 */
export function fixture(settings: Partial<CallSettings> = {}): CallState {
  let s = initialState('call_1', { ...DEFAULT_CALL_SETTINGS, ...settings, lobby: false });
  const joins: Array<[string, Role]> = [
    [ID.host, 'host'],
    [ID.host2, 'host'],
    [ID.mod, 'moderator'],
    [ID.mod2, 'moderator'],
    [ID.speaker, 'speaker'],
    [ID.speaker2, 'speaker'],
    [ID.alice, 'participant'],
    [ID.bob, 'participant'],
    [ID.carol, 'participant'],
    [ID.dave, 'participant'],
  ];
  for (const [id, role] of joins) s = apply(s, joinCmd(id, role), 'system');
  s = apply(s, cmd({ type: 'set_lobby', enabled: true }), ID.host);
  return apply(s, joinCmd(ID.waiter, 'participant'), 'system');
}

/** Recursively freeze, so a test fails if evolve or decide mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

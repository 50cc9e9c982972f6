import { describe, expect, it } from 'vitest';
import type { WireCommandInput } from '../protocol/commands';
import { attempt, cmd, expectOk, fixture, ID } from '../testing/fixtures';
import { effectsOf, type Effect } from './effects';

const effectsOfCommand = (input: WireCommandInput, actor: string = ID.host): Effect[] =>
  expectOk(attempt(fixture(), cmd(input), actor)).flatMap(effectsOf);

describe('effectsOf', () => {
  it.each<[string, WireCommandInput, Effect[]]>([
    ['mute', { type: 'mute', participant: ID.speaker }, [{ kind: 'mute_tracks', identity: ID.speaker }]],
    [
      'mute_all by a moderator',
      { type: 'mute_all' },
      [
        { kind: 'mute_tracks', identity: ID.speaker },
        { kind: 'mute_tracks', identity: ID.speaker2 },
      ],
    ],
    [
      'remove',
      { type: 'remove', participant: ID.bob },
      [
        { kind: 'remove', identity: ID.bob, reason: 'removed' },
        { kind: 'close_sockets', identity: ID.bob, code: 4003 },
      ],
    ],
    [
      'ban',
      { type: 'ban', participant: ID.bob, reason: 'raid' },
      [
        { kind: 'remove', identity: ID.bob, reason: 'banned' },
        { kind: 'close_sockets', identity: ID.bob, code: 4004 },
      ],
    ],
    ['deny', { type: 'deny', participant: ID.waiter }, [{ kind: 'close_sockets', identity: ID.waiter, code: 4005 }]],
    ['admit', { type: 'admit', participant: ID.waiter }, [{ kind: 'admitted', identity: ID.waiter }]],
    ['appoint_moderator', { type: 'appoint_moderator', participant: ID.bob }, [{ kind: 'resnapshot', identity: ID.bob }]],
    ['dismiss_moderator', { type: 'dismiss_moderator', participant: ID.mod2 }, [{ kind: 'resnapshot', identity: ID.mod2 }]],
    ['promote (same visibility)', { type: 'promote', participant: ID.bob }, []],
    ['end_call', { type: 'end_call' }, [{ kind: 'end_call' }]],
    ['silence (permissions only)', { type: 'silence', participant: ID.speaker }, []],
    ['set_format (permissions only)', { type: 'set_format', format: 'conversation' }, []],
  ])('%s', (_n, input, expected) => {
    const actor = input.type === 'mute_all' ? ID.mod : ID.host;
    expect(effectsOfCommand(input, actor)).toEqual(expected);
  });
});

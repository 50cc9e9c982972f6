import { describe, expect, it } from 'vitest';
import { viewFor } from '@caucus/shared';
import { cmd, fixture, ID, joinCmd, script } from '../../../shared/src/testing/fixtures';
import { voicesAllowed } from './voices';

describe('voicesAllowed', () => {
  it('is the stage and the floor holder, as the server gives LiveKit; never the rest of the audience', () => {
    const s = script(fixture(), [[cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod]]);
    const voices = voicesAllowed(s);
    expect(voices.has(ID.alice)).toBe(true);
    expect(voices.has(ID.host) && voices.has(ID.mod) && voices.has(ID.speaker)).toBe(true);
    expect(voices.has(ID.bob)).toBe(false);
    // The audience's redacted view says the same about everyone it lists.
    expect([...voicesAllowed(viewFor(s, { identity: ID.bob, role: 'participant' }))].sort()).toEqual([...voices].sort());
  });

  it('follows the floor and the panic button: the floor ends, a speaker arriving during a suspension is not heard', () => {
    let s = script(fixture(), [[cmd({ type: 'grant_floor', participant: ID.alice }), ID.mod]]);
    s = script(s, [[cmd({ type: 'suspend' }), ID.mod], [joinCmd('s_late', 'speaker'), 'system']]);
    const voices = voicesAllowed(s);
    expect(voices.has(ID.alice)).toBe(false);
    expect(voices.has('s_late')).toBe(false);
    expect(voices.has(ID.speaker)).toBe(true);
  });
});

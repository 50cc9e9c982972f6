// Erasure keeps the log replayable: the redacted log folds into the same call state as the
// original except the erased person's name, fingerprints and chat text.
import { decide, DEFAULT_CALL_SETTINGS, fold, initialState, toSnapshot, type CallState, type Command, type Event } from '@caucus/shared';
import { describe, expect, test } from 'vitest';
import { attendanceOf } from './attendance';
import { ERASED, redactEvent } from './redaction';

const T0 = 1_700_000_000_000;
let n = 0;

function run(steps: [Command, string, number][]): { events: Event[]; state: CallState } {
  let state = initialState('call_r', { ...DEFAULT_CALL_SETTINGS, lobby: false }, {});
  const events: Event[] = [];
  for (const [command, actor, at] of steps) {
    const d = decide(state, command, { actor, now: at, id: `id${++n}` });
    if (!d.ok) throw new Error(`${command.type}: ${d.error.message}`);
    events.push(...d.events);
    state = fold(state, d.events);
  }
  return { events, state };
}

const join = (identity: string, name: string, role: 'host' | 'participant', at: number): [Command, string, number] => [
  { type: 'join', identity, name, role, device: `dev-${identity}`, ipHash: `ip-${identity}` } as Command,
  'system',
  at,
];

const story = () =>
  run([
    join('h_host', 'Hana Host', 'host', T0),
    join('p_ana', 'Ana Registrant', 'participant', T0 + 60_000),
    join('p_bo', 'Bo Walkin', 'participant', T0 + 120_000),
    [{ type: 'raise_hand', lane: 'speak' } as Command, 'p_ana', T0 + 180_000],
    [{ type: 'grant_floor', participant: 'p_ana' } as Command, 'h_host', T0 + 200_000],
    [{ type: 'chat_send', text: 'my phone is 555-0100' } as Command, 'p_ana', T0 + 210_000],
    [{ type: 'chat_send', text: 'hello all' } as Command, 'p_bo', T0 + 215_000],
    [{ type: 'ask_question', text: 'what about rent in Ana street?', anonymous: false } as Command, 'p_ana', T0 + 220_000],
    [{ type: 'end_floor' } as Command, 'h_host', T0 + 245_000],
    [{ type: 'leave', identity: 'p_ana' } as Command, 'system', T0 + 600_000],
  ]);

describe('erasing one person from a call log', () => {
  test('replay after erasure gives the same state except the redacted fields', () => {
    const { events, state } = story();
    const redacted = events.map((e) => redactEvent(e, new Set(['p_ana'])) ?? e);
    expect(redacted.length).toBe(events.length);
    expect(redacted.filter((e, i) => e !== events[i]).length).toBeGreaterThan(0);
    const replayed = fold(initialState('call_r', { ...DEFAULT_CALL_SETTINGS, lobby: false }, {}), redacted);

    const before = toSnapshot(state);
    const after = toSnapshot(replayed);
    // The erased person: name and fingerprints gone, chat text gone.
    const ana = after.members['p_ana']!;
    expect([ana.name, ana.device, ana.ipHash]).toEqual([ERASED, null, null]);
    expect(after.chat.find((c) => c.from === 'p_ana')?.text).toBe(ERASED);
    expect(JSON.stringify(after)).not.toContain('Ana Registrant');
    expect(JSON.stringify(after)).not.toContain('555-0100');
    expect(after.questions.find((q) => q.asker === 'p_ana')?.text).toBe(ERASED);
    expect(JSON.stringify(redacted)).not.toContain('Ana street');
    expect(JSON.stringify(redacted)).not.toContain('Ana Registrant');
    // Everything else is exactly as before: put the original values back and compare whole states.
    const restored = {
      ...after,
      members: { ...after.members, p_ana: before.members['p_ana']! },
      chat: after.chat.map((c, i) => (c.from === 'p_ana' ? before.chat[i]! : c)),
      questions: after.questions.map((q, i) => (q.asker === 'p_ana' ? before.questions[i]! : q)),
    };
    expect(restored).toEqual(before);
    // Bo's record is untouched.
    expect(after.members['p_bo']?.name).toBe('Bo Walkin');
  });

  test('attendance is the same after erasure (times, turns, seconds spoken, chat count)', () => {
    const { events } = story();
    const redacted = events.map((e) => redactEvent(e, new Set(['p_ana'])) ?? e);
    const strip = (rows: ReturnType<typeof attendanceOf>) => rows.map(({ name: _name, ...rest }) => rest);
    expect(strip(attendanceOf(redacted, T0 + 900_000))).toEqual(strip(attendanceOf(events, T0 + 900_000)));
    const ana = attendanceOf(events, T0 + 900_000).find((p) => p.identity === 'p_ana')!;
    expect(ana).toMatchObject({ firstJoin: T0 + 60_000, lastLeave: T0 + 600_000, presentMs: 540_000, turns: 1, spokenMs: 45_000, handsRaised: 1, chatMessages: 1 });
    const host = attendanceOf(events, T0 + 900_000).find((p) => p.identity === 'h_host')!;
    expect(host.presentMs).toBe(900_000);
  });
});

import { describe, expect, it } from 'vitest';
import { WIRE_COMMAND_TYPES } from './commands';
import { CLIENT_FRAME_TYPES, MAX_CLIENT_FRAME_CHARS, parseClientFrame } from './client-frames';
import { parseServerFrame } from './server-frames';
import { SYSTEM_COMMAND_TYPES } from './system-commands';

describe('parseClientFrame', () => {
  it.each([
    ['broken JSON', '{"type":', 'bad_frame'],
    ['empty', '', 'bad_frame'],
    ['a number', '42', 'bad_frame'],
    ['null', 'null', 'bad_frame'],
    ['an array', '[{"type":"ping"}]', 'bad_frame'],
    ['no type', '{"participant":"p_x"}', 'bad_frame'],
    ['a non-string type', '{"type":7}', 'bad_frame'],
    ['an unknown type', '{"type":"fly"}', 'unknown_type'],
    ['a system command from a client', '{"type":"join","identity":"h_me","name":"Me","role":"host","device":null,"ipHash":null}', 'unknown_type'],
    ['a prototype key as type', '{"type":"constructor"}', 'unknown_type'],
    ['a missing field', '{"type":"mute"}', 'invalid'],
    ['a wrong field type', '{"type":"mute","participant":5}', 'invalid'],
    ['an identity of the wrong shape', '{"type":"mute","participant":"__proto__"}', 'invalid'],
    ['an extra field', '{"type":"ping","x":1}', 'invalid'],
    ['blank chat', '{"type":"chat_send","text":"   "}', 'invalid'],
    ['a bad lane', '{"type":"raise_hand","lane":"vip"}', 'invalid'],
    ['a ref too long', `{"type":"ping"}`.replace('}', `,"ref":"${'r'.repeat(65)}"}`), 'invalid'],
    ['a ban without reason', '{"type":"ban","participant":"p_x"}', 'invalid'],
    ['too large', JSON.stringify({ type: 'chat_send', text: 'x'.repeat(MAX_CLIENT_FRAME_CHARS) }), 'too_large'],
  ])('refuses %s -> %s', (_n, raw, code) => {
    const r = parseClientFrame(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('says which field is wrong', () => {
    const r = parseClientFrame('{"type":"extend_floor","seconds":0}');
    expect(r).toEqual({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/^extend_floor: seconds: /) } });
  });

  it.each([
    ['hello', '{"type":"hello","protocol":1,"sessionToken":"tok","lastSeq":42}', { type: 'hello', protocol: 1, sessionToken: 'tok', lastSeq: 42 }],
    ['ping', '{"type":"ping"}', { type: 'ping' }],
    ['raise_hand with default lane and a ref', '{"type":"raise_hand","ref":"r1"}', { type: 'raise_hand', ref: 'r1', lane: 'speak' }],
    ['chat text is trimmed', '{"type":"chat_send","text":"  hi  "}', { type: 'chat_send', text: 'hi' }],
    ['ban ip defaults to false', '{"type":"ban","participant":"p_x","reason":"raid"}', { type: 'ban', participant: 'p_x', reason: 'raid', ip: false }],
  ])('accepts %s', (_n, raw, frame) => {
    expect(parseClientFrame(raw)).toEqual({ ok: true, frame });
  });

  it('knows hello, ping, review and every wire command, and no system command', () => {
    expect([...CLIENT_FRAME_TYPES].sort()).toEqual(['hello', 'ping', 'review', ...WIRE_COMMAND_TYPES].sort());
    for (const t of SYSTEM_COMMAND_TYPES) expect(CLIENT_FRAME_TYPES).not.toContain(t);
  });

  it('never throws, whatever it is given', () => {
    const junk = ['\u0000', '{"type":"hello","protocol":"1"}', '{"__proto__":{"type":"ping"}}', '"ping"', '{}', '{"type":"mute","participant":{"toString":1}}', '\uD800'];
    for (const raw of junk) expect(() => parseClientFrame(raw)).not.toThrow();
    expect(parseClientFrame('{"__proto__":{"type":"ping"}}')).toMatchObject({ ok: false, error: { code: 'bad_frame' } });
  });
});

describe('parseServerFrame', () => {
  it.each([
    ['pong', { type: 'pong' }],
    ['ack', { type: 'ack', ref: 'r1', seq: 3 }],
    ['error', { type: 'error', code: 'outranked', message: 'no', ref: 'r1' }],
    ['admitted', { type: 'admitted', livekit: { url: 'wss://lk.example', token: 'jwt' } }],
    ['lobby snapshot', { type: 'snapshot', seq: 0, state: null, you: { identity: 'p_x', role: 'participant', status: 'lobby' } }],
    ['event', { type: 'event', seq: 9, event: { type: 'hands_cleared', at: 1, by: 'm_mod' } }],
  ])('round-trips %s', (_n, frame) => {
    expect(parseServerFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
  });

  it('refuses an unknown error code', () => {
    expect(parseServerFrame('{"type":"error","code":"oops","message":""}')).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

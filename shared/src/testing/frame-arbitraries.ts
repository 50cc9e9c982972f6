// fast-check generators of what a hostile or broken client sends: valid commands (so trolls can
// also act within the rules), and every kind of malformed frame: broken JSON, non-objects, missing
// or wrong types, unknown and system command types, wrong field types, unknown fields,
// prototype-pollution keys, deep nesting, huge strings, odd Unicode. Shared by the parser's
// property tests and the server's fuzz test; parseClientFrame is the oracle for the expected code.
// Not exported from the package.
import { floodControlsSchema, shieldWindowSchema } from '../protocol/shield-state';
import fc from 'fast-check';
import { WIRE_COMMAND_TYPES, wireCommandSchema, type WireCommandType } from '../protocol/commands';
import { MAX_CLIENT_FRAME_CHARS } from '../protocol/client-frames';
import { laneSchema } from '../protocol/primitives';
import { SYSTEM_COMMAND_TYPES } from '../protocol/system-commands';

/** Keys that poison naive merges and lookups on plain objects. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Display-name-ish and chat-ish strings a troll likes: look-alikes, bidi, zero-width, markup. */
const HOSTILE_TEXT = [
  'Host',
  'H0st',
  'Ηοst',
  'Ho\u200Bst',
  '\u202Eevil',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '=HYPERLINK("http://evil.example")',
  '${7*7}{{7*7}}',
  '__proto__',
  'constructor',
  '\u0000nul',
  '\uD800 lone surrogate',
  'Zoë 🎉 👩🏽‍💻',
  '   padded   ',
];

const nonBlank = (max: number) =>
  fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ minLength: 1, maxLength: max, unit: 'grapheme' })).filter((s) => s.trim().length > 0);

const SHAPES = new Map(wireCommandSchema.options.map((o) => [o.shape.type.value as WireCommandType, Object.keys(o.shape)]));

/** set_flood_controls sends any subset of the controls. */
const FLOOD_FIELDS = Object.keys(floodControlsSchema.shape);

/** Field names that are optional in the schemas (left out at random). */
const OPTIONAL = new Set(['ref', 'lane', 'ip', 'speaker', 'final', 'lineId', 'scope', 'durationMin', 'reports', 'messages', 'since', ...FLOOD_FIELDS]);

function fieldArbs(people: readonly string[]): Record<string, fc.Arbitrary<unknown>> {
  return {
    participant: fc.constantFrom(...people),
    reason: nonBlank(40),
    text: nonBlank(60),
    lane: fc.constantFrom(...laneSchema.options),
    position: fc.integer({ min: 0, max: 20 }),
    seconds: fc.integer({ min: 1, max: 600 }),
    policy: fc.constantFrom('fifo', 'progressive'),
    format: fc.constantFrom('stage', 'conversation'),
    enabled: fc.boolean(),
    locked: fc.boolean(),
    ip: fc.boolean(),
    name: nonBlank(30),
    messageId: fc.oneof(fc.constantFrom('m_1', 'nope'), fc.string({ minLength: 1, maxLength: 16 })),
    ref: fc.string({ minLength: 1, maxLength: 16, unit: 'grapheme-ascii' }),
    speaker: fc.constantFrom(...people),
    final: fc.boolean(),
    lineId: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
    participants: fc.array(fc.constantFrom(...people), { minLength: 1, maxLength: 5 }),
    window: fc.constantFrom(...shieldWindowSchema.options),
    since: fc.integer({ min: 0, max: 2_000_000_000_000 }),
    slowModeSec: fc.integer({ min: 0, max: 3600 }),
    chatMinPresentMin: fc.integer({ min: 0, max: 240 }),
    holdLinks: fc.boolean(),
    holdNewcomers: fc.boolean(),
    handLimit: fc.integer({ min: 0, max: 100 }),
    reportLimit: fc.integer({ min: 0, max: 100 }),
    duplicateWindowSec: fc.integer({ min: 0, max: 3600 }),
    scope: fc.constantFrom('call', 'coalition'),
    durationMin: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 527_040 })),
    // Evidence ids are mostly absent or unknown here (a stranger's id is `not_found`).
    reports: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.string({ minLength: 1, maxLength: 16 }), { maxLength: 2 }) }),
    messages: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.constantFrom('m_1', 'nope'), { maxLength: 2 }) }),
    pollId: fc.constantFrom('x1', 'nope'),
    voteId: fc.constantFrom('x1', 'nope'),
    questionId: fc.constantFrom('x1', 'nope'),
    question: nonBlank(60),
    options: fc.array(nonBlank(20), { minLength: 2, maxLength: 10 }),
    live: fc.boolean(),
    option: fc.integer({ min: 0, max: 9 }),
    title: nonBlank(60),
    kind: fc.constantFrom('yes_no', 'candidates'),
    candidates: fc.array(nonBlank(20), { minLength: 2, maxLength: 6 }),
    maxChoices: fc.integer({ min: 1, max: 6 }),
    roll: fc.constantFrom('present', 'registered', 'delegates'),
    secret: fc.boolean(),
    threshold: fc.constantFrom('majority_cast', 'two_thirds', 'majority_roll'),
    quorum: fc.integer({ min: 0, max: 100 }),
    choices: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
    anonymous: fc.boolean(),
    hidden: fc.boolean(),
    pinned: fc.boolean(),
    to: fc.constantFrom('queue', 'floor'),
  };
}

/** A valid wire command object (schema-valid; the core may still refuse it). */
export function validCommand(
  people: readonly string[],
  opts: { types?: readonly WireCommandType[]; ref?: 'always' | 'never' | 'sometimes' } = {},
): fc.Arbitrary<Record<string, unknown>> {
  const arbs = fieldArbs(people);
  const types = opts.types ?? WIRE_COMMAND_TYPES;
  const refMode = opts.ref ?? 'sometimes';
  return fc.constantFrom(...types).chain((type) => {
    const keys = SHAPES.get(type)!.filter((k) => k !== 'type' && k !== 'ref');
    const missing = keys.find((k) => !arbs[k]);
    if (missing) throw new Error(`frame-arbitraries: no arbitrary for the field "${missing}" of ${type}; add one to fieldArbs`);
    const required = Object.fromEntries(keys.filter((k) => !OPTIONAL.has(k) && !(type === 'remove' && k === 'reason')).map((k) => [k, arbs[k]!]));
    const optional = keys.filter((k) => OPTIONAL.has(k) || (type === 'remove' && k === 'reason'));
    const withOptional = Object.fromEntries(optional.map((k) => [k, arbs[k]!]));
    const ref = refMode === 'always' ? { ref: arbs.ref! } : {};
    return fc
      .record({ ...required, ...withOptional, ...ref } as Record<string, fc.Arbitrary<unknown>>, {
        requiredKeys: [...Object.keys(required), ...Object.keys(ref)],
      })
      .chain((fields) =>
        refMode === 'sometimes'
          ? fc.option(arbs.ref!, { nil: undefined }).map((r) => (r === undefined ? { type, ...fields } : { type, ...fields, ref: r }))
          : fc.constant({ type, ...fields }),
      );
  });
}

/** JSON of any depth, as text: arrays or objects nested `depth` deep around `inner`. */
export function nested(depth: number, inner = '0', kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? '['.repeat(depth) + inner + ']'.repeat(depth) : '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
}

/** Text that is not a valid command frame, of every kind. Stays under the socket's 16 KiB maxPayload (bytes). */
export function malformedFrame(people: readonly string[]): fc.Arbitrary<string> {
  const valid = validCommand(people);
  const json = (v: unknown) => JSON.stringify(v);
  return fc.oneof(
    // Broken JSON: a valid frame cut short, or with a byte flipped.
    valid.chain((c) => {
      const text = json(c);
      return fc.integer({ min: 0, max: text.length - 1 }).map((n) => text.slice(0, n));
    }),
    valid.chain((c) => {
      const text = json(c);
      return fc
        .tuple(fc.integer({ min: 0, max: text.length - 1 }), fc.constantFrom('{', '}', '"', ',', ':', '\\', ' ', 'x', '\u0000'))
        .map(([i, ch]) => text.slice(0, i) + ch + text.slice(i + 1));
    }),
    fc.string({ maxLength: 200, unit: 'binary' }),
    fc.constantFrom('', ' ', 'null', 'true', '0', '""', '[]', '{}', 'NaN', 'undefined', '{"type":}', "{'type':'ping'}", '\uFEFF{"type":"ping"}'),
    // Valid JSON that is not an object, or an object without a string type.
    fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map(json),
    fc
      .tuple(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 2 })))
      .map(([o, type]) => json({ ...o, type })),
    // Unknown types, and the server's own system commands (never accepted from a socket).
    fc
      .tuple(fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom(...SYSTEM_COMMAND_TYPES, 'become_host', 'Raise_Hand', 'raise_hand ', 'admin', '__proto__', 'constructor')), valid)
      .map(([type, c]) => json({ ...c, type })),
    fc.constantFrom(...SYSTEM_COMMAND_TYPES).map((type) =>
      json({ type, identity: people[0], name: 'Mallory', role: 'host', device: null, ipHash: null, grantedAt: 0 }),
    ),
    // A known type with a field of the wrong type, or missing, or one it does not have.
    valid.chain((c) => {
      const keys = Object.keys(c).filter((k) => k !== 'type');
      if (keys.length === 0) return fc.jsonValue({ maxDepth: 2 }).map((v) => json({ ...c, participant: v }));
      return fc
        .tuple(fc.constantFrom(...keys), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(null), fc.string({ minLength: 501, maxLength: 900 })))
        .filter(([k, v]) => typeof v !== typeof c[k] || (typeof v === 'string' && v.length > 256))
        .map(([k, v]) => json({ ...c, [k]: v }));
    }),
    valid.chain((c) => {
      const required = Object.keys(c).filter((k) => k !== 'type' && !OPTIONAL.has(k) && !(c.type === 'remove' && k === 'reason'));
      if (required.length === 0) return fc.constant(json({ ...c, unexpected: 1 }));
      return fc.constantFrom(...required).map((k) => {
        const { [k]: _dropped, ...rest } = c;
        return json(rest);
      });
    }),
    fc.tuple(valid, fc.oneof(fc.constantFrom(...POLLUTING_KEYS, 'identity', 'role', 'actor', 'by'), fc.string({ minLength: 1, maxLength: 12 })), fc.jsonValue({ maxDepth: 2 })).filter(([c, k]) => !(k in c)).map(([c, k, v]) => {
      // JSON.stringify drops a "__proto__" own key set by spread; write it into the text instead.
      const text = json(c);
      return `${text.slice(0, -1)},${json(k)}:${json(v)}}`;
    }),
    // Prototype pollution, in the places a naive server would merge or look up.
    fc.constantFrom(
      '{"type":"raise_hand","__proto__":{"polluted":true}}',
      '{"type":"chat_send","text":"hi","constructor":{"prototype":{"polluted":true}}}',
      '{"__proto__":{"type":"end_call"}}',
      '{"type":"__proto__"}',
      '{"type":"constructor","prototype":{"polluted":true}}',
      '{"type":"hello","protocol":1,"sessionToken":"x","__proto__":{"polluted":true}}',
      '{"type":"grant_floor","participant":{"__proto__":{"polluted":true}}}',
      '{"type":"rename","participant":"__proto__","name":"x"}',
      '{"type":"ban","participant":"constructor","reason":"x"}',
      '{"type":"chat_delete","messageId":{"toString":"x"}}',
    ),
    // Deep nesting (within the frame limit), as a field or as the whole frame.
    fc.tuple(fc.integer({ min: 50, max: 2500 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([d, k]) => `{"type":"report","participant":${nested(d, '0', k)},"reason":"x"}`),
    fc.integer({ min: 50, max: 4000 }).map((d) => nested(d)),
    // Too long for the parser (8192 chars) but under the socket limit: too_large.
    fc.integer({ min: MAX_CLIENT_FRAME_CHARS + 1, max: MAX_CLIENT_FRAME_CHARS + 4000 }).map((n) => json({ type: 'chat_send', text: 'x'.repeat(n) })),
    // Strings over the field limits.
    fc.integer({ min: 501, max: 3000 }).map((n) => json({ type: 'chat_send', text: 'y'.repeat(n) })),
    fc.integer({ min: 65, max: 2000 }).map((n) => json({ type: 'ping', ref: 'r'.repeat(n) })),
    // Numbers JSON allows but the schema does not.
    fc.constantFrom(
      '{"type":"extend_floor","seconds":1e308}',
      '{"type":"extend_floor","seconds":-0}',
      '{"type":"extend_floor","seconds":1.5}',
      '{"type":"move_in_queue","participant":"p_a","position":-1}',
      '{"type":"move_in_queue","participant":"p_a","position":9007199254740993}',
      '{"type":"set_speaking_limit","seconds":3601}',
      '{"type":"hello","protocol":-1,"sessionToken":"x"}',
      '{"type":"hello","protocol":1.5,"sessionToken":"x"}',
    ),
  );
}

/** A mix for one socket: mostly malformed, some valid commands (from `people`), some pings. */
export function anyFrame(people: readonly string[], validWeight = 1): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: malformedFrame(people), weight: 3 },
    { arbitrary: validCommand(people).map((c) => JSON.stringify(c)), weight: 2 * validWeight },
    { arbitrary: fc.constant('{"type":"ping"}'), weight: 1 },
  );
}

/** Bodies for the HTTP API, as raw text: plausible, broken, hostile and huge. */
export function httpBody(plausible: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string> {
  const json = (v: unknown) => JSON.stringify(v);
  return fc.oneof(
    { arbitrary: plausible.map(json), weight: 3 },
    {
      arbitrary: plausible.chain((b) => {
        const text = json(b);
        return fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n));
      }),
      weight: 2,
    },
    { arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json), weight: 2 },
    { arbitrary: fc.string({ maxLength: 300, unit: 'binary' }), weight: 1 },
    {
      arbitrary: fc.tuple(plausible, fc.constantFrom(...POLLUTING_KEYS), fc.jsonValue({ maxDepth: 2 })).map(([b, k, v]) => `${json(b).slice(0, -1)}${Object.keys(b).length ? ',' : ''}${json(k)}:${json(v)}}`),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>).map(([d, k]) => `{"title":"t","x":${nested(d, '1', k)}}`),
      weight: 1,
    },
    { arbitrary: fc.integer({ min: 60_000, max: 80_000 }).map((n) => json({ title: 'x'.repeat(n) })), weight: 1 },
    { arbitrary: fc.constantFrom('', 'null', '[]', '{}', '"x"', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}'), weight: 1 },
  );
}

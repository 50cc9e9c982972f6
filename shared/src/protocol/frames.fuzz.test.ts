// Property tests of the one boundary where raw text becomes a typed frame. Whatever arrives,
// parseClientFrame answers (never throws) with a frame or a typed error, never echoes a huge input
// back, and never lets a frame touch Object.prototype. FUZZ_RUNS scales the counts (npm run fuzz).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_SCALE } from '../testing/fuzz-scale';
import { anyFrame, malformedFrame, POLLUTING_KEYS, validCommand } from '../testing/frame-arbitraries';
import { clientFrameSchema, parseClientFrame } from './client-frames';
import { ERROR_CODES } from './errors';
import { parseServerFrame } from './server-frames';

const SCALE = FUZZ_SCALE;
const PEOPLE = ['h_host', 'm_mod', 's_speaker', 'p_alice', 'p_bob'];
const codes: readonly string[] = ERROR_CODES;
/** Generous: CI machines are small and shared. */
const TIMEOUT = { timeout: 60_000 * SCALE };

function checkAnswer(raw: string) {
  const r = parseClientFrame(raw);
  if (r.ok) {
    // What the parser lets through is exactly what the schema accepts, and survives a round trip.
    expect(clientFrameSchema.parse(JSON.parse(raw))).toEqual(r.frame);
    expect(parseClientFrame(JSON.stringify(r.frame))).toEqual(r);
  } else {
    expect(codes).toContain(r.error.code);
    // A refusal describes the input; it never reflects a big one back (amplification).
    expect(r.error.message.length).toBeLessThan(1200);
  }
  return r;
}

describe('parseClientFrame on anything', () => {
  it('answers every string with a frame or a typed error', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'binary' }), (raw) => void checkAnswer(raw)),
      { numRuns: 500 * SCALE },
    );
  });

  it('answers every malformed frame with the typed error it deserves', TIMEOUT, () => {
    let refused = 0;
    fc.assert(
      fc.property(malformedFrame(PEOPLE), (raw) => {
        if (!checkAnswer(raw).ok) refused++;
      }),
      { numRuns: 1000 * SCALE },
    );
    // A byte flip can land where it changes nothing; nearly all must be refused.
    expect(refused).toBeGreaterThan(950 * SCALE);
  });

  it('accepts every valid command, with its defaults applied', TIMEOUT, () => {
    fc.assert(
      fc.property(validCommand(PEOPLE), (command) => {
        const r = checkAnswer(JSON.stringify(command));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.frame.type).toBe(command.type);
      }),
      { numRuns: 500 * SCALE },
    );
  });

  it('never touches Object.prototype, whatever keys a frame carries', TIMEOUT, () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(anyFrame(PEOPLE), (raw) => {
        const r = checkAnswer(raw);
        if (r.ok) expect(Object.getPrototypeOf(r.frame)).toBe(Object.prototype);
      }),
      { numRuns: 500 * SCALE },
    );
    for (const key of POLLUTING_KEYS) {
      checkAnswer(`{"type":"raise_hand",${JSON.stringify(key)}:{"polluted":true}}`);
      checkAnswer(`{"type":"ping",${JSON.stringify(key)}:{"prototype":{"polluted":true}}}`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});

describe('parseServerFrame on anything', () => {
  it('answers every string with a frame or a typed error (a client fed garbage by a proxy)', TIMEOUT, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120, unit: 'binary' }), malformedFrame(PEOPLE), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v))), (raw) => {
        const r = parseServerFrame(raw);
        if (!r.ok) expect(codes).toContain(r.error.code);
      }),
      { numRuns: 300 * SCALE },
    );
  });
});

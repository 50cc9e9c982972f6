// Fails when the wire schemas change without a protocol bump. When it fails on purpose: bump
// PROTOCOL_VERSION in version.ts, add a history line, and paste the new hashes below.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { clientFrameSchema } from './client-frames';
import { serverFrameSchema } from './server-frames';
import { PROTOCOL_VERSION } from './version';

const EXPECTED = {
  version: 5,
  client: 'c520fc02c9f41b2f',
  server: '9b4a42bec3b89704',
};

/** JSON with object keys sorted at every level, so the hash does not depend on key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** FNV-1a, 64-bit, over UTF-16 code units: no dependency, stable across Node versions. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

const schemaHash = (schema: z.ZodType) => fnv1a64(canonical(z.toJSONSchema(schema)));

describe('protocol version', () => {
  it('matches the schemas it was stamped for', () => {
    const actual = { version: PROTOCOL_VERSION, client: schemaHash(clientFrameSchema), server: schemaHash(serverFrameSchema) };
    expect(actual, 'wire schemas changed: bump PROTOCOL_VERSION (version.ts) and update EXPECTED').toEqual(EXPECTED);
  });

  it('hashes detect a change in a field', () => {
    const a = z.object({ type: z.literal('x'), n: z.number().int().max(10) });
    const b = z.object({ type: z.literal('x'), n: z.number().int().max(11) });
    expect(schemaHash(a)).not.toBe(schemaHash(b));
    expect(schemaHash(a)).toBe(schemaHash(z.object({ type: z.literal('x'), n: z.number().int().max(10) })));
  });
});

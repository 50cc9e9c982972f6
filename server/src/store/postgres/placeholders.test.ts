import { describe, expect, test } from 'vitest';
import { bindValues, translatePlaceholders } from './placeholders';

describe('translatePlaceholders', () => {
  test('numbers positional parameters in order', () => {
    const t = translatePlaceholders('SELECT * FROM t WHERE a = ? AND b > ? LIMIT ?');
    expect(t.text).toBe('SELECT * FROM t WHERE a = $1 AND b > $2 LIMIT $3');
    expect(bindValues(t.slots, ['x', 2, 10])).toEqual(['x', 2, 10]);
  });

  test('a named parameter used twice is one $n', () => {
    const t = translatePlaceholders('SELECT * FROM r WHERE call_id = @callId OR series_id = (SELECT s FROM c WHERE call_id = @callId) AND e = @email');
    expect(t.text).toBe('SELECT * FROM r WHERE call_id = $1 OR series_id = (SELECT s FROM c WHERE call_id = $1) AND e = $2');
    expect(bindValues(t.slots, [{ callId: 'c1', email: 'a@b', extra: 'ignored' }])).toEqual(['c1', 'a@b']);
  });

  test('leaves quoted strings, quoted identifiers and comments alone', () => {
    const sql = `UPDATE r SET email = 'erased-' || id || '@invalid', note = 'it''s ?' WHERE id = ? -- who? @nobody\nAND "we@ird?" = @x`;
    const t = translatePlaceholders(sql);
    expect(t.text).toBe(`UPDATE r SET email = 'erased-' || id || '@invalid', note = 'it''s ?' WHERE id = $1 -- who? @nobody\nAND "we@ird?" = $2`);
    expect(t.slots).toEqual([{ index: 0 }, { name: 'x' }]);
  });

  test('undefined binds as NULL; a missing parameter throws as better-sqlite3 does', () => {
    const t = translatePlaceholders('SELECT @a, @b');
    expect(bindValues(t.slots, [{ a: undefined, b: 1 }])).toEqual([null, 1]);
    expect(() => bindValues(t.slots, [{ a: 1 }])).toThrow(/Missing named parameter "b"/);
    expect(() => bindValues(translatePlaceholders('SELECT ?, ?').slots, [1])).toThrow(RangeError);
  });

  test('binary values are values, not bags of named parameters', () => {
    const t = translatePlaceholders('INSERT INTO p (k, id) VALUES (?, ?)');
    const key = new Uint8Array([1, 2, 3]);
    expect(bindValues(t.slots, [key, 'id'])).toEqual([key, 'id']);
  });
});

import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { toCsv } from './csv';

describe('CSV export', () => {
  test('formula-looking names are neutralized, quotes and newlines survive a round trip', () => {
    const names = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)', '\tTab', 'Ana "the" Organizer, PhD', 'two\nlines'];
    const csv = toCsv(['name', 'minutes'], names.map((n, i) => [n, i]));
    const rows = parse(csv.slice(1), { relax_column_count: false }) as string[][];
    expect(rows[0]).toEqual(['name', 'minutes']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tTab",
      'Ana "the" Organizer, PhD',
      'two\nlines',
    ]);
    expect(rows[2]![1]).toBe('1');
    for (const r of rows.slice(1)) expect(r[0]).not.toMatch(/^[=+\-@]/);
  });
});

// CSV for spreadsheets (csv-stringify does the quoting). A person names themselves
// `=HYPERLINK("http://evil","click")` and an organizer opens the export: any text cell that a
// spreadsheet would read as a formula (=, +, -, @, tab, carriage return first, OWASP's list) gets
// a leading apostrophe, so it shows as text. Numbers stay numbers.
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

export const neutralize = (value: unknown): string | number =>
  typeof value === 'number' ? value : value === null || value === undefined ? '' : FORMULA_START.test(String(value)) ? `'${String(value)}` : String(value);

export function toCsv(header: string[], rows: unknown[][]): string {
  // A BOM so Excel reads UTF-8 names correctly; CRLF line ends (RFC 4180).
  return '\uFEFF' + stringify([header, ...rows.map((r) => r.map(neutralize))], { record_delimiter: 'windows' });
}

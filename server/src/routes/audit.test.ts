import { expect, test } from 'vitest';
import { AUDIT_PAGE, auditQuery, toCsv, type AuditRow } from './audit';

const row = (over: Partial<AuditRow>): AuditRow => ({
  seq: 1,
  at: '2026-01-01T00:00:00.000Z',
  type: 'member_renamed',
  by: 'h_1',
  byName: 'Host',
  participant: 'p_1',
  participantName: 'Someone',
  details: {},
  ...over,
});

test('the CSV export quotes every cell and defuses names and reasons a spreadsheet would run as formulas', () => {
  const csv = toCsv([
    row({ participantName: '=HYPERLINK("http://evil.example","click")' }),
    row({ byName: '+1+cmd|/C calc!A0' }),
    row({ participantName: '-2+3', details: { reason: '@SUM(A1:A9)' } }),
    row({ participantName: 'Line\r\nbreak, "quoted"' }),
  ]);
  const lines = csv.split('\r\n');
  expect(lines[0]).toBe('seq,at,type,by,by_name,participant,participant_name,details');
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  expect(csv).toContain(`"'+1+cmd|/C calc!A0"`);
  expect(csv).toContain(`"'-2+3"`);
  // Every cell is quoted: no cell starts with a formula character outside quotes.
  expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
  expect(csv).toContain('"Line\r\nbreak, ""quoted"""');
});

test('the audit query pages: `after` and `limit` (at most AUDIT_PAGE) parse, anything else is refused', () => {
  expect(auditQuery.parse({})).toEqual({ format: 'json', after: 0, limit: AUDIT_PAGE });
  expect(auditQuery.parse({ after: '40', limit: '10', format: 'csv' })).toEqual({ format: 'csv', after: 40, limit: 10 });
  expect(auditQuery.safeParse({ limit: String(AUDIT_PAGE + 1) }).success).toBe(false);
  expect(auditQuery.safeParse({ after: '-1' }).success).toBe(false);
  expect(auditQuery.safeParse({ page: '2' }).success).toBe(false);
});

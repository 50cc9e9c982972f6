import type { Event } from '@caucus/shared';
import { describe, expect, test } from 'vitest';
import { auditEntry } from '../protocol/view';
import { auditToCsv, auditToJson, csvCell } from './audit-export';

const at = Date.UTC(2026, 7, 6, 18, 30, 0);

describe('audit export', () => {
  test('cells are quoted per RFC 4180 and formula-looking text is defused', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell(null)).toBe('');
    expect(csvCell(7)).toBe('7');
  });

  test('one row per event with names as they were', () => {
    const ban: Event = { type: 'member_banned', at, by: 'h_host', participant: 'p_troll', name: 'Troll, =1+1', role: 'participant', reason: 'slurs', ip: false, device: null, ipHash: null, scope: 'call', expiresAt: null, evidence: { reports: [], chat: [] } };
    const csv = auditToCsv([auditEntry(42, ban, null)]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,time,type,by,by_name,participant,participant_name,summary');
    expect(lines[1]).toBe('42,2026-08-06T18:30:00.000Z,member_banned,h_host,someone,p_troll,someone,"someone banned Troll, =1+1: slurs"');
    const json = JSON.parse(auditToJson('c1', [auditEntry(42, ban, null)]));
    expect(json.callId).toBe('c1');
    expect(json.events[0]).toMatchObject({ seq: 42, type: 'member_banned', reason: 'slurs', time: '2026-08-06T18:30:00.000Z' });
  });
});

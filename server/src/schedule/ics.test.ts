import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../store/store';
import { callToIcs, text } from './ics';

const call = (title: string, description: string): CallRecord => ({
  id: 'c_ics',
  title,
  settings: {} as CallRecord['settings'],
  createdAt: 0,
  endedAt: null,
  schedule: { public: true, startsAt: Date.UTC(2026, 7, 6, 18), timeZone: 'UTC', durationMin: 60, description, speakers: [{ name: 'Ana\rORGANIZER:mailto:evil@example.org', bio: '' }] },
  publicInvite: null,
});

describe('.ics TEXT values', () => {
  it('escape every line break, a lone CR included, and drop other controls', () => {
    expect(text('a\rb\nc\r\nd\u2028e')).toBe('a\\nb\\nc\\nd\\ne');
    expect(text('x\u0000y\u001bz\u007f')).toBe('xyz');
    expect(text('semi;comma,back\\')).toBe('semi\\;comma\\,back\\\\');
  });

  it('a lone CR in a title, description or speaker name injects no property', () => {
    const ics = callToIcs(call('Call\rATTENDEE:mailto:troll@example.org', 'Agenda\rX-INJECTED:1\rLOCATION:elsewhere'), {
      joinUrl: 'https://caucus.example.org/c/c_ics',
      pageUrl: 'https://caucus.example.org/calls/c_ics',
      host: 'caucus.example.org',
      now: 0,
    });
    // CR appears only as the CRLF line ends (and folds) the format defines.
    expect(ics.replace(/\r\n/g, '')).not.toContain('\r');
    const event = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect(event.getAllProperties().map((p) => p.name).sort()).toEqual(
      ['description', 'dtend', 'dtstamp', 'dtstart', 'location', 'status', 'summary', 'uid', 'url'].sort(),
    );
    expect(event.getFirstPropertyValue('summary')).toBe('Call\nATTENDEE:mailto:troll@example.org');
    expect(String(event.getFirstPropertyValue('description'))).toContain('Agenda\nX-INJECTED:1');
  });
});

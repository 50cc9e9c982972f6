// An iCalendar (RFC 5545) file for one call, so calendar apps can add it with the join link.
import type { CallRecord } from '../store/store';

/**
 * TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11). Every line
 * break counts, a lone CR included (some parsers end a line there: `\rATTENDEE:...` would inject
 * a property); other control characters have no place in a TEXT value and are dropped.
 */
export const text = (s: string) =>
  s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n|\u2028|\u2029/g, '\\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

/** UTC date-time form: 20260806T230000Z. */
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Lines longer than 75 octets are folded with CRLF + space (RFC 5545 3.1), never inside a UTF-8 sequence. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

export function callToIcs(call: CallRecord, opts: { joinUrl: string; pageUrl: string; host: string; now: number }): string {
  const { startsAt, durationMin, description, speakers } = call.schedule;
  if (startsAt === null) throw new Error('an unscheduled call has no calendar entry');
  const speakerLines = speakers.map((s) => (s.bio ? `${s.name}: ${s.bio}` : s.name));
  const body = [description, speakerLines.length ? `Speakers:\n${speakerLines.join('\n')}` : '', `Join: ${opts.joinUrl}`]
    .filter(Boolean)
    .join('\n\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Caucus//Coalition calls//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${call.id}@${opts.host}`,
    `DTSTAMP:${stamp(opts.now)}`,
    `DTSTART:${stamp(startsAt)}`,
    `DTEND:${stamp(startsAt + (durationMin ?? 90) * 60_000)}`,
    `SUMMARY:${text(call.title)}`,
    `DESCRIPTION:${text(body)}`,
    `LOCATION:${text(opts.joinUrl)}`,
    `URL:${opts.pageUrl}`,
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

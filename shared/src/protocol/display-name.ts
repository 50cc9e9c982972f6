// Display names are the main tool of impersonation and disruption in a large call: blank names,
// right-to-left overrides that reverse the text around them, zero-width characters that make
// "Host" and "Ho\u200Bst" different strings that look the same, and stacks of combining marks.
// normalizeDisplayName rejects those; nameSkeleton folds look-alikes so the server can tell when
// a participant's name would pass for a host's, a moderator's or a speaker's.

export const DISPLAY_NAME_MAX = 48;
/** More combining marks than this on one base character is "Zalgo" text, not a script. */
const MAX_COMBINING_RUN = 4;

export type NameResult = { ok: true; name: string } | { ok: false; message: string };

// Characters that are invisible, reorder text, or only exist to format it. \p{Cf} covers the
// bidi controls (U+202A-202E, U+2066-2069, U+200E/F, U+061C), zero-width characters (U+200B-200D,
// U+2060-2064, U+FEFF), the soft hyphen U+00AD, U+180E and the tag characters. The rest are
// letters or marks that render as nothing (Hangul fillers, Braille blank, Khmer inherent vowels,
// the combining grapheme joiner, Mongolian variation selectors).
const FORBIDDEN =
  /[\p{Cf}\p{Co}\p{Cs}\p{Cn}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2800\u3164\uFFA0\uFFF9-\uFFFC]/u;
// Controls other than the whitespace ones (tab, line feed, carriage return), which we collapse.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const WHITESPACE_RUN = /[\s\u0085]+/gu;
const COMBINING_RUN = new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1},}`, 'u');

export function normalizeDisplayName(raw: unknown): NameResult {
  if (typeof raw !== 'string') return { ok: false, message: 'name must be text' };
  const nfc = raw.normalize('NFC');
  if (CONTROL.test(nfc)) return { ok: false, message: 'name contains control characters' };
  if (FORBIDDEN.test(nfc)) return { ok: false, message: 'name contains invisible or formatting characters' };
  const name = nfc.replace(WHITESPACE_RUN, ' ').trim();
  const length = [...name].length;
  if (length === 0) return { ok: false, message: 'name is empty' };
  if (length > DISPLAY_NAME_MAX) return { ok: false, message: `name is longer than ${DISPLAY_NAME_MAX} characters` };
  if (/^\p{M}/u.test(name)) return { ok: false, message: 'name starts with a combining mark' };
  if (COMBINING_RUN.test(name)) return { ok: false, message: 'name stacks too many combining marks' };
  return { ok: true, name };
}

// Look-alikes mapped to the Latin letter they pass for. Capitals are mapped before lower-casing,
// because the lower-case forms of some (Greek Eta H -> eta n) look like a different letter.
const UPPER_CONFUSABLES: Record<string, string> = {
  // Greek capitals
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T',
  Υ: 'Y', Χ: 'X',
  // Cyrillic capitals
  А: 'A', В: 'B', Е: 'E', Ё: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y',
  Х: 'X', Ѕ: 'S', І: 'I', Ї: 'I', Ј: 'J', Ԛ: 'Q', Ԝ: 'W', Һ: 'H', Ӏ: 'I',
  // Cherokee capitals that pass for Latin ones
  Ꭺ: 'A', Ᏼ: 'B', Ꮯ: 'C', Ꭼ: 'E', Ꮋ: 'H', Ꭻ: 'J', Ꮶ: 'K', Ꮇ: 'M', Ꮲ: 'P', Ꮪ: 'S', Ꮤ: 'T',
  Ꮃ: 'W', Ꮓ: 'Z',
};
const LOWER_CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y',
  х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ь: 'b', ы: 'bl',
  // Greek
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u',
  χ: 'x', ω: 'w', ϲ: 'c',
  // Armenian
  օ: 'o', ո: 'n', ս: 'u', հ: 'h', զ: 'q', ց: 'g',
  // Latin letters that do not decompose into base + mark
  ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ŧ: 't', ɨ: 'i', ı: 'i', ȷ: 'j', ɑ: 'a', ɡ: 'g', ʏ: 'y', ß: 'ss',
  ſ: 's', ƀ: 'b', ɓ: 'b', ƈ: 'c', ɗ: 'd', ƒ: 'f', ɦ: 'h', ƙ: 'k', ɱ: 'm', ɲ: 'n', ƥ: 'p', ʂ: 's',
  ƭ: 't', ʋ: 'v', ʐ: 'z', æ: 'ae', œ: 'oe',
  // Digits and symbols used as letters
  '0': 'o', '1': 'l', '3': 'e', '5': 's', '@': 'a', $: 's', '|': 'l', '!': 'l',
};

const mapChars = (s: string, table: Record<string, string>): string =>
  [...s].map((c) => table[c] ?? c).join('');

/**
 * A key that is equal for names that look the same: "Ηοst", "HOST", "h0st", "Hóst" and
 * "H o s t" all give "host". Use it to compare, never to display. Over-matching is fine: the
 * server only adds a visible suffix to a participant whose skeleton equals a staff member's.
 */
export function nameSkeleton(name: string): string {
  let s = name.normalize('NFKC');
  s = mapChars(s, UPPER_CONFUSABLES).toLowerCase();
  s = mapChars(s, LOWER_CONFUSABLES);
  // Strip diacritics and any combining marks, then everything that only separates letters.
  s = s.normalize('NFD').replace(/\p{M}/gu, '');
  s = s.replace(/[\p{Z}\p{P}\p{Cf}\p{Cc}\s\u3164\u115F\u1160\uFFA0\u2800]/gu, '');
  // Pairs that render like one letter, then the i/l/1 family (I and l are the same glyph in
  // most sans-serif fonts, so case folding must not separate them).
  s = s.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd');
  s = s.replace(/[il]/g, 'l');
  return s;
}

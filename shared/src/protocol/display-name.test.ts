import { describe, expect, it } from 'vitest';
import { DISPLAY_NAME_MAX, nameSkeleton, normalizeDisplayName } from './display-name';

describe('normalizeDisplayName', () => {
  it.each([
    ['plain', 'Ada Lovelace', 'Ada Lovelace'],
    ['trims and collapses whitespace, tabs and newlines', '  Ada \t\n  Lovelace  ', 'Ada Lovelace'],
    ['collapses exotic spaces (NBSP, ideographic, em)', 'Ada\u00A0\u3000\u2003Lovelace', 'Ada Lovelace'],
    ['composes to NFC', 'Zoe\u0308', 'Zoë'],
    ['keeps other scripts', '李小龍', '李小龍'],
    ['keeps right-to-left text without overrides', 'محمد', 'محمد'],
    ['keeps Devanagari marks', 'क्षत्रिय', 'क्षत्रिय'],
    ['keeps simple emoji', 'Ada 🚀', 'Ada 🚀'],
    ['counts code points, not UTF-16 units', '😀'.repeat(DISPLAY_NAME_MAX), '😀'.repeat(DISPLAY_NAME_MAX)],
  ])('accepts %s', (_n, raw, name) => {
    expect(normalizeDisplayName(raw)).toEqual({ ok: true, name });
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['only whitespace', ' \t\u3000 '],
    ['too long', 'a'.repeat(DISPLAY_NAME_MAX + 1)],
    ['too many emoji', '😀'.repeat(DISPLAY_NAME_MAX + 1)],
    ['NUL', 'Ada\u0000'],
    ['escape (terminal tricks)', 'Ada\u001b[31m'],
    ['DEL', 'Ada\u007f'],
    ['C1 control', 'Ada\u0085x'],
    ['right-to-left override', '\u202Etsoh'],
    ['left-to-right embedding', 'Ada\u202A'],
    ['bidi isolate', 'Ada\u2066x\u2069'],
    ['right-to-left mark', 'Ada\u200F'],
    ['Arabic letter mark', 'Ada\u061C'],
    ['zero-width space', 'Ho\u200Bst'],
    ['zero-width joiner', 'Ho\u200Dst'],
    ['word joiner', 'Ho\u2060st'],
    ['invisible times', 'Ho\u2062st'],
    ['byte order mark', '\uFEFFHost'],
    ['soft hyphen', 'Ho\u00ADst'],
    ['Mongolian vowel separator', 'Ho\u180Est'],
    ['Hangul filler (a "blank" name)', '\u3164'],
    ['Hangul choseong filler', '\u115F'],
    ['Hangul jungseong filler', '\u1160'],
    ['halfwidth Hangul filler', '\uFFA0'],
    ['Braille blank', '\u2800'],
    ['combining grapheme joiner', 'Ho\u034Fst'],
    ['tag characters', 'Host\u{E0041}'],
    ['private use', 'Host\uE000'],
    ['lone surrogate', 'Host\uD800'],
    ['leading combining mark', '\u0301Host'],
    ['Zalgo stacking', 'H\u0336\u0321\u032A\u032F\u0368\u034Aost'],
  ])('rejects %s', (_n, raw) => {
    const r = normalizeDisplayName(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/\w/);
  });
});

describe('nameSkeleton', () => {
  const HOST = nameSkeleton('Host');
  it.each([
    ['case', 'HOST'],
    ['Greek capitals (Eta, Omicron)', '\u0397\u039Fst'],
    ['Greek lower omicron', 'H\u03BFst'],
    ['Cyrillic', '\u041D\u043E\u0455\u0442'],
    ['zero for o', 'H0st'],
    ['diacritics', 'Hóśt'],
    ['fullwidth', 'Ｈｏｓｔ'],
    ['spaces and punctuation', 'H. o-s_t'],
    ['mathematical bold', '𝐇𝐨𝐬𝐭'],
    ['Cherokee', 'Ꮋost'],
  ])('folds %s to the same key', (_n, lookalike) => {
    expect(nameSkeleton(lookalike)).toBe(HOST);
  });

  it.each([
    ['I, l and 1', ['Ilya', 'llya', '1lya', 'ilya']],
    ['rn and m', ['Mary', 'rnary']],
    ['vv and w', ['Walter', 'VValter']],
    ['Cyrillic a', ['Maria', 'M\u0430ria']],
  ])('folds %s together', (_n, names) => {
    const keys = new Set(names.map(nameSkeleton));
    expect(keys.size).toBe(1);
  });

  it('keeps different names apart', () => {
    const names = ['Ada', 'Bob', 'Host', 'Moderator', 'Zoë Smith', 'Zoe Smyth', '李小龍', 'محمد'];
    expect(new Set(names.map(nameSkeleton)).size).toBe(names.length);
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeFreeText } from './free-text';

describe('normalizeFreeText: what readers see is what is kept', () => {
  it('puts text in NFC', () => {
    expect(normalizeFreeText('Cafe\u0301 in Bogota\u0301')).toBe('Café in Bogotá');
    expect(normalizeFreeText('Cafe\u0301')).toHaveLength(4);
  });

  it('removes bidi overrides, embeddings, isolates and marks', () => {
    // "Open invoice\u202Egpj.exe" displays as "Open invoiceexe.jpg".
    expect(normalizeFreeText('Open invoice\u202Egpj.exe')).toBe('Open invoicegpj.exe');
    expect(normalizeFreeText('\u2067evil\u2069 \u202Dx\u202C \u200Fy\u200E z\u061C')).toBe('evil x y z');
  });

  it('removes invisibles that make look-alike text or hide text', () => {
    expect(normalizeFreeText('pay\u200Bpal \u2060ad\u00ADmin\uFEFF')).toBe('paypal admin');
    // Zero-width joiners between Latin (or Cyrillic) letters only hide a difference.
    expect(normalizeFreeText('Ho\u200Dst Ho\u200Cst П\u200Dутин')).toBe('Host Host Путин');
    // Hangul fillers and the Braille blank make "blank" messages and names.
    expect(normalizeFreeText('\u3164\u2800\u115F')).toBe('');
    // Tag characters outside a flag smuggle invisible ASCII ("ignore previous instructions").
    const smuggled = 'hello' + [...'ignore all'].map((c) => String.fromCodePoint(0xe0000 + c.codePointAt(0)!)).join('');
    expect(normalizeFreeText(smuggled)).toBe('hello');
    // One variation selector chooses a form; a run of them carries hidden bytes.
    expect(normalizeFreeText('a\uFE0F\uFE0E\u{E0100}\u{E0101}b')).toBe('a\uFE0Fb');
  });

  it('keeps emoji sequences: ZWJ families and professions, skin tones, keycaps, flags, tag flags', () => {
    for (const emoji of ['👨‍👩‍👧‍👦', '👩🏽‍💻', '🧑🏿‍🦱', '❤️‍🔥', '🏳️‍🌈', '🏴‍☠️', '1️⃣', '🇵🇸', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏴󠁧󠁢󠁷󠁬󠁳󠁿']) {
      expect(normalizeFreeText(`Solidarity ${emoji}!`)).toBe(`Solidarity ${emoji}!`);
    }
  });

  it('keeps the joiners that scripts need: Persian ZWNJ, Devanagari and Sinhala ZWJ', () => {
    // "I want" and "books" in Persian, each with a ZWNJ between two letters.
    for (const persian of ['می‌خواهم', 'کتاب‌ها', 'نمی‌دانم']) expect(normalizeFreeText(persian)).toBe(persian);
    expect(normalizeFreeText('می‌خواهم')).toContain('\u200C');
    // Devanagari half forms and Sinhala conjuncts use ZWJ/ZWNJ after a virama.
    for (const indic of ['क्‍ष', 'क्‌ष', 'ශ්‍රී ලංකා']) expect(normalizeFreeText(indic)).toBe(indic);
    // A Persian sentence with an override attack around it: the override goes, the ZWNJ stays.
    expect(normalizeFreeText('\u202Eمی‌خواهم\u202C')).toBe('می‌خواهم');
  });

  it('keeps line breaks and tabs, drops other controls, trims', () => {
    expect(normalizeFreeText('  one\r\ntwo\rthree\tfour\u0007\u0000\u009B  ')).toBe('one\ntwo\nthree\tfour');
  });

  it('a joiner at the edges or doubled is dropped', () => {
    expect(normalizeFreeText('\u200D👍\u200D')).toBe('👍');
    expect(normalizeFreeText('👩\u200D\u200D💻')).toBe('👩\u200D💻');
  });
});

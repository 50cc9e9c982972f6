// Free text people write for others to read (chat, reports, captions, ban and removal reasons):
// what is kept is what a reader sees. Text is put in NFC (one spelling per character: "é" is one
// code point, so a filter or a search matches what is shown). Removed: characters that reorder
// the text around them (bidi embeddings, overrides, isolates and marks: a right-to-left override
// turns "gpj.exe" into "exe.jpg"), invisible characters that make two identical-looking strings
// differ or smuggle hidden text (zero-width space, word joiner, BOM, soft hyphen, invisible
// operators, Hangul fillers, tag characters outside an emoji flag, repeated variation selectors),
// and control characters other than line breaks and tabs. Kept: the joiners that writing needs.
// ZWJ between emoji makes one emoji of several (👩‍💻, 👨‍👩‍👧); ZWNJ and ZWJ between letters of
// scripts such as Persian, Arabic or the Indic scripts change how letters join (می‌خواهم). Between
// Latin, Greek or Cyrillic letters, or anywhere else, they only hide a difference, and go.
// The client renders the result isolated (<bdi>, dir="auto"), so a right-to-left message cannot
// reorder the line around it either.

/** Line breaks become \n; every other C0/C1 control but the tab goes. */
const CONTROLS = /\r\n?|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;
/**
 * Bidi controls (U+061C ALM, U+200E/F LRM/RLM, U+202A-202E embeddings and overrides, U+2066-2069
 * isolates) and invisibles that are never needed in running text: zero-width space U+200B, word
 * joiner and invisible operators U+2060-2064, deprecated format characters U+206A-206F, BOM
 * U+FEFF, soft hyphen U+00AD, Mongolian vowel separator U+180E, combining grapheme joiner U+034F,
 * Hangul fillers U+115F/U+1160/U+3164/U+FFA0, Khmer inherent vowels U+17B4/U+17B5, Braille blank
 * U+2800, interlinear annotation U+FFF9-FFFB, lone surrogates.
 */
const ALWAYS_REMOVED =
  /[\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\u00AD\u180E\u034F\u115F\u1160\u3164\uFFA0\u17B4\u17B5\u2800\uFFF9-\uFFFB]|\p{Cs}/gu;

const ZWNJ = '\u200C';
const ZWJ = '\u200D';
const BLACK_FLAG = '\u{1F3F4}';
const CANCEL_TAG = '\u{E007F}';
const isTag = (c: string) => c >= '\u{E0020}' && c <= '\u{E007F}';
const isVariationSelector = (c: string) => /[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u.test(c);
/** What may stand on the left of a ZWJ in an emoji sequence: a pictograph, a skin tone, VS16, a keycap. */
const EMOJI_LEFT = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u20E3]/u;
const EMOJI_RIGHT = /\p{Extended_Pictographic}/u;
const LETTER = /[\p{L}\p{M}]/u;
/** Scripts where a joiner between two letters would only hide a look-alike. */
const NO_JOINERS = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Cherokee}]/u;

function joinerNeeded(joiner: string, before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  if (joiner === ZWJ && EMOJI_LEFT.test(before) && EMOJI_RIGHT.test(after)) return true;
  return LETTER.test(before) && LETTER.test(after) && !NO_JOINERS.test(before) && !NO_JOINERS.test(after);
}

/** Keeps tag characters only inside a flag sequence: black flag, tags, cancel tag (🏴󠁧󠁢󠁳󠁣󠁴󠁿). */
function tagSequenceEnd(chars: readonly string[], flagAt: number): number {
  let i = flagAt + 1;
  while (i < chars.length && isTag(chars[i]!) && chars[i] !== CANCEL_TAG) i++;
  return i > flagAt + 1 && chars[i] === CANCEL_TAG ? i : -1;
}

/** The text as readers will see it, without the characters above. Trimmed; may come out empty. */
export function normalizeFreeText(raw: string): string {
  const chars = [...raw.normalize('NFC').replace(CONTROLS, (c) => (c.startsWith('\r') ? '\n' : '')).replace(ALWAYS_REMOVED, '')];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === BLACK_FLAG) {
      const end = tagSequenceEnd(chars, i);
      if (end > 0) {
        out.push(...chars.slice(i, end + 1));
        i = end;
        continue;
      }
    }
    if (isTag(c)) continue;
    // One variation selector after a character chooses its form; more only carry hidden data.
    if (isVariationSelector(c) && (out.length === 0 || isVariationSelector(out[out.length - 1]!))) continue;
    if ((c === ZWJ || c === ZWNJ) && !joinerNeeded(c, out[out.length - 1], chars[i + 1])) continue;
    out.push(c);
  }
  return out.join('').trim();
}

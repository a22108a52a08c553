// Text normalisation. Two flavours:
// - normalizeForSearch: an aggressive, lossy key for matching ("علي‌رضا" ≡ "علی رضا" ≡ "عَلی  رضا").
//   It is defined entirely as one character→character table plus "collapse spaces, trim", so that
//   the PostgreSQL twin in normalize-sql.ts is generated from the same table and cannot drift.
// - normalizeForDisplay: a light clean-up applied on write that keeps the text proper Persian.

/** Pairs of [characters, replacement]: every character of the first string maps to the second. */
type CharRule = readonly [from: string, to: string];

const PERSIAN_YEH = '\u06CC'; // ی
const PERSIAN_KEHEH = '\u06A9'; // ک
const HEH = '\u0647'; // ه
const ALEF = '\u0627'; // ا
const WAW = '\u0648'; // و

function range(from: number, to: number): string {
  let s = '';
  for (let c = from; c <= to; c++) s += String.fromCharCode(c);
  return s;
}

const ARABIC_LETTER_RULES: readonly CharRule[] = [
  // Arabic yeh, alef maksura and yeh-with-hamza: keyboards and Arabic sources produce them for ی;
  // ئ is folded too because Persian spells the same word both ways (پائیز / پاییز).
  ['\u064A\u0649\u0626', PERSIAN_YEH],
  // Arabic kaf and swash kaf.
  ['\u0643\u06AA', PERSIAN_KEHEH],
  // teh marbuta, heh-with-yeh (ۀ), heh doachashmee, heh goal (±hamza), ae: all read/typed as ه.
  // ه + U+0654 (هٔ) needs no rule: U+0654 is a diacritic and is deleted below.
  ['\u0629\u06C0\u06BE\u06C1\u06C2\u06D5', HEH],
  // alef with hamza above/below, madda, wasla and wavy hamzas.
  ['\u0623\u0625\u0622\u0671\u0672\u0673', ALEF],
  ['\u0624', WAW],
];

const DIGIT_RULES: readonly CharRule[] = Array.from(
  { length: 10 },
  (_, d): CharRule => [String.fromCharCode(0x06f0 + d, 0x0660 + d), String(d)],
);

// Latin: lower-casing and accent stripping by explicit table rather than lower()/NFKD. PostgreSQL's
// lower() depends on the database's collation (with the C locale it only folds ASCII), which would
// make an IMMUTABLE function lie; and an explicit table is what lets TS and SQL agree exactly.
// Only single-character mappings: ß, æ, œ are not expanded to ss, ae, oe.
const LATIN_RULES: readonly CharRule[] = [
  ...Array.from(
    { length: 26 },
    (_, i): CharRule => [String.fromCharCode(65 + i), String.fromCharCode(97 + i)],
  ),
  ['ÀÁÂÃÄÅĀĂĄàáâãäåāăą', 'a'],
  ['ÇĆĈĊČçćĉċč', 'c'],
  ['ĎĐďđ', 'd'],
  ['ÈÉÊËĒĔĖĘĚèéêëēĕėęě', 'e'],
  ['ĜĞĠĢĝğġģ', 'g'],
  ['ĤĦĥħ', 'h'],
  ['ÌÍÎÏĨĪĬĮİìíîïĩīĭįı', 'i'],
  ['Ĵĵ', 'j'],
  ['Ķķ', 'k'],
  ['ĹĻĽĿŁĺļľŀł', 'l'],
  ['ÑŃŅŇñńņň', 'n'],
  ['ÒÓÔÕÖØŌŎŐòóôõöøōŏő', 'o'],
  ['ŔŖŘŕŗř', 'r'],
  ['ŚŜŞŠśŝşš', 's'],
  ['ŢŤŦţťŧ', 't'],
  ['ÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűų', 'u'],
  ['Ŵŵ', 'w'],
  ['ÝŸŶýÿŷ', 'y'],
  ['ŹŻŽźżž', 'z'],
  // Letters with no single-letter base keep their identity, only lower-cased.
  ['Æ', 'æ'],
  ['Œ', 'œ'],
  ['Ð', 'ð'],
  ['Þ', 'þ'],
];

/**
 * Everything that separates words becomes an ASCII space. ZWNJ (نیم‌فاصله) is deliberately a
 * separator, not deleted: Persian users type either a ZWNJ or a plain space between the parts of
 * one word (علی‌رضا / علی رضا, می‌روم / می روم) depending on keyboard and habit, so both spellings
 * must give the same key; a space also keeps word boundaries for prefix and trigram search.
 * ZWJ and ZWSP are treated the same way since they are used (wrongly) in its place.
 */
export const SEARCH_SPACE_CHARS =
  '\t\n\u000B\f\r\u0085\u00A0\u1680' +
  range(0x2000, 0x200a) +
  '\u200B\u200C\u200D\u2028\u2029\u202F\u205F\u3000';

/**
 * Deleted outright: Arabic diacritics (fatha…sukun, tanwin, shadda, hamza/madda above and below,
 * U+064B–U+065F, superscript alef U+0670), tatweel, combining Latin accents (decomposed input),
 * and invisible format characters (BOM/ZWNBSP, soft hyphen, word joiner, bidi marks and embeddings).
 */
export const SEARCH_DELETED_CHARS =
  range(0x064b, 0x065f) +
  '\u0670\u0640' +
  range(0x0300, 0x036f) +
  '\uFEFF\u00AD\u2060\u061C\u200E\u200F' +
  range(0x202a, 0x202e) +
  range(0x2066, 0x2069);

function buildTranslateTable(): { from: string; to: string } {
  let from = '';
  let to = '';
  for (const [chars, replacement] of [...ARABIC_LETTER_RULES, ...DIGIT_RULES, ...LATIN_RULES]) {
    for (const ch of chars) {
      from += ch;
      to += replacement;
    }
  }
  for (const ch of SEARCH_SPACE_CHARS) {
    from += ch;
    to += ' ';
  }
  // Characters of `from` past the end of `to` are deleted, exactly as in SQL translate().
  return { from: from + SEARCH_DELETED_CHARS, to };
}

/**
 * The single-pass character table behind normalizeForSearch, in the shape of SQL
 * translate(text, from, to): from[i] → to[i], and characters of `from` beyond to.length are deleted.
 * All entries are BMP characters, so UTF-16 index = character index.
 */
export const SEARCH_TRANSLATE_TABLE: Readonly<{ from: string; to: string }> = Object.freeze(
  buildTranslateTable(),
);

const searchMap: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const { from, to } = SEARCH_TRANSLATE_TABLE;
  for (let i = 0; i < from.length; i++) {
    const ch = from.charAt(i);
    // First occurrence wins, like translate(); the table is also tested to have no duplicates.
    if (!map.has(ch)) map.set(ch, i < to.length ? to.charAt(i) : '');
  }
  return map;
})();

/**
 * The matching key for search and de-duplication. Lossy by design; never store it as the value the
 * user sees. Identical to the SQL function peyvand_normalize() (see normalize-sql.ts).
 */
export function normalizeForSearch(text: string): string {
  let out = '';
  // for…of walks code points, as PostgreSQL's translate() walks characters.
  for (const ch of text) out += searchMap.get(ch) ?? ch;
  return out.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}

const HORIZONTAL_SPACES = `[\\t\\u000B\\f\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000 ]`;
const ZWNJ = '\u200C';

/**
 * A light clean-up for storing user input (names, addresses, notes) so that it displays as proper
 * Persian: Arabic ي/ى/ك → ی/ک, tatweel removed, exotic spaces and tabs → one space, line breaks
 * unified to \n (kept: notes are multi-line), repeated ZWNJ collapsed and ZWNJ next to a space or
 * at a line edge dropped, stray BOM/ZWSP removed, outer whitespace trimmed. Digits, diacritics,
 * ZWNJ between letters and bidi marks are left as the user typed them.
 */
export function normalizeForDisplay(text: string): string {
  return text
    .replace(/[\u064A\u0649]/g, PERSIAN_YEH)
    .replace(/\u0643/g, PERSIAN_KEHEH)
    .replace(/[\u0640\uFEFF\u200B]/g, '')
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    .replace(new RegExp(`${HORIZONTAL_SPACES}+`, 'g'), ' ')
    .replace(/\u200C{2,}/g, ZWNJ)
    .replace(/ ?\u200C(?: \u200C?)*/g, (m) => (m === ZWNJ ? ZWNJ : ' '))
    .replace(/(^|\n)\u200C|\u200C(?=\n|$)/g, '$1')
    .replace(/ ?\n ?/g, '\n')
    .replace(/^[ \n]+|[ \n]+$/g, '');
}

// Runs the SQL twin of normalizeForSearch in PGlite (real PostgreSQL compiled to WASM) and checks
// that it returns exactly what the TypeScript function returns.
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeForSearch } from './normalize';
import { PERSIAN_NORMALIZE_SQL } from './normalize-sql';

let db: PGlite;

beforeAll(async () => {
  db = await PGlite.create();
  await db.exec(PERSIAN_NORMALIZE_SQL);
});

afterAll(async () => {
  await db?.close();
});

async function sqlNormalizeAll(inputs: readonly string[]): Promise<(string | null)[]> {
  const { rows } = await db.query<{ n: string | null }>(
    'SELECT peyvand_normalize(s) AS n FROM unnest($1::text[]) WITH ORDINALITY AS t(s, i) ORDER BY i',
    [inputs],
  );
  return rows.map((r) => r.n);
}

const codePoints = (s: string): string =>
  [...s].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
}

// The alphabet the random strings are drawn from: everything the table touches, its neighbours,
// and characters it must leave alone.
const PERSIAN_LETTERS = [...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآ'];
const ARABIC_VARIANTS = [...'يىئكڪةۀھہۂەأإآٱٲٳؤءۓ'];
const DIACRITICS = [...range(0x064b, 0x065f), '\u0670', '\u0640', ...range(0x0300, 0x036f)];
const SPACES_AND_FORMAT = [
  ' ',
  ' ',
  '\u200C',
  '\u200D',
  '\u200B',
  '\uFEFF',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u00AD',
  '\u2060',
  '\t',
  '\n',
  '\r',
  '\u000B',
  '\f',
  '\u0085',
  '\u00A0',
  '\u1680',
  '\u2028',
  '\u2029',
  '\u202F',
  '\u205F',
  '\u3000',
  ...range(0x2000, 0x200a),
  ...range(0x202a, 0x202e),
  ...range(0x2066, 0x2069),
];
const DIGITS = [...range(0x30, 0x39), ...range(0x06f0, 0x06f9), ...range(0x0660, 0x0669)];
const LATIN = [
  ...range(0x41, 0x5a),
  ...range(0x61, 0x7a),
  ...range(0xc0, 0xff),
  ...range(0x100, 0x17f),
  'ẞ',
  'ǅ',
];
const PUNCTUATION = [...'.,;:!?-_()[]{}\'"/\\@#%&*+=<>|~`^$،؛؟«»٪٫٬…–—'];
const OTHERS = [...'ΩωΣσДдЖжあ中€ⅫⅠﻼﷲ', '😀', '👍🏽', '🇮🇷', '\u{1D400}'];

const char = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...PERSIAN_LETTERS) },
  { weight: 3, arbitrary: fc.constantFrom(...ARABIC_VARIANTS) },
  { weight: 2, arbitrary: fc.constantFrom(...DIACRITICS) },
  { weight: 3, arbitrary: fc.constantFrom(...SPACES_AND_FORMAT) },
  { weight: 2, arbitrary: fc.constantFrom(...DIGITS) },
  { weight: 3, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 1, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHERS) },
);
const text = fc.array(char, { maxLength: 30 }).map((chars) => chars.join(''));

describe('peyvand_normalize (SQL) ≡ normalizeForSearch (TS)', () => {
  it('is IMMUTABLE, usable in an expression index, and STRICT', async () => {
    const { rows } = await db.query<{ provolatile: string; proisstrict: boolean; proparallel: string }>(
      "SELECT provolatile, proisstrict, proparallel FROM pg_proc WHERE proname = 'peyvand_normalize'",
    );
    expect(rows).toEqual([{ provolatile: 'i', proisstrict: true, proparallel: 's' }]);
    await db.exec(`
      CREATE TEMP TABLE people (name text);
      CREATE INDEX ON people (peyvand_normalize(name));
      INSERT INTO people VALUES ('علي‌رضا كريمي'), (NULL);
    `);
    const found = await db.query<{ name: string }>(
      'SELECT name FROM people WHERE peyvand_normalize(name) = peyvand_normalize($1)',
      ['علی رضا کریمی'],
    );
    expect(found.rows).toEqual([{ name: 'علي‌رضا كريمي' }]);
    expect((await db.query('SELECT peyvand_normalize(NULL) AS n')).rows).toEqual([{ n: null }]);
  });

  it('agrees on hand-picked cases', async () => {
    const cases = [
      '',
      ' ',
      'علي‌رضا',
      '  كتابخانۀ   مرکزی ',
      'خانهٔ',
      'مُحَمَّد',
      '۱۲۳٤٥٦789',
      'ÉCOLE Ärger Łódź',
      'Cafe\u0301',
      '\uFEFF\u200Eسلام\u200F',
      'a\u2003\u3000b\t\nc',
      'x😀y🇮🇷',
      'İı ẞß Æ',
    ];
    expect(await sqlNormalizeAll(cases)).toEqual(cases.map(normalizeForSearch));
  });

  it('agrees on 10,000 random strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 500, maxLength: 500 }), async (batch) => {
        const sql = await sqlNormalizeAll(batch);
        const mismatches = batch.flatMap((input, i) => {
          const ts = normalizeForSearch(input);
          return sql[i] === ts ? [] : [{ input: codePoints(input), ts: codePoints(ts), sql: sql[i] }];
        });
        expect(mismatches).toEqual([]);
      }),
      { numRuns: 20 },
    );
  });
});

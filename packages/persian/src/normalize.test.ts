import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeForDisplay, normalizeForSearch, SEARCH_TRANSLATE_TABLE } from './normalize';

describe('normalizeForSearch', () => {
  it.each([
    // Arabic letter variants
    ['علي', 'علی'],
    ['موسى', 'موسی'],
    ['پائیز', 'پاییز'],
    ['كتاب', 'کتاب'],
    ['مدرسة', 'مدرسه'],
    ['خانۀ ما', 'خانه ما'],
    ['خانهٔ ما', 'خانه ما'],
    ['أحمد إبراهيم آرش ٱ', 'احمد ابراهیم ارش ا'],
    ['مؤمن', 'مومن'],
    // diacritics and tatweel
    ['مُحَمَّد', 'محمد'],
    ['کتاباً', 'کتابا'],
    ['رحمٰن', 'رحمن'],
    ['سـلـام', 'سلام'],
    // ZWNJ and friends become a space
    ['علی‌رضا', 'علی رضا'],
    ['می‍روم', 'می روم'],
    ['a\u200Bb', 'a b'],
    // invisible format characters vanish
    ['\uFEFFسلام\u200E', 'سلام'],
    ['ab\u202Bcd\u202C\u2067e\u2069', 'abcde'],
    // all spaces unify, collapse, trim
    ['  a\t\tb\n\u00A0c\u2003d\u202Fe\u3000f  ', 'a b c d e f'],
    // digits of all kinds
    ['۰۹۱۲ ٣٤٥', '0912 345'],
    // Latin case and accents
    ['ÉCOLE Ärger Łódź Ñandú', 'ecole arger lodz nandu'],
    ['Cafe\u0301', 'cafe'],
    ['İstanbul ıi', 'istanbul ii'],
    ['Straße Æon', 'straße æon'],
    // untouched: Persian letters, punctuation, other scripts, emoji
    ['پژوهش، گچ؟', 'پژوهش، گچ؟'],
    ['Ωmega Привет 😀', 'Ωmega Привет 😀'],
    ['', ''],
    [' \u200C ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForSearch(input)).toBe(expected);
  });

  it('makes the usual spelling variants of one name equal', () => {
    const variants = ['علیرضا‌', 'عليرضا', 'علـیرضا', 'عَلیرِضا', ' علیرضا '];
    expect(new Set(variants.map(normalizeForSearch)).size).toBe(1);
    const spaced = ['علی‌رضا', 'علي رضا', 'علی  رضا', 'علی\u00A0رضا'];
    expect(new Set(spaced.map(normalizeForSearch)).size).toBe(1);
  });

  it('has a translate table without duplicate source characters', () => {
    const from = [...SEARCH_TRANSLATE_TABLE.from];
    expect(new Set(from).size).toBe(from.length);
    expect(from.length).toBe(SEARCH_TRANSLATE_TABLE.from.length); // all BMP
    expect(SEARCH_TRANSLATE_TABLE.to.length).toBeLessThan(from.length);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const once = normalizeForSearch(s);
        expect(normalizeForSearch(once)).toBe(once);
      }),
    );
  });

  it('never leaves doubled, leading or trailing spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(normalizeForSearch(s)).not.toMatch(/^ | $| {2}/);
      }),
    );
  });
});

describe('normalizeForDisplay', () => {
  it.each([
    ['علي كريمي', 'علی کریمی'],
    ['موسى', 'موسی'],
    ['سـلـام', 'سلام'],
    ['  a\t\u00A0 b  ', 'a b'],
    ['می‌روم', 'می‌روم'],
    ['می‌‌‌روم', 'می‌روم'],
    ['می ‌روم', 'می روم'],
    ['می‌ روم', 'می روم'],
    ['\u200Cسلام\u200C', 'سلام'],
    ['line 1  \r\n  line 2\rline 3', 'line 1\nline 2\nline 3'],
    ['۱۲۳ 456 ٧٨٩', '۱۲۳ 456 ٧٨٩'],
    ['مُحَمَّد خانۀ', 'مُحَمَّد خانۀ'],
    ['\uFEFFab\u200Bc', 'abc'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForDisplay(input)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const once = normalizeForDisplay(s);
        expect(normalizeForDisplay(once)).toBe(once);
      }),
    );
  });

  it('gives the same search key as the raw text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(normalizeForSearch(normalizeForDisplay(s))).toBe(normalizeForSearch(s));
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import * as persian from './index';

describe('@peyvand/persian public API', () => {
  it('exports every documented function and constant', () => {
    const expected = [
      'normalizeForSearch',
      'normalizeForDisplay',
      'PERSIAN_NORMALIZE_SQL',
      'toPersianDigits',
      'toLatinDigits',
      'parseDecimalString',
      'formatNumber',
      'toJalali',
      'toGregorian',
      'isValidJalaliDate',
      'jalaliMonthLength',
      'isJalaliLeapYear',
      'formatJalali',
      'parseJalali',
      'rialToToman',
      'tomanToRial',
      'formatMoney',
      'amountInPersianWords',
      'numberToPersianWords',
      'parseIranPhone',
      'isValidNationalId',
      'parseNationalId',
      'parseLegalId',
      'parsePostalCode',
      'parseSheba',
      'normalizeEmail',
    ];
    for (const name of expected) expect(persian).toHaveProperty(name);
  });
});

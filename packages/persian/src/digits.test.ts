import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  numberToDecimalString,
  parseDecimalString,
  toDecimalString,
  toLatinDigits,
  toPersianDigits,
} from './digits';

describe('digit conversion', () => {
  it('converts between the three digit systems', () => {
    expect(toPersianDigits('0123456789')).toBe('۰۱۲۳۴۵۶۷۸۹');
    expect(toPersianDigits('٠١٢٣٤٥٦٧٨٩')).toBe('۰۱۲۳۴۵۶۷۸۹');
    expect(toPersianDigits(1403)).toBe('۱۴۰۳');
    expect(toPersianDigits(12n)).toBe('۱۲');
    expect(toLatinDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
    expect(toLatinDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
    expect(toLatinDigits('تلفن: ۰۹۱۲-٣٤٥ abc')).toBe('تلفن: 0912-345 abc');
  });

  it('round-trips any ASCII digit string', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9a-z ]*$/), (s) => toLatinDigits(toPersianDigits(s)) === s));
  });
});

describe('parseDecimalString', () => {
  it.each([
    ['0', '0'],
    ['007', '7'],
    ['-0', '0'],
    ['-0.00', '0.00'],
    ['+12', '12'],
    ['−12', '-12'],
    ['12.50', '12.50'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['۱۲۳٫۴۵', '123.45'],
    ['١٢٣', '123'],
    ['1,234,567.89', '1234567.89'],
    ['۱٬۲۳۴٬۵۶۷', '1234567'],
    ['1_000', '1000'],
    [' 42 ', '42'],
    ['\u200E-5', '-5'],
  ])('%j → %j', (input, expected) => {
    expect(parseDecimalString(input)).toBe(expected);
  });

  it.each(['', '.', '-', 'abc', '1,5', '1,23', '12,3456', '1,234٬567', '1.2.3', '1e5', '1 000', '--1'])(
    'refuses %j',
    (input) => {
      expect(parseDecimalString(input)).toBeNull();
    },
  );
});

describe('numberToDecimalString', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [1.5, '1.5'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [1e-7, '0.0000001'],
    [-1.25e-8, '-0.0000000125'],
    [123456789012, '123456789012'],
  ])('%d → %s', (n, s) => {
    expect(numberToDecimalString(n)).toBe(s);
  });

  it('refuses NaN and Infinity', () => {
    expect(() => numberToDecimalString(Number.NaN)).toThrow(RangeError);
    expect(() => toDecimalString(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => toDecimalString('x')).toThrow(RangeError);
  });
});

describe('formatNumber', () => {
  it('uses Persian separators and digits by default', () => {
    expect(formatNumber(1234567)).toBe('۱٬۲۳۴٬۵۶۷');
    expect(formatNumber('1234567.5')).toBe('۱٬۲۳۴٬۵۶۷٫۵');
    expect(formatNumber('-1234.5')).toBe('\u200E\u2212۱٬۲۳۴٫۵');
    expect(formatNumber('999')).toBe('۹۹۹');
    expect(formatNumber(1000n, { digits: 'latn' })).toBe('1,000');
    expect(formatNumber('1234567', { digits: 'latn', grouping: false })).toBe('1234567');
    expect(formatNumber('-1234567.25', { digits: 'latn' })).toBe('-1,234,567.25');
  });

  it('keeps every digit of huge decimal strings (no float on the way)', () => {
    expect(formatNumber('123456789012345678901234567890.000000001', { digits: 'latn' })).toBe(
      '123,456,789,012,345,678,901,234,567,890.000000001',
    );
  });

  // Intl.NumberFormat accepts decimal strings exactly, so it is an independent oracle for CLDR's
  // fa and en formats (trailing fraction zeros and -0 excluded: Intl drops/keeps them differently).
  const decimalStrings = fc
    .tuple(
      fc.boolean(),
      fc.stringMatching(/^[1-9][0-9]{0,30}$|^0$/),
      fc.option(fc.stringMatching(/^[0-9]{0,19}[1-9]$/), { nil: undefined }),
    )
    .filter(([neg, int, frac]) => !(neg && int === '0' && frac === undefined))
    .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`);

  it('agrees with Intl.NumberFormat for fa and en', () => {
    const fa = new Intl.NumberFormat('fa', { maximumFractionDigits: 20 });
    const en = new Intl.NumberFormat('en', { maximumFractionDigits: 20 });
    const faPlain = new Intl.NumberFormat('fa', { maximumFractionDigits: 20, useGrouping: false });
    fc.assert(
      fc.property(decimalStrings, (s) => {
        const intlInput = s as unknown as number; // Intl takes decimal strings exactly (ES2023).
        expect(formatNumber(s)).toBe(fa.format(intlInput));
        expect(formatNumber(s, { digits: 'latn' })).toBe(en.format(intlInput));
        expect(formatNumber(s, { grouping: false })).toBe(faPlain.format(intlInput));
      }),
      { numRuns: 1000 },
    );
  });

  // Intl in Node 20 stops at 20 fraction digits, so tiny doubles are left out of the comparison.
  const numbers = fc.oneof(
    fc
      .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 12 }))
      .map(([i, k]) => i / 10 ** k),
    fc.double({ min: 1e15, max: 1e300, noNaN: true }),
    fc.maxSafeInteger(),
  );

  it('formats JS numbers (including exponent forms) like Intl does', () => {
    const fa = new Intl.NumberFormat('fa', { maximumFractionDigits: 20 });
    fc.assert(
      fc.property(numbers, (n) => {
        expect(formatNumber(n)).toBe(fa.format(n));
      }),
      { numRuns: 500 },
    );
  });
});

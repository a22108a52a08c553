import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInPersianWords, formatMoney, numberToPersianWords, rialToToman, tomanToRial } from './money';

describe('Rial ⇄ Toman', () => {
  it.each([
    ['120000', '12000'],
    ['125', '12.5'],
    ['5', '0.5'],
    ['0', '0'],
    ['-5', '-0.5'],
    ['0.05', '0.005'],
    ['1200.50', '120.05'],
    ['۱۲۰٬۰۰۰', '12000'],
    ['123456789012345678901234567890', '12345678901234567890123456789'],
  ])('rialToToman(%j) = %j', (rial, toman) => {
    expect(rialToToman(rial)).toBe(toman);
  });

  it.each([
    ['12000', '120000'],
    ['12.5', '125'],
    ['0.05', '0.5'],
    ['-0.5', '-5'],
    ['0', '0'],
  ])('tomanToRial(%j) = %j', (toman, rial) => {
    expect(tomanToRial(toman)).toBe(rial);
  });

  it('accepts bigint and refuses non-numbers', () => {
    expect(rialToToman(10n ** 30n)).toBe(`1${'0'.repeat(29)}`);
    expect(() => rialToToman('12 ریال')).toThrow(RangeError);
  });

  it('round-trips exactly for any decimal string', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?(0|[1-9][0-9]{0,40})(\.[0-9]{0,10}[1-9])?$/), (s) => {
        fc.pre(!/^-0$/.test(s));
        expect(tomanToRial(rialToToman(s))).toBe(s);
        // and the value matches BigInt arithmetic on integers
        if (!s.includes('.')) expect(tomanToRial(s)).toBe((BigInt(s) * 10n).toString());
      }),
    );
  });
});

describe('formatMoney', () => {
  it('shows Toman in Persian by default', () => {
    expect(formatMoney('120000')).toBe('۱۲٬۰۰۰ تومان');
  });

  it.each([
    [{ display: 'rial' } as const, '۱۲۰٬۰۰۰ ریال'],
    [{ display: 'rial', locale: 'en' } as const, '120,000 IRR'],
    [{ display: 'toman', locale: 'en' } as const, '12,000 Toman'],
    [{ display: 'toman', digits: 'latn' } as const, '12,000 تومان'],
    [{ display: 'rial', locale: 'en', digits: 'fa', currency: 'IRR' } as const, '۱۲۰٬۰۰۰ IRR'],
  ])('%j', (options, expected) => {
    expect(formatMoney('120000', options)).toBe(expected);
  });

  it('never rounds and handles negatives and huge amounts', () => {
    expect(formatMoney('125')).toBe('۱۲٫۵ تومان');
    expect(formatMoney('-50000', { locale: 'en', display: 'rial' })).toBe('-50,000 IRR');
    expect(formatMoney('-50000')).toBe('\u200E\u2212۵٬۰۰۰ تومان');
    expect(formatMoney(12345678901234567890n, { locale: 'en', display: 'rial' })).toBe(
      '12,345,678,901,234,567,890 IRR',
    );
  });
});

describe('numberToPersianWords', () => {
  it.each([
    [0, 'صفر'],
    [1, 'یک'],
    [5, 'پنج'],
    [10, 'ده'],
    [11, 'یازده'],
    [15, 'پانزده'],
    [18, 'هجده'],
    [19, 'نوزده'],
    [20, 'بیست'],
    [21, 'بیست و یک'],
    [99, 'نود و نه'],
    [100, 'صد'],
    [101, 'صد و یک'],
    [110, 'صد و ده'],
    [120, 'صد و بیست'],
    [200, 'دویست'],
    [305, 'سیصد و پنج'],
    [412, 'چهارصد و دوازده'],
    [500, 'پانصد'],
    [678, 'ششصد و هفتاد و هشت'],
    [999, 'نهصد و نود و نه'],
    [1000, 'هزار'],
    [1001, 'هزار و یک'],
    [1100, 'هزار و صد'],
    [2000, 'دو هزار'],
    [12_345, 'دوازده هزار و سیصد و چهل و پنج'],
    [100_000, 'صد هزار'],
    [101_000, 'صد و یک هزار'],
    [1_000_000, 'یک میلیون'],
    [1_000_001, 'یک میلیون و یک'],
    [1_200_000, 'یک میلیون و دویست هزار'],
    [1_001_000, 'یک میلیون و هزار'],
    [2_500_000_000, 'دو میلیارد و پانصد میلیون'],
    [1_000_000_000_000, 'یک تریلیون'],
    [1_200_000_000_000, 'یک تریلیون و دویست میلیارد'],
    [-5, 'منفی پنج'],
    [-1_200_000, 'منفی یک میلیون و دویست هزار'],
  ])('%d → %s', (n, words) => {
    expect(numberToPersianWords(n)).toBe(words);
    expect(numberToPersianWords(String(n))).toBe(words);
    expect(numberToPersianWords(BigInt(n))).toBe(words);
  });

  it('goes to 10^21 − 1 with bigint or strings', () => {
    expect(numberToPersianWords(10n ** 15n)).toBe('یک کوادریلیون');
    expect(numberToPersianWords(10n ** 18n)).toBe('یک کوینتیلیون');
    expect(numberToPersianWords('999999999999999999999')).toBe(
      'نهصد و نود و نه کوینتیلیون و نهصد و نود و نه کوادریلیون و نهصد و نود و نه تریلیون و ' +
        'نهصد و نود و نه میلیارد و نهصد و نود و نه میلیون و نهصد و نود و نه هزار و نهصد و نود و نه',
    );
    expect(() => numberToPersianWords(10n ** 21n)).toThrow(RangeError);
  });

  it('writes fractions with their denominator', () => {
    expect(numberToPersianWords('12.5')).toBe('دوازده و پنج دهم');
    expect(numberToPersianWords('12.50')).toBe('دوازده و پنج دهم');
    expect(numberToPersianWords('0.25')).toBe('بیست و پنج صدم');
    expect(numberToPersianWords('3.125')).toBe('سه و صد و بیست و پنج هزارم');
    expect(numberToPersianWords('-0.001')).toBe('منفی یک هزارم');
    expect(numberToPersianWords('7.0')).toBe('هفت');
    expect(numberToPersianWords('۱۲٫۵')).toBe('دوازده و پنج دهم');
    expect(() => numberToPersianWords('0.0000000001')).toThrow(RangeError);
    expect(() => numberToPersianWords('ده')).toThrow(RangeError);
  });

  it('never produces empty parts or a doubled «و»', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 21n) + 1n, max: 10n ** 21n - 1n }), (n) => {
        const words = numberToPersianWords(n);
        expect(words).not.toMatch(/(^| )و و |^ | $| {2}|^و | و$/);
        // a lone thousand is «هزار», never «یک هزار»
        expect(words).not.toMatch(/(^|(منفی|میلیون|میلیارد|تریلیون|کوادریلیون|کوینتیلیون) (و )?)یک هزار/);
        expect(words === 'صفر').toBe(n === 0n);
      }),
    );
  });
});

// An independent reader of Persian number words, to check numberToPersianWords by round trip.
const WORD_VALUES = new Map<string, bigint>();
for (const [words, first, step] of [
  ['یک دو سه چهار پنج شش هفت هشت نه', 1, 1],
  ['ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده', 10, 1],
  ['بیست سی چهل پنجاه شصت هفتاد هشتاد نود', 20, 10],
  ['صد دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد', 100, 100],
] as const) {
  words.split(' ').forEach((word, i) => {
    WORD_VALUES.set(word, BigInt(first + i * step));
  });
}
const SCALE_VALUES = new Map<string, bigint>([
  ['هزار', 10n ** 3n],
  ['میلیون', 10n ** 6n],
  ['میلیارد', 10n ** 9n],
  ['تریلیون', 10n ** 12n],
  ['کوادریلیون', 10n ** 15n],
  ['کوینتیلیون', 10n ** 18n],
]);

function readPersianWords(words: string): bigint {
  if (words === 'صفر') return 0n;
  const negative = words.startsWith('منفی ');
  let total = 0n;
  let group = 0n;
  for (const token of (negative ? words.slice(5) : words).split(' ')) {
    if (token === 'و') continue;
    const scale = SCALE_VALUES.get(token);
    const value = WORD_VALUES.get(token);
    if (scale !== undefined) {
      total += (group === 0n ? 1n : group) * scale;
      group = 0n;
    } else if (value !== undefined) {
      group += value;
    } else {
      throw new Error(`unknown word ${token}`);
    }
  }
  return negative ? -(total + group) : total + group;
}

describe('numberToPersianWords round trip', () => {
  it('reads back to the same number', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.bigInt({ min: -(10n ** 21n) + 1n, max: 10n ** 21n - 1n }),
          fc.bigInt({ min: 0n, max: 100_000n }),
        ),
        (n) => {
          expect(readPersianWords(numberToPersianWords(n))).toBe(n);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('amountInPersianWords', () => {
  it('appends the unit', () => {
    expect(amountInPersianWords('1200000')).toBe('یک میلیون و دویست هزار ریال');
    expect(amountInPersianWords(1_200_000n, 'ریال')).toBe('یک میلیون و دویست هزار ریال');
    expect(amountInPersianWords(rialToToman('1200000'), 'تومان')).toBe('صد و بیست هزار تومان');
    expect(amountInPersianWords('0', 'تومان')).toBe('صفر تومان');
  });
});

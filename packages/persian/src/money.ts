// Money: Rial ⇄ Toman, display formatting, amounts in Persian words. Amounts are decimal strings
// (or bigint) end to end; there is no float anywhere on this path. The stored currency is IRR
// (Rial, ISO 4217); Toman (= 10 Rial) is the unit people speak and usually want to see.

import { type DigitSystem, formatNumber, toDecimalString } from './digits';

/** Moves the decimal point of a canonical decimal string; result canonical (no trailing fraction zeros). */
function shiftDecimal(canonical: string, places: number): string {
  const negative = canonical.startsWith('-');
  const [int = '0', frac = ''] = (negative ? canonical.slice(1) : canonical).split('.');
  let digits = int + frac;
  let point = int.length + places;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const newInt = digits.slice(0, point).replace(/^0+/, '') || '0';
  const newFrac = digits.slice(point).replace(/0+$/, '');
  const isZero = /^0$/.test(newInt) && newFrac === '';
  return `${negative && !isZero ? '-' : ''}${newInt}${newFrac ? `.${newFrac}` : ''}`;
}

/** Exact Rial → Toman (÷10): '125' → '12.5'. Throws RangeError if the input is not a decimal number. */
export function rialToToman(amount: string | bigint): string {
  return shiftDecimal(toDecimalString(amount), -1);
}

/** Exact Toman → Rial (×10): '12.5' → '125'. */
export function tomanToRial(amount: string | bigint): string {
  return shiftDecimal(toDecimalString(amount), 1);
}

export interface FormatMoneyOptions {
  /** The currency the amount is stored in. Only Rial exists in this product. */
  currency?: 'IRR';
  /** Unit to show, default 'toman'; a Rial amount is converted exactly. */
  display?: 'rial' | 'toman';
  /** Default: 'fa' for locale fa, 'latn' for en. */
  digits?: DigitSystem;
  /** Default 'fa'. Chooses the unit word: ریال / تومان, or IRR / Toman. */
  locale?: 'fa' | 'en';
}

const UNIT_WORDS = {
  fa: { rial: 'ریال', toman: 'تومان' },
  en: { rial: 'IRR', toman: 'Toman' },
} as const;

/**
 * Formats a stored Rial amount for display: formatMoney('120000') → '۱۲٬۰۰۰ تومان',
 * formatMoney('120000', { display: 'rial', locale: 'en' }) → '120,000 IRR'.
 * Never rounds: a Toman amount from an odd Rial value keeps its '.5'.
 */
export function formatMoney(amount: string | bigint, options: FormatMoneyOptions = {}): string {
  const locale = options.locale ?? 'fa';
  const display = options.display ?? 'toman';
  const digits = options.digits ?? (locale === 'fa' ? 'fa' : 'latn');
  const value = display === 'toman' ? rialToToman(amount) : toDecimalString(amount);
  return `${formatNumber(value, { digits })} ${UNIT_WORDS[locale][display]}`;
}

const ONES = ['', 'یک', 'دو', 'سه', 'چهار', 'پنج', 'شش', 'هفت', 'هشت', 'نه'];
const TEENS = ['ده', 'یازده', 'دوازده', 'سیزده', 'چهارده', 'پانزده', 'شانزده', 'هفده', 'هجده', 'نوزده'];
const TENS = ['', '', 'بیست', 'سی', 'چهل', 'پنجاه', 'شصت', 'هفتاد', 'هشتاد', 'نود'];
const HUNDREDS = ['', 'صد', 'دویست', 'سیصد', 'چهارصد', 'پانصد', 'ششصد', 'هفتصد', 'هشتصد', 'نهصد'];
/**
 * Short scale, as Iranian banks, news and software write amounts: میلیارد = 10^9, then تریلیون
 * (10^12), کوادریلیون (10^15), کوینتیلیون (10^18). «بیلیون» is avoided: in Persian it is used for
 * both 10^9 and 10^12. (Speech often says «هزار میلیارد» for 10^12; written amounts use تریلیون.)
 */
const SCALES = ['', 'هزار', 'میلیون', 'میلیارد', 'تریلیون', 'کوادریلیون', 'کوینتیلیون'];
/** Names of 10^-1 … 10^-9 for fractions: «دوازده و پنج دهم». */
const FRACTION_NAMES = [
  'دهم',
  'صدم',
  'هزارم',
  'ده‌هزارم',
  'صدهزارم',
  'میلیونیم',
  'ده‌میلیونیم',
  'صدمیلیونیم',
  'میلیاردیم',
];
const AND = ' و ';

function belowThousand(n: number): string {
  const parts: string[] = [];
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h) parts.push(HUNDREDS[h] ?? '');
  if (rest >= 20) {
    parts.push(TENS[Math.floor(rest / 10)] ?? '');
    if (rest % 10) parts.push(ONES[rest % 10] ?? '');
  } else if (rest >= 10) {
    parts.push(TEENS[rest - 10] ?? '');
  } else if (rest) {
    parts.push(ONES[rest] ?? '');
  }
  return parts.join(AND);
}

function integerWords(digits: string): string {
  const trimmed = digits.replace(/^0+/, '');
  if (trimmed === '') return 'صفر';
  const groupCount = Math.ceil(trimmed.length / 3);
  if (groupCount > SCALES.length) {
    throw new RangeError(`Number too large for Persian words (max 10^${SCALES.length * 3} − 1): ${digits}`);
  }
  const padded = trimmed.padStart(groupCount * 3, '0');
  const parts: string[] = [];
  for (let g = 0; g < groupCount; g++) {
    const value = Number(padded.slice(g * 3, g * 3 + 3));
    if (value === 0) continue;
    const scale = SCALES[groupCount - 1 - g] ?? '';
    // «هزار», not «یک هزار»; but «یک میلیون», «یک میلیارد».
    if (scale === 'هزار' && value === 1) parts.push('هزار');
    else parts.push(scale ? `${belowThousand(value)} ${scale}` : belowThousand(value));
  }
  return parts.join(AND);
}

/**
 * A number in Persian words: 1200000 → «یک میلیون و دویست هزار», 0 → «صفر», -5 → «منفی پنج»,
 * '12.5' → «دوازده و پنج دهم». Integers up to 10^21 − 1, fractions up to 9 decimal places.
 * Takes number, bigint or decimal string (any digit kind); throws RangeError otherwise.
 */
export function numberToPersianWords(value: number | bigint | string): string {
  const canonical = toDecimalString(value);
  const negative = canonical.startsWith('-');
  const [int = '0', rawFrac = ''] = (negative ? canonical.slice(1) : canonical).split('.');
  const frac = rawFrac.replace(/0+$/, '');
  if (frac.length > FRACTION_NAMES.length) {
    throw new RangeError(
      `At most ${FRACTION_NAMES.length} decimal places can be written in words: ${canonical}`,
    );
  }
  let words: string;
  if (frac === '') {
    words = integerWords(int);
  } else {
    const fracWords = `${integerWords(frac)} ${FRACTION_NAMES[frac.length - 1]}`;
    words = /^0*$/.test(int) ? fracWords : `${integerWords(int)}${AND}${fracWords}`;
  }
  return negative ? `منفی ${words}` : words;
}

/**
 * An amount in words with its unit, as written on invoices and cheques:
 * amountInPersianWords('1200000') → «یک میلیون و دویست هزار ریال». The amount is taken to be in
 * `unit` (default ریال); to write a stored Rial amount in Toman, pass rialToToman(amount), 'تومان'.
 */
export function amountInPersianWords(amount: string | bigint, unit: 'ریال' | 'تومان' = 'ریال'): string {
  return `${numberToPersianWords(amount)} ${unit}`;
}

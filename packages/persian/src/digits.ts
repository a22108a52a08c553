// Digit conversion and number formatting. Amounts travel as decimal strings so that formatting never
// goes through binary floating point (a Rial amount can exceed 2^53).

export type DigitSystem = 'fa' | 'latn';

export const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
export const ARABIC_INDIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Persian thousands separator (U+066C ARABIC THOUSANDS SEPARATOR, as CLDR uses for fa). */
export const PERSIAN_GROUP_SEPARATOR = '\u066C';
/** Persian decimal separator (U+066B ARABIC DECIMAL SEPARATOR). */
export const PERSIAN_DECIMAL_SEPARATOR = '\u066B';
// CLDR's fa minus: a left-to-right mark keeps the sign on the number's left inside RTL text.
const PERSIAN_MINUS = '\u200E\u2212';

const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** ASCII and Arabic-Indic digits → Persian digits; everything else is left alone. */
export function toPersianDigits(input: string | number | bigint): string {
  return String(input).replace(/[0-9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    const value = code >= ARABIC_INDIC_ZERO ? code - ARABIC_INDIC_ZERO : code - 48;
    return String.fromCharCode(PERSIAN_ZERO + value);
  });
}

/** Persian and Arabic-Indic digits → ASCII digits; everything else is left alone. */
export function toLatinDigits(input: string): string {
  return input.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    return String(code >= PERSIAN_ZERO ? code - PERSIAN_ZERO : code - ARABIC_INDIC_ZERO);
  });
}

/**
 * Reads a user-typed or stored decimal number and returns it canonical: ASCII digits, optional '-',
 * no leading zeros, '.' as the decimal point, fraction kept as written (trailing zeros carry
 * precision for money). Accepts any digit kind, '.' or '٫' as decimal point, '+', '-' or '−', and
 * thousands separators (',' '٬' or '_') only where they form proper groups of three, so "1,5" is
 * rejected rather than guessed. Returns null for anything else.
 */
export function parseDecimalString(input: string): string | null {
  const s = toLatinDigits(input.trim()).replace(/[\u200E\u200F\u061C]/g, '');
  const match = /^([+\-\u2212])?(\d{1,3}(?:([,\u066C_])\d{3})?(?:\3\d{3})*|\d*)(?:[.\u066B](\d*))?$/.exec(s);
  if (!match) return null;
  const intRaw = (match[2] ?? '').replace(/[,\u066C_]/g, '');
  const frac = match[4] ?? '';
  if (intRaw === '' && frac === '') return null;
  const int = intRaw.replace(/^0+(?=\d)/, '') || '0';
  const negative = (match[1] === '-' || match[1] === '\u2212') && /[1-9]/.test(int + frac);
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** A finite JS number as a plain decimal string (no exponent), using its shortest round-trip form. */
export function numberToDecimalString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`);
  const s = String(n);
  const exp = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!exp) return s;
  const [, sign = '', lead = '', rest = '', e = '0'] = exp;
  const digits = lead + rest;
  const point = 1 + Number(e); // position of the decimal point within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Any accepted numeric input as a canonical decimal string; throws RangeError when it is not a number. */
export function toDecimalString(value: number | bigint | string): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return parseDecimalString(numberToDecimalString(value)) ?? '0';
  const parsed = parseDecimalString(value);
  if (parsed === null) throw new RangeError(`Not a decimal number: ${JSON.stringify(value)}`);
  return parsed;
}

export interface FormatNumberOptions {
  /** 'fa' (default): Persian digits, '٬' and '٫'. 'latn': ASCII digits, ',' and '.'. */
  digits?: DigitSystem;
  /** Thousands grouping, default true. */
  grouping?: boolean;
}

/**
 * Formats a number exactly as given (no rounding): formatNumber('1234567.5') → '۱٬۲۳۴٬۵۶۷٫۵'.
 * Matches Intl.NumberFormat('fa') / ('en') output for the same value, but works on decimal strings
 * of any length without float conversion.
 */
export function formatNumber(value: number | bigint | string, options: FormatNumberOptions = {}): string {
  const digits = options.digits ?? 'fa';
  const grouping = options.grouping ?? true;
  const canonical = toDecimalString(value);
  const negative = canonical.startsWith('-');
  const [int = '0', frac = ''] = (negative ? canonical.slice(1) : canonical).split('.');
  const groupSep = digits === 'fa' ? PERSIAN_GROUP_SEPARATOR : ',';
  const decimalSep = digits === 'fa' ? PERSIAN_DECIMAL_SEPARATOR : '.';
  const grouped = grouping ? int.replace(/\B(?=(\d{3})+$)/g, groupSep) : int;
  const body = frac ? `${grouped}${decimalSep}${frac}` : grouped;
  if (digits === 'fa') return `${negative ? PERSIAN_MINUS : ''}${toPersianDigits(body)}`;
  return `${negative ? '-' : ''}${body}`;
}

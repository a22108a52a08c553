// Jalali (Solar Hijri) ⇄ Gregorian conversion, formatting and parsing of user-typed dates.
//
// The leap rule is Borkowski's arithmetic (the algorithm jalaali-js uses): the 33-year cycle is
// corrected at a table of "break" years so that it tracks the astronomical vernal equinox over
// years -61…3177, instead of drifting like the plain 33-year rule.
//
// Agreement with ICU (Node 20.20 / ICU 78.2, checked day by day in jalali.test.ts): identical for
// every day of 1178–1501 SH, which covers the 1300–1500 range we test strictly. There is no
// disagreement around 1403/1404 (1403 is leap in all three: ICU, Borkowski, the 33-year rule).
// Outside that window ICU's hybrid rule differs from Borkowski by one day around Nowruz in a few
// years (e.g. 1176/1177 and 1502/1503 SH); we keep Borkowski there, being the astronomically
// sounder choice, since a CRM has no dates that far off.

import { type DigitSystem, toLatinDigits, toPersianDigits } from './digits';

export interface JalaliDate {
  jy: number;
  jm: number;
  jd: number;
}
export interface GregorianDate {
  gy: number;
  gm: number;
  gd: number;
}
/** A plain Gregorian calendar date, month 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export const JALALI_MONTH_NAMES = [
  'فروردین',
  'اردیبهشت',
  'خرداد',
  'تیر',
  'مرداد',
  'شهریور',
  'مهر',
  'آبان',
  'آذر',
  'دی',
  'بهمن',
  'اسفند',
] as const;

/** Saturday first, as the Iranian week starts; spelled as in CLDR (سه‌شنبه with ZWNJ, پنجشنبه joined). */
export const PERSIAN_WEEKDAY_NAMES = [
  'شنبه',
  'یکشنبه',
  'دوشنبه',
  'سه‌شنبه',
  'چهارشنبه',
  'پنجشنبه',
  'جمعه',
] as const;

export const MIN_JALALI_YEAR = 1;
export const MAX_JALALI_YEAR = 3177;

// Borkowski's break years: where the cycle pattern of leap years changes.
const BREAKS = [
  -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
];

// Truncating division and remainder, as the published algorithm is written with them.
const div = (a: number, b: number): number => Math.trunc(a / b);
const mod = (a: number, b: number): number => a - Math.trunc(a / b) * b;

interface YearInfo {
  /** Years since the last leap year: 0 means jy itself is leap. */
  leap: number;
  /** Gregorian year in which jy begins. */
  gy: number;
  /** Day of March (of gy) on which 1 Farvardin jy falls. */
  march: number;
}

function jalaliYearInfo(jy: number): YearInfo {
  if (!Number.isInteger(jy) || jy < MIN_JALALI_YEAR || jy > MAX_JALALI_YEAR) {
    throw new RangeError(`Jalali year out of supported range ${MIN_JALALI_YEAR}–${MAX_JALALI_YEAR}: ${jy}`);
  }
  const gy = jy + 621;
  let leapJ = -14;
  let jp = BREAKS[0] as number;
  let jump = 0;
  for (let i = 1; i < BREAKS.length; i++) {
    const jm = BREAKS[i] as number;
    jump = jm - jp;
    if (jy < jm) break;
    leapJ += div(jump, 33) * 8 + div(mod(jump, 33), 4);
    jp = jm;
  }
  let n = jy - jp;
  // Leap years from AD 621 to the start of jy, in the Persian and then the Gregorian calendar.
  leapJ += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
  if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
  const leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
  const march = 20 + leapJ - leapG;
  if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
  let leap = mod(mod(n + 1, 33) - 1, 4);
  if (leap === -1) leap = 4;
  return { leap, gy, march };
}

// Gregorian ⇄ days since 1970-01-01 (proleptic Gregorian), H. Hinnant's civil-date algorithms:
// pure integer arithmetic, valid for any year, unlike Date which reinterprets years 0–99.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): GregorianDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const gd = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const gm = mp < 10 ? mp + 3 : mp - 9;
  return { gy: yoe + era * 400 + (gm <= 2 ? 1 : 0), gm, gd };
}

function isGregorianLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function gregorianMonthLength(y: number, m: number): number {
  if (m === 2) return isGregorianLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function isValidGregorianDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= gregorianMonthLength(y, m)
  );
}

export function isJalaliLeapYear(jy: number): boolean {
  return jalaliYearInfo(jy).leap === 0;
}

/** Days in a Jalali month: 31 for months 1–6, 30 for 7–11, 29 or (leap year) 30 for Esfand. */
export function jalaliMonthLength(jy: number, jm: number): number {
  if (!Number.isInteger(jm) || jm < 1 || jm > 12) throw new RangeError(`Jalali month out of range: ${jm}`);
  if (jm <= 6) return 31;
  if (jm <= 11) return 30;
  return isJalaliLeapYear(jy) ? 30 : 29;
}

export function isValidJalaliDate(jy: number, jm: number, jd: number): boolean {
  return (
    Number.isInteger(jy) &&
    Number.isInteger(jm) &&
    Number.isInteger(jd) &&
    jy >= MIN_JALALI_YEAR &&
    jy <= MAX_JALALI_YEAR &&
    jm >= 1 &&
    jm <= 12 &&
    jd >= 1 &&
    jd <= jalaliMonthLength(jy, jm)
  );
}

function jalaliToDays(jy: number, jm: number, jd: number): number {
  const { gy, march } = jalaliYearInfo(jy);
  // Months 1–6 have 31 days, 7–12 have 30.
  return daysFromCivil(gy, 3, march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
}

function daysToJalali(days: number): JalaliDate {
  const { gy } = civilFromDays(days);
  let jy = gy - 621;
  const info = jalaliYearInfo(jy);
  let k = days - daysFromCivil(gy, 3, info.march);
  if (k >= 0) {
    if (k <= 185) return { jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1 };
    k -= 186;
  } else {
    // Before Nowruz of gy: still the previous Jalali year, counted back from its month 7.
    jy -= 1;
    k += 179;
    if (info.leap === 1) k += 1;
  }
  return { jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1 };
}

/** Jalali → Gregorian; throws RangeError for a date that does not exist (e.g. 1403/12/31). */
export function toGregorian(jy: number, jm: number, jd: number): GregorianDate {
  if (!isValidJalaliDate(jy, jm, jd)) throw new RangeError(`Invalid Jalali date: ${jy}/${jm}/${jd}`);
  return civilFromDays(jalaliToDays(jy, jm, jd));
}

const zonedFormatters = new Map<string, Intl.DateTimeFormat>();

function calendarDateOf(date: Date, timeZone: string | undefined): CalendarDate {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid Date');
  if (timeZone === undefined || timeZone === 'UTC') {
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  }
  let fmt = zonedFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      era: 'short',
    });
    zonedFormatters.set(timeZone, fmt);
  }
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(date)) parts[p.type] = p.value;
  const year = Number(parts.year);
  return { year: parts.era === 'BC' ? 1 - year : year, month: Number(parts.month), day: Number(parts.day) };
}

export interface ZoneOptions {
  /**
   * IANA time zone whose wall-clock date is meant, e.g. 'Asia/Tehran'. Default 'UTC', so a Date
   * gives the same answer on every server whatever its TZ; pass the user's zone for "today".
   */
  timeZone?: string;
}

/**
 * Gregorian → Jalali. A Date is read as a calendar day in options.timeZone (default UTC); a
 * {year, month, day} is taken as it is (month 1–12). Throws RangeError for an invalid date.
 */
export function toJalali(date: Date | CalendarDate, options: ZoneOptions = {}): JalaliDate {
  const { year, month, day } = date instanceof Date ? calendarDateOf(date, options.timeZone) : date;
  if (!isValidGregorianDate(year, month, day)) {
    throw new RangeError(`Invalid Gregorian date: ${year}-${month}-${day}`);
  }
  return daysToJalali(daysFromCivil(year, month, day));
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function isoOf(g: GregorianDate): string {
  return `${pad(g.gy, 4)}-${pad(g.gm, 2)}-${pad(g.gd, 2)}`;
}

/** Jalali → Gregorian ISO date 'YYYY-MM-DD', or null if the Jalali date does not exist. */
export function jalaliToIsoDate(jy: number, jm: number, jd: number): string | null {
  return isValidJalaliDate(jy, jm, jd) ? isoOf(toGregorian(jy, jm, jd)) : null;
}

export type JalaliDateInput = Date | string | CalendarDate | JalaliDate;

function resolveJalali(date: JalaliDateInput, options: ZoneOptions): { j: JalaliDate; days: number } {
  let j: JalaliDate;
  if (typeof date === 'string') {
    // A bare ISO date is a calendar day, not an instant: read it without any zone shift.
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    j = m
      ? toJalali({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) })
      : toJalali(new Date(date), options);
  } else if (date instanceof Date || 'year' in date) {
    j = toJalali(date, options);
  } else {
    if (!isValidJalaliDate(date.jy, date.jm, date.jd)) {
      throw new RangeError(`Invalid Jalali date: ${date.jy}/${date.jm}/${date.jd}`);
    }
    j = date;
  }
  return { j, days: jalaliToDays(j.jy, j.jm, j.jd) };
}

/** 0 = شنبه (Saturday) … 6 = جمعه (Friday). */
function weekdayIndex(days: number): number {
  // 1970-01-01 was a Thursday, index 5 in a Saturday-first week.
  return (((days + 5) % 7) + 7) % 7;
}

export type JalaliDateStyle = 'short' | 'medium' | 'long' | 'full';

export interface FormatJalaliOptions extends ZoneOptions {
  /** Default 'fa' (Persian digits). */
  digits?: DigitSystem;
}

const STYLE_PATTERNS: Record<JalaliDateStyle, string> = {
  short: 'YYYY/MM/DD',
  medium: 'D MMMM YYYY',
  long: 'D MMMM YYYY',
  full: 'dddd D MMMM YYYY',
};

/**
 * Formats a date in the Jalali calendar. `format` is a pattern or { dateStyle }:
 *   YYYY year, YY two-digit year, MMMM month name, MM / M month number, DD / D day,
 *   dddd weekday name; text inside [brackets] is literal.
 * formatJalali(new Date('2024-03-20'), 'dddd D MMMM YYYY') → 'چهارشنبه ۱ فروردین ۱۴۰۳'.
 * Default pattern 'YYYY/MM/DD', default digits 'fa'. A Date is read in options.timeZone (UTC).
 */
export function formatJalali(
  date: JalaliDateInput,
  format: string | { dateStyle: JalaliDateStyle } = 'YYYY/MM/DD',
  options: FormatJalaliOptions = {},
): string {
  const pattern = typeof format === 'string' ? format : STYLE_PATTERNS[format.dateStyle];
  const { j, days } = resolveJalali(date, options);
  const num = (n: number, width: number): string => {
    const s = pad(n, width);
    return options.digits === 'latn' ? s : toPersianDigits(s);
  };
  return pattern.replace(
    /\[([^\]]*)\]|YYYY|YY|MMMM|MM|M|DD|D|dddd/g,
    (token, literal: string | undefined) => {
      switch (token) {
        case 'YYYY':
          return num(j.jy, 4);
        case 'YY':
          return num(j.jy % 100, 2);
        case 'MMMM':
          return JALALI_MONTH_NAMES[j.jm - 1] ?? '';
        case 'MM':
          return num(j.jm, 2);
        case 'M':
          return num(j.jm, 1);
        case 'DD':
          return num(j.jd, 2);
        case 'D':
          return num(j.jd, 1);
        case 'dddd':
          return PERSIAN_WEEKDAY_NAMES[weekdayIndex(days)] ?? '';
        default:
          return literal ?? token;
      }
    },
  );
}

// Month names as people type them, compared after light folding (Arabic ي/ك, spaces).
const MONTH_BY_NAME = new Map<string, number>(JALALI_MONTH_NAMES.map((name, i) => [name, i + 1]));
MONTH_BY_NAME.set('امرداد', 5);

const SEP = String.raw`(?:\s*[/\\\-.\u066B\u066C\u2215\uFF0F]\s*|\s+)`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})${SEP}(\d{1,2})${SEP}(\d{1,2})$`);
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})${SEP}(\d{1,2})${SEP}(\d{4})$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const MONTH_NAMED = /^(\d{1,2})\s*(\p{L}+)\s*(?:ماه\s*)?،?\s*(\d{4})$/u;

/**
 * Parses a user-typed Jalali date and returns the Gregorian ISO date 'YYYY-MM-DD', or null when the
 * text is not a date or the date does not exist (1403/12/31 is fine only because 1403 is leap).
 * Accepts any digit kind and '/', '-', '.', '٫', '٬', '\' or spaces between parts:
 * '۱۴۰۳/۰۱/۰۱', '1403-1-1', '1403.01.01', '01/01/1403' (day first when the year comes last),
 * '14030101', and '۱ فروردین ۱۴۰۳'. The year must have four digits: '03/1/1' is ambiguous.
 */
export function parseJalali(input: string): string | null {
  const s = toLatinDigits(input)
    .replace(/[\u200E\u200F\u061C\u200C\u00A0]/g, ' ')
    .replace(/[\u064A\u0649]/g, 'ی')
    .replace(/\u0643/g, 'ک')
    .trim();
  const ymd = YEAR_FIRST.exec(s) ?? COMPACT.exec(s);
  if (ymd) return jalaliToIsoDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
  const dmy = YEAR_LAST.exec(s);
  if (dmy) return jalaliToIsoDate(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  const named = MONTH_NAMED.exec(s);
  if (named) {
    const month = MONTH_BY_NAME.get(named[2] ?? '');
    return month === undefined ? null : jalaliToIsoDate(Number(named[3]), month, Number(named[1]));
  }
  return null;
}

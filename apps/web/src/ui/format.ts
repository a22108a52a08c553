// Locale-aware display of numbers and dates: Persian or Latin digits, Jalali or Gregorian calendar,
// always in the user's time zone. Uses only Intl (no date library).
import type { Calendar, Digits, Locale } from '../api/types';

export interface FormatPrefs {
  locale: Locale;
  calendar: Calendar;
  timeZone: string;
  digits: Digits;
}

export const DEFAULT_TIME_ZONE = 'Asia/Tehran';

export function defaultPrefs(locale: Locale): FormatPrefs {
  return locale === 'fa'
    ? { locale, calendar: 'jalali', timeZone: DEFAULT_TIME_ZONE, digits: 'fa' }
    : { locale, calendar: 'gregorian', timeZone: DEFAULT_TIME_ZONE, digits: 'latn' };
}

/** A BCP 47 tag such as 'fa-IR-u-ca-persian-nu-arabext' or 'en-u-ca-gregory-nu-latn'. */
export function intlLocale(prefs: Pick<FormatPrefs, 'locale' | 'calendar' | 'digits'>): string {
  const base = prefs.locale === 'fa' ? 'fa-IR' : 'en';
  const calendar = prefs.calendar === 'jalali' ? 'persian' : 'gregory';
  const numbering = prefs.digits === 'fa' ? 'arabext' : 'latn';
  return `${base}-u-ca-${calendar}-nu-${numbering}`;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function formatDate(
  date: Date | number,
  prefs: FormatPrefs,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'full' },
): string {
  const timeZone = isTimeZone(prefs.timeZone) ? prefs.timeZone : DEFAULT_TIME_ZONE;
  return new Intl.DateTimeFormat(intlLocale(prefs), { ...options, timeZone }).format(date);
}

export function formatNumber(value: number, prefs: Pick<FormatPrefs, 'locale' | 'digits'>): string {
  return new Intl.NumberFormat(intlLocale({ ...prefs, calendar: 'gregorian' })).format(value);
}

/**
 * Weekday and date, e.g. 'جمعه ۶ آذر ۱۴۰۵' or 'Friday, November 27, 2026'. CLDR's full Persian pattern for the
 * Persian calendar ('۱۴۰۵ آذر ۶, جمعه') reads oddly, so Persian is composed from weekday + long date.
 */
export function formatFullDate(date: Date | number, prefs: FormatPrefs): string {
  if (prefs.locale !== 'fa') return formatDate(date, prefs, { dateStyle: 'full' });
  return `${formatDate(date, prefs, { weekday: 'long' })} ${formatDate(date, prefs, { dateStyle: 'long' })}`;
}

/**
 * Month and year, e.g. 'آذر ۱۴۰۵' or 'December 2026'. CLDR's Persian pattern puts the year first
 * ('۱۴۰۵ آذر'), which is not how the month is said, so Persian is composed from month + year.
 */
export function formatMonthYear(date: Date | number, prefs: FormatPrefs): string {
  if (prefs.locale !== 'fa') return formatDate(date, prefs, { month: 'long', year: 'numeric' });
  return `${formatDate(date, prefs, { month: 'long' })} ${formatDate(date, prefs, { year: 'numeric' })}`;
}

/**
 * Wraps user-entered text (names, organisation names) in Unicode isolates so a Persian name inside an English
 * sentence, or the other way round, keeps its own direction and does not drag punctuation around.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';

/**
 * Shows the digits of a string in the user's choice: Latin and Arabic-Indic digits become Persian for
 * 'fa', Persian and Arabic-Indic become Latin for 'latn' (a phone typed as ۰۹۱۲… reads 0912… in English).
 */
export function localizeDigits(text: string, digits: Digits): string {
  if (digits === 'fa') return text.replace(/[0-9\u0660-\u0669]/g, (d) => PERSIAN_DIGITS[digitValue(d)] ?? d);
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => String(digitValue(d)));
}

function digitValue(d: string): number {
  const code = d.charCodeAt(0);
  if (code >= 0x06f0) return code - 0x06f0;
  if (code >= 0x0660) return code - 0x0660;
  return code - 48;
}

/** The zones the browser knows, with Asia/Tehran always present. */
export function timeZones(): string[] {
  const supported =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [DEFAULT_TIME_ZONE];
  const zones = new Set(supported);
  zones.add(DEFAULT_TIME_ZONE);
  return [...zones].sort();
}

/** 'GMT+3:30' style offset of a zone at a given moment. */
export function zoneOffset(zone: string, at: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en', {
      timeZone: zone,
      timeZoneName: 'shortOffset',
    }).formatToParts(at);
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

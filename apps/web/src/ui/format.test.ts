import { describe, expect, it } from 'vitest';
import {
  defaultPrefs,
  formatDate,
  formatFullDate,
  formatMonthYear,
  formatNumber,
  intlLocale,
  localizeDigits,
  timeZones,
  zoneOffset,
} from './format';

// 2026-03-21 12:00 UTC is 1 Farvardin 1405 in Tehran.
const nowruz = Date.UTC(2026, 2, 21, 12);

describe('format', () => {
  it('builds Intl locales for calendar and digits', () => {
    expect(intlLocale(defaultPrefs('fa'))).toBe('fa-IR-u-ca-persian-nu-arabext');
    expect(intlLocale(defaultPrefs('en'))).toBe('en-u-ca-gregory-nu-latn');
  });

  it('shows Jalali dates with Persian digits', () => {
    const text = formatDate(nowruz, defaultPrefs('fa'), { dateStyle: 'long' });
    expect(text).toContain('فروردین');
    expect(text).toContain('۱۴۰۵');
    expect(text).not.toMatch(/[0-9]/);
  });

  it('writes a month as month then year in both languages and calendars', () => {
    expect(formatMonthYear(nowruz, defaultPrefs('fa'))).toBe('فروردین ۱۴۰۵');
    expect(formatMonthYear(nowruz, { ...defaultPrefs('fa'), calendar: 'gregorian' })).toBe('مارس ۲۰۲۶');
    expect(formatMonthYear(nowruz, defaultPrefs('en'))).toBe('March 2026');
  });

  it('writes the full Persian date as weekday, day, month, year', () => {
    expect(formatFullDate(nowruz, defaultPrefs('fa'))).toBe('شنبه ۱ فروردین ۱۴۰۵');
    expect(formatFullDate(nowruz, defaultPrefs('en'))).toBe('Saturday, March 21, 2026');
  });

  it('shows Jalali dates in English and Gregorian dates in Persian on request', () => {
    expect(
      formatDate(
        nowruz,
        { locale: 'en', calendar: 'jalali', digits: 'latn', timeZone: 'Asia/Tehran' },
        {
          dateStyle: 'long',
        },
      ),
    ).toMatch(/Farvardin 1, 1405/);
    const gregorianFa = formatDate(
      nowruz,
      { locale: 'fa', calendar: 'gregorian', digits: 'latn', timeZone: 'Asia/Tehran' },
      { dateStyle: 'long' },
    );
    expect(gregorianFa).toContain('2026');
    expect(gregorianFa).toContain('مارس');
  });

  it('uses the time zone, and falls back to Tehran for an unknown one', () => {
    const late = Date.UTC(2026, 2, 20, 22); // 01:30 on 21 March in Tehran, still 20 March in UTC
    const inTehran = formatDate(late, { ...defaultPrefs('en'), timeZone: 'Asia/Tehran' }, { day: 'numeric' });
    const inUtc = formatDate(late, { ...defaultPrefs('en'), timeZone: 'UTC' }, { day: 'numeric' });
    expect([inTehran, inUtc]).toEqual(['21', '20']);
    expect(formatDate(late, { ...defaultPrefs('en'), timeZone: 'Mars/Olympus' }, { day: 'numeric' })).toBe(
      '21',
    );
  });

  it('formats numbers and digits', () => {
    expect(formatNumber(1234, { locale: 'fa', digits: 'fa' })).toBe('۱٬۲۳۴');
    expect(formatNumber(1234, { locale: 'en', digits: 'latn' })).toBe('1,234');
    expect(localizeDigits('GMT+3:30', 'fa')).toBe('GMT+۳:۳۰');
    expect(localizeDigits('GMT+3:30', 'latn')).toBe('GMT+3:30');
    // Typed digits of any script read in the user's choice.
    expect(localizeDigits('۰۹۱۲ ٣٤٥ 6789', 'latn')).toBe('0912 345 6789');
    expect(localizeDigits('۰۹۱۲ ٣٤٥ 6789', 'fa')).toBe('۰۹۱۲ ۳۴۵ ۶۷۸۹');
  });

  it('lists time zones including Asia/Tehran', () => {
    const zones = timeZones();
    expect(zones).toContain('Asia/Tehran');
    expect(zones.length).toBeGreaterThan(100);
    expect(zoneOffset('Asia/Tehran', new Date(nowruz))).toBe('GMT+3:30');
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatJalali,
  isJalaliLeapYear,
  isValidJalaliDate,
  JALALI_MONTH_NAMES,
  jalaliMonthLength,
  jalaliToIsoDate,
  PERSIAN_WEEKDAY_NAMES,
  parseJalali,
  toGregorian,
  toJalali,
} from './jalali';

const DAY = 86_400_000;
const icu = new Intl.DateTimeFormat('en-u-ca-persian', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

function icuJalali(date: Date): { jy: number; jm: number; jd: number } {
  const parts: Record<string, string> = {};
  for (const p of icu.formatToParts(date)) parts[p.type] = p.value;
  return { jy: Number(parts.year), jm: Number(parts.month), jd: Number(parts.day) };
}

describe('Jalali ⇄ Gregorian against ICU', () => {
  it('matches Intl (ICU persian calendar) for every day of 1300/01/01 … 1500/12/29 SH, both ways', () => {
    const start = Date.UTC(1921, 2, 21); // 1300/01/01
    expect(icuJalali(new Date(start))).toEqual({ jy: 1300, jm: 1, jd: 1 });
    let checked = 0;
    let previous = { jy: 1299, jm: 12, jd: 29 };
    for (let t = start; ; t += DAY) {
      const date = new Date(t);
      const expected = icuJalali(date);
      if (expected.jy > 1500) break;
      const j = toJalali(date);
      if (j.jy !== expected.jy || j.jm !== expected.jm || j.jd !== expected.jd) {
        expect({ date: date.toISOString(), j }).toEqual({ date: date.toISOString(), j: expected });
      }
      const g = toGregorian(expected.jy, expected.jm, expected.jd);
      const back = Date.UTC(g.gy, g.gm - 1, g.gd);
      if (back !== t) expect(new Date(back).toISOString()).toBe(date.toISOString());
      // Consecutive days step by one day, so month lengths and leap years are consistent too.
      if (j.jd === 1) {
        expect(previous.jd).toBe(jalaliMonthLength(previous.jy, previous.jm));
        expect(isValidJalaliDate(previous.jy, previous.jm, previous.jd + 1)).toBe(false);
      } else {
        expect(j.jd).toBe(previous.jd + 1);
      }
      previous = j;
      checked++;
    }
    expect(previous).toEqual({ jy: 1500, jm: 12, jd: jalaliMonthLength(1500, 12) });
    expect(checked).toBeGreaterThan(73_000);
  });

  it('agrees with ICU on which years are leap for 1178–1501 SH', () => {
    // Year length per ICU = days between two Nowruz; the documented window of agreement.
    const nowruz = (jy: number): number => {
      const g = toGregorian(jy, 1, 1);
      const t = Date.UTC(g.gy, g.gm - 1, g.gd);
      expect(icuJalali(new Date(t))).toEqual({ jy, jm: 1, jd: 1 });
      return t;
    };
    let next = nowruz(1178);
    for (let jy = 1178; jy <= 1501; jy++) {
      const current = next;
      next = nowruz(jy + 1);
      expect({ jy, leap: isJalaliLeapYear(jy) }).toEqual({ jy, leap: (next - current) / DAY === 366 });
    }
  });
});

describe('Jalali calendar facts', () => {
  it.each([
    [1300, 1, 1, 1921, 3, 21],
    [1399, 12, 30, 2021, 3, 20],
    [1400, 1, 1, 2021, 3, 21],
    [1403, 1, 1, 2024, 3, 20],
    [1403, 12, 30, 2025, 3, 20],
    [1404, 1, 1, 2025, 3, 21],
    [1357, 11, 22, 1979, 2, 11],
    [1, 1, 1, 622, 3, 22],
  ])('%i/%i/%i ⇄ %i-%i-%i', (jy, jm, jd, gy, gm, gd) => {
    expect(toGregorian(jy, jm, jd)).toEqual({ gy, gm, gd });
    expect(toJalali({ year: gy, month: gm, day: gd })).toEqual({ jy, jm, jd });
  });

  it('knows leap years and month lengths', () => {
    expect([1395, 1399, 1403, 1408].map(isJalaliLeapYear)).toEqual([true, true, true, true]);
    expect([1400, 1401, 1402, 1404].map(isJalaliLeapYear)).toEqual([false, false, false, false]);
    expect([1, 6, 7, 11].map((m) => jalaliMonthLength(1402, m))).toEqual([31, 31, 30, 30]);
    expect(jalaliMonthLength(1402, 12)).toBe(29);
    expect(jalaliMonthLength(1403, 12)).toBe(30);
    expect(() => jalaliMonthLength(1403, 13)).toThrow(RangeError);
  });

  it('validates dates', () => {
    expect(isValidJalaliDate(1403, 12, 30)).toBe(true);
    expect(isValidJalaliDate(1404, 12, 30)).toBe(false);
    expect(isValidJalaliDate(1403, 7, 31)).toBe(false);
    expect(isValidJalaliDate(1403, 6, 31)).toBe(true);
    expect(isValidJalaliDate(1403, 0, 1)).toBe(false);
    expect(isValidJalaliDate(1403, 1, 0)).toBe(false);
    expect(isValidJalaliDate(1403.5, 1, 1)).toBe(false);
    expect(isValidJalaliDate(0, 1, 1)).toBe(false);
    expect(isValidJalaliDate(3178, 1, 1)).toBe(false);
    expect(() => toGregorian(1404, 12, 30)).toThrow(RangeError);
    expect(() => toJalali({ year: 2023, month: 2, day: 29 })).toThrow(RangeError);
    expect(() => toJalali(new Date('nope'))).toThrow(RangeError);
  });

  it('reads a Date in UTC by default and in a given time zone on request', () => {
    const instant = new Date('2025-03-20T21:00:00Z'); // 00:30 on 21 March in Tehran
    expect(toJalali(instant)).toEqual({ jy: 1403, jm: 12, jd: 30 });
    expect(toJalali(instant, { timeZone: 'Asia/Tehran' })).toEqual({ jy: 1404, jm: 1, jd: 1 });
  });
});

describe('formatJalali', () => {
  const nowruz1403 = new Date(Date.UTC(2024, 2, 20));

  it('formats patterns with Persian or Latin digits', () => {
    expect(formatJalali(nowruz1403)).toBe('۱۴۰۳/۰۱/۰۱');
    expect(formatJalali(nowruz1403, 'YYYY-MM-DD', { digits: 'latn' })).toBe('1403-01-01');
    expect(formatJalali(nowruz1403, 'dddd D MMMM YYYY')).toBe('چهارشنبه ۱ فروردین ۱۴۰۳');
    expect(formatJalali('2024-03-20', 'YY/M/D', { digits: 'latn' })).toBe('03/1/1');
    expect(formatJalali({ jy: 1404, jm: 5, jd: 9 }, '[روز] D MMMM')).toBe('روز ۹ مرداد');
    expect(formatJalali({ year: 2025, month: 3, day: 21 }, { dateStyle: 'full' })).toBe(
      'جمعه ۱ فروردین ۱۴۰۴',
    );
    expect(formatJalali(nowruz1403, { dateStyle: 'medium' })).toBe('۱ فروردین ۱۴۰۳');
    expect(formatJalali(nowruz1403, { dateStyle: 'short' }, { digits: 'latn' })).toBe('1403/01/01');
  });

  it('reads an ISO timestamp in the requested zone', () => {
    expect(formatJalali('2025-03-20T21:00:00Z', 'YYYY/MM/DD', { digits: 'latn' })).toBe('1403/12/30');
    expect(
      formatJalali('2025-03-20T21:00:00Z', 'YYYY/MM/DD', { digits: 'latn', timeZone: 'Asia/Tehran' }),
    ).toBe('1404/01/01');
  });

  it('names every month and weekday like CLDR', () => {
    const monthFmt = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { month: 'long', timeZone: 'UTC' });
    const weekdayFmt = new Intl.DateTimeFormat('fa-IR', { weekday: 'long', timeZone: 'UTC' });
    for (let m = 1; m <= 12; m++) {
      const g = toGregorian(1403, m, 10);
      const date = new Date(Date.UTC(g.gy, g.gm - 1, g.gd));
      expect(formatJalali(date, 'MMMM')).toBe(monthFmt.format(date));
      expect(JALALI_MONTH_NAMES[m - 1]).toBe(monthFmt.format(date));
    }
    for (let i = 0; i < 400; i++) {
      const date = new Date(Date.UTC(2024, 0, 1) + i * DAY);
      expect(formatJalali(date, 'dddd')).toBe(weekdayFmt.format(date));
    }
    expect(PERSIAN_WEEKDAY_NAMES[0]).toBe(formatJalali('2024-03-23', 'dddd')); // a Saturday
  });

  it('refuses dates that do not exist', () => {
    expect(() => formatJalali({ jy: 1404, jm: 12, jd: 30 })).toThrow(RangeError);
    expect(() => formatJalali('not a date')).toThrow(RangeError);
  });
});

describe('parseJalali', () => {
  it.each([
    ['۱۴۰۳/۰۱/۰۱', '2024-03-20'],
    ['1403-1-1', '2024-03-20'],
    ['۱۴۰۳/۱/۱', '2024-03-20'],
    ['1403.01.01', '2024-03-20'],
    ['١٤٠٣/٠١/٠١', '2024-03-20'],
    ['1403 / 1 / 1', '2024-03-20'],
    ['1403 1 1', '2024-03-20'],
    ['۱۴۰۳٫۰۱٫۰۱', '2024-03-20'],
    ['01/01/1403', '2024-03-20'],
    ['14030101', '2024-03-20'],
    ['  1403/12/30  ', '2025-03-20'],
    ['۱ فروردین ۱۴۰۳', '2024-03-20'],
    ['۳۰ اسفند ماه ۱۴۰۳', '2025-03-20'],
    ['9 امرداد 1404', '2025-07-31'],
    ['\u200E1404/05/09\u200F', '2025-07-31'],
  ])('%j → %s', (input, iso) => {
    expect(parseJalali(input)).toBe(iso);
  });

  it.each([
    '1404/12/30', // 1404 is not leap
    '1403/13/01',
    '1403/07/31',
    '1403/00/10',
    '03/01/01',
    '1403/1',
    '1403//1/1',
    '1403-01-01T10:00',
    '۱ فروردینی ۱۴۰۳',
    '',
    'دیروز',
  ])('refuses %j', (input) => {
    expect(parseJalali(input)).toBeNull();
  });

  it('round-trips formatJalali for a range of dates', () => {
    for (let jy = 1380; jy <= 1420; jy++) {
      for (const [jm, jd] of [
        [1, 1],
        [6, 31],
        [7, 1],
        [12, jalaliMonthLength(jy, 12)],
      ] as const) {
        const text = formatJalali({ jy, jm, jd });
        expect(parseJalali(text)).toBe(jalaliToIsoDate(jy, jm, jd));
      }
    }
  });
});

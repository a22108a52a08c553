import { describe, expect, it } from 'vitest';
import {
  dayAndTime,
  daysShown,
  firstDayOf,
  firstWeekday,
  instantOf,
  isoOf,
  monthOf,
  periodAround,
  step,
  weekdayOf,
} from './days';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('calendar days', () => {
  it('lays a Jalali month out in weeks from Saturday', () => {
    // 1 Farvardin 1405 is Saturday 2026-03-21; Farvardin has 31 days: five weeks.
    expect(firstDayOf({ year: 1405, month: 1 }, 'jalali')).toBe(day('2026-03-21'));
    const days = daysShown('month', day('2026-04-05'), 'jalali', firstWeekday('jalali', 'fa-IR'));
    expect(days[0]).toBe(day('2026-03-21'));
    expect(days).toHaveLength(35);
    expect(weekdayOf(days[0] as number)).toBe(6);
    // Esfand 1403 (a leap year) has 30 days and starts on Wednesday 2025-02-19: the grid starts the Saturday before.
    const esfand = daysShown('month', day('2025-03-01'), 'jalali', 6);
    expect(esfand[0]).toBe(day('2025-02-15'));
    expect(monthOf(day('2025-03-20'), 'jalali')).toEqual({ year: 1403, month: 12 });
    expect(monthOf(day('2025-03-21'), 'jalali')).toEqual({ year: 1404, month: 1 });
  });

  it('gives the month, season and year around a day in either calendar', () => {
    const span = (length: 'month' | 'quarter' | 'year', calendar: 'jalali' | 'gregorian') =>
      periodAround(day('2026-11-27'), length, calendar).map(isoOf);
    // 2026-11-27 is 6 Azar 1405: Azar, autumn (Mehr–Azar), and 1405 (Esfand 1405 has 29 days).
    expect(span('month', 'jalali')).toEqual(['2026-11-22', '2026-12-21']);
    expect(span('quarter', 'jalali')).toEqual(['2026-09-23', '2026-12-21']);
    expect(span('year', 'jalali')).toEqual(['2026-03-21', '2027-03-20']);
    expect(span('month', 'gregorian')).toEqual(['2026-11-01', '2026-11-30']);
    expect(span('quarter', 'gregorian')).toEqual(['2026-10-01', '2026-12-31']);
    expect(span('year', 'gregorian')).toEqual(['2026-01-01', '2026-12-31']);
  });

  it('lays a Gregorian month out in the language’s weeks', () => {
    expect(firstWeekday('gregorian', 'en-u-ca-gregory-nu-latn')).toBe(0);
    const days = daysShown('month', day('2026-11-27'), 'gregorian', 0);
    expect(days[0]).toBe(day('2026-11-01'));
    expect(days).toHaveLength(35);
    expect(daysShown('week', day('2026-11-27'), 'gregorian', 0)[0]).toBe(day('2026-11-22'));
    expect(daysShown('agenda', day('2026-02-10'), 'gregorian', 0)).toHaveLength(28);
  });

  it('steps by month to the same day, or the month’s last', () => {
    // 31 Shahrivar 1405 → 30 Mehr 1405 (Mehr has 30 days).
    const shahrivar31 = firstDayOf({ year: 1405, month: 6 }, 'jalali') + 30;
    expect(step('month', shahrivar31, 1, 'jalali')).toBe(firstDayOf({ year: 1405, month: 7 }, 'jalali') + 29);
    expect(step('month', day('2026-01-31'), 1, 'gregorian')).toBe(day('2026-02-28'));
    expect(step('month', day('2026-01-15'), -1, 'gregorian')).toBe(day('2025-12-15'));
    expect(step('week', day('2026-01-15'), -1, 'gregorian')).toBe(day('2026-01-08'));
  });

  it('reads and sets times on the user’s clock, not the browser’s', () => {
    // 09:00 in Tehran (UTC+3:30) is 05:30 UTC; 02:00 UTC is still the day before in New York.
    expect(instantOf(day('2026-11-27'), 9 * 60, 'Asia/Tehran').toISOString()).toBe(
      '2026-11-27T05:30:00.000Z',
    );
    expect(dayAndTime(new Date('2026-11-27T02:00:00Z'), 'America/New_York')).toEqual({
      day: day('2026-11-26'),
      minutes: 21 * 60,
    });
    // Daylight saving: 09:00 on the day clocks go forward, and a time the change skips lands after it.
    expect(instantOf(day('2026-03-08'), 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-03-08T13:00:00.000Z',
    );
    expect(instantOf(day('2026-03-08'), 150, 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });
});

// Calendar arithmetic for the agenda screens, in the user's calendar (Jalali or Gregorian) and time zone.
//
// A calendar day is a whole number: days since 1970-01-01 in the proleptic Gregorian calendar, so adding
// days and weeks is plain addition and a day is the same in both calendars. Jalali months come from
// @peyvand/persian (Borkowski's rule, checked against ICU day by day in its tests); the wall clock of the
// user's zone comes from Intl. Nothing here reads the browser's own zone.
import { jalaliMonthLength, toGregorian, toJalali } from '@peyvand/persian';
import type { Calendar } from '../../api/types';

export type Day = number;
/** A month of the user's calendar: month 1–12. */
export interface Month {
  year: number;
  month: number;
}

const MS_PER_DAY = 86_400_000;

const dayOfDate = (year: number, month: number, day: number): Day =>
  Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);

/** A day as the API writes it: 'YYYY-MM-DD' (Gregorian). */
export const isoOf = (day: Day) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

function gregorianOf(day: Day): { year: number; month: number; day: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/** Year, month, day, hour and minute on the wall clocks of a zone at an instant. */
function wallClock(instant: number, timeZone: string) {
  let format = wallClocks.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    wallClocks.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) parts[part.type] = Number(part.value);
  return {
    day: dayOfDate(parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1),
    minutes: (parts.hour ?? 0) * 60 + (parts.minute ?? 0),
  };
}

/** The day and the minutes since its midnight of an instant, as the user's clock shows it. */
export function dayAndTime(instant: Date, timeZone: string): { day: Day; minutes: number } {
  return wallClock(instant.getTime(), timeZone);
}

/**
 * The instant a zone's clocks show `minutes` after midnight of `day`. The zone's offset is read at a first
 * guess and again at the answer, so a day on which daylight saving starts or ends still comes out right
 * (a wall time skipped by the change lands just after it).
 */
export function instantOf(day: Day, minutes: number, timeZone: string): Date {
  const wanted = day * MS_PER_DAY + minutes * 60_000;
  const offsetAt = (instant: number) => {
    const clock = wallClock(instant, timeZone);
    return clock.day * MS_PER_DAY + clock.minutes * 60_000 - Math.floor(instant / 60_000) * 60_000;
  };
  const guess = wanted - offsetAt(wanted);
  const corrected = wanted - offsetAt(guess);
  const clock = wallClock(corrected, timeZone);
  if (clock.day === day && clock.minutes === minutes) return new Date(corrected);
  return new Date(Math.max(guess, corrected));
}

export function monthOf(day: Day, calendar: Calendar): Month {
  const g = gregorianOf(day);
  if (calendar === 'gregorian') return { year: g.year, month: g.month };
  const j = toJalali(g);
  return { year: j.jy, month: j.jm };
}

/** The first day of a month of the calendar. */
export function firstDayOf({ year, month }: Month, calendar: Calendar): Day {
  if (calendar === 'gregorian') return dayOfDate(year, month, 1);
  const g = toGregorian(year, month, 1);
  return dayOfDate(g.gy, g.gm, g.gd);
}

export function monthLength({ year, month }: Month, calendar: Calendar): number {
  if (calendar === 'jalali') return jalaliMonthLength(year, month);
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The first and last day of this month, quarter or year of the calendar around a day (a season is a quarter). */
export function periodAround(day: Day, length: 'month' | 'quarter' | 'year', calendar: Calendar): [Day, Day] {
  const month = monthOf(day, calendar);
  const months = length === 'month' ? 1 : length === 'quarter' ? 3 : 12;
  const first = {
    year: month.year,
    month: length === 'month' ? month.month : month.month - ((month.month - 1) % months),
  };
  return [firstDayOf(first, calendar), firstDayOf(addMonths(first, months), calendar) - 1];
}

export function addMonths({ year, month }: Month, count: number): Month {
  const index = year * 12 + (month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekdayOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCDay();
}

/**
 * The weekday a week starts on: Saturday in the Jalali calendar and for Persian; otherwise the language's
 * custom as the browser knows it (Sunday for English), Monday when it does not say.
 */
export function firstWeekday(calendar: Calendar, intlLocale: string): number {
  if (calendar === 'jalali') return 6;
  const locale = new Intl.Locale(intlLocale) as Intl.Locale & {
    getWeekInfo?: () => { firstDay: number };
    weekInfo?: { firstDay: number };
  };
  const firstDay = locale.getWeekInfo?.().firstDay ?? locale.weekInfo?.firstDay ?? 1;
  return firstDay % 7;
}

export function startOfWeek(day: Day, first: number): Day {
  return day - ((weekdayOf(day) - first + 7) % 7);
}

export type View = 'month' | 'week' | 'day' | 'agenda';

/** The days a view shows around a day: whole weeks covering the month, one week, or one day. */
export function daysShown(view: View, focus: Day, calendar: Calendar, first: number): Day[] {
  if (view === 'day') return [focus];
  if (view === 'week') return range(startOfWeek(focus, first), 7);
  const month = monthOf(focus, calendar);
  const start = firstDayOf(month, calendar);
  if (view === 'agenda') return range(start, monthLength(month, calendar));
  const gridStart = startOfWeek(start, first);
  const end = start + monthLength(month, calendar);
  return range(gridStart, Math.ceil((end - gridStart) / 7) * 7);
}

/** The focus after a step back (-1) or forward (1): a month, a week or a day, as the view shows. */
export function step(view: View, focus: Day, direction: 1 | -1, calendar: Calendar): Day {
  if (view === 'day') return focus + direction;
  if (view === 'week') return focus + 7 * direction;
  const month = monthOf(focus, calendar);
  const target = addMonths(month, direction);
  // The same day of the month where it exists, else the month's last day (31 Shahrivar → 30 Mehr).
  const dayInMonth = Math.min(focus - firstDayOf(month, calendar), monthLength(target, calendar) - 1);
  return firstDayOf(target, calendar) + dayInMonth;
}

function range(start: Day, count: number): Day[] {
  return Array.from({ length: count }, (_, index) => start + index);
}

/** A day as the instant of its noon in UTC: what Intl formats back as that same day in the UTC zone. */
export function noonOf(day: Day): Date {
  return new Date(day * MS_PER_DAY + MS_PER_DAY / 2);
}

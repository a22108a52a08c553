import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { defaultPrefs } from '../../ui/format';
import { formatAmount, monthLabel } from './api';

// Stands in for i18next: the key and its values, so the test reads what the label is made of.
const t = ((key: string, values?: Record<string, string>) =>
  values ? `${key} ${values.from} | ${values.to}` : key) as unknown as TFunction;

describe('sales formatting', () => {
  it('names a forecast month in the Gregorian calendar, or as the Jalali days it covers', () => {
    expect(monthLabel('2027-01', defaultPrefs('en'), t)).toBe('January 2027');
    expect(monthLabel('2027-01', defaultPrefs('fa'), t)).toBe('sales.forecast.span ۱۱ دی | ۱۱ بهمن ۱۴۰۵');
    // February 2028 has 29 days: its last is 10 Esfand.
    expect(monthLabel('2028-02', defaultPrefs('fa'), t)).toBe('sales.forecast.span ۱۲ بهمن | ۱۰ اسفند ۱۴۰۶');
    expect(monthLabel(null, defaultPrefs('fa'), t)).toBe('sales.forecast.noDate');
  });

  it('shows amounts exactly, beyond what a float holds', () => {
    expect(formatAmount('12345678901234567.5', 'USD', defaultPrefs('en'))).toBe(
      '12,345,678,901,234,567.5 USD',
    );
  });
});

import { AdapterDateFns } from '@mui/x-date-pickers/AdapterDateFns';
import { AdapterDateFnsJalali } from '@mui/x-date-pickers/AdapterDateFnsJalali';
import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { enUS as pickersEn, faIR as pickersFa } from '@mui/x-date-pickers/locales';
import type { FieldFormatTokenMap } from '@mui/x-date-pickers/models';
import { enUS } from 'date-fns/locale/en-US';
import { faIR } from 'date-fns/locale/fa-IR';
import { faIR as faIRJalali } from 'date-fns-jalali/locale/fa-IR';
import { useMemo } from 'react';
import type { Digits } from '../api/types';
import { useFormatPrefs } from '../app/prefs';
import { localizeDigits } from './format';

// date-fns writes Latin digits for both calendars, and the pickers show whatever digits the adapter
// writes: in the field's sections (formatByString, from whose output they also learn the digits to
// read back), the calendar (format) and typed numbers (formatNumber). Each adapter here writes the
// user's own choice of digits. The field tells a year's leading zeros by a Latin '0', so the 4-digit
// year token states its length instead, as the adapters of libraries with localised digits do.
interface Formatting {
  formatByString: (value: Date, format: string) => string;
  formatNumber: (text: string) => string;
  formatTokenMap: FieldFormatTokenMap;
}
function writeIn(adapter: Formatting, digits: Digits) {
  const byString = adapter.formatByString;
  adapter.formatByString = (value, format) => localizeDigits(byString(value, format), digits);
  adapter.formatNumber = (text) => localizeDigits(text, digits);
  adapter.formatTokenMap = {
    ...adapter.formatTokenMap,
    yyyy: { sectionType: 'year', contentType: 'digit', maxLength: 4 },
  };
}
const jalaliIn = (digits: Digits) =>
  class extends AdapterDateFnsJalali {
    constructor(...args: ConstructorParameters<typeof AdapterDateFnsJalali>) {
      super(...args);
      writeIn(this, digits);
    }
  };
const gregorianIn = (digits: Digits) =>
  class extends AdapterDateFns {
    constructor(...args: ConstructorParameters<typeof AdapterDateFns>) {
      super(...args);
      writeIn(this, digits);
    }
  };
const ADAPTERS = {
  jalali: { fa: jalaliIn('fa'), latn: jalaliIn('latn') },
  gregorian: { fa: gregorianIn('fa'), latn: gregorianIn('latn') },
} as const;

// MUI's Persian words, with Persian placeholders for an empty field (its own are Latin YYYY/MM/DD).
const PERSIAN_WORDS = {
  ...pickersFa.components.MuiLocalizationProvider.defaultProps.localeText,
  fieldYearPlaceholder: () => 'سال',
  fieldMonthPlaceholder: () => 'ماه',
  fieldDayPlaceholder: () => 'روز',
};

/** 'YYYY-MM-DD' → that day at local midnight (what the pickers work with). */
function toDate(iso: string | null): Date | null {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

/** The local day of a Date as 'YYYY-MM-DD' (Gregorian, whatever calendar it was picked in). */
function toIso(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface DateFieldProps {
  label: string;
  /** The day as 'YYYY-MM-DD' (Gregorian, as the API takes it), or null. */
  value: string | null;
  onChange: (value: string | null) => void;
  size?: 'small' | 'medium';
  fullWidth?: boolean;
  error?: string;
  name?: string;
}

/**
 * A day picked in the user's calendar — Jalali (date-fns-jalali) or Gregorian — with their digits and
 * the UI language's words, typed or chosen from the calendar; the value is always ISO Gregorian.
 */
export function DateField({ label, value, onChange, size, fullWidth, error, name }: DateFieldProps) {
  const prefs = useFormatPrefs();
  const jalali = prefs.calendar === 'jalali';
  const adapter = ADAPTERS[prefs.calendar][prefs.digits];
  const words =
    prefs.locale === 'fa'
      ? PERSIAN_WORDS
      : pickersEn.components.MuiLocalizationProvider.defaultProps.localeText;
  const locale = jalali ? faIRJalali : prefs.locale === 'fa' ? faIR : enUS;
  const date = useMemo(() => toDate(value), [value]);
  return (
    <LocalizationProvider dateAdapter={adapter} adapterLocale={locale} localeText={words}>
      <DatePicker
        label={label}
        value={date}
        // Year, then month, then day: a birth date decades back is three choices, not many pages.
        views={['year', 'month', 'day']}
        openTo="day"
        format={jalali || prefs.locale === 'fa' ? 'yyyy/MM/dd' : 'MM/dd/yyyy'}
        onChange={(picked) => {
          if (picked === null) onChange(null);
          else if (!Number.isNaN(picked.getTime())) onChange(toIso(picked));
        }}
        slotProps={{
          textField: {
            size,
            fullWidth,
            name,
            error: Boolean(error),
            helperText: error,
          },
        }}
      />
    </LocalizationProvider>
  );
}

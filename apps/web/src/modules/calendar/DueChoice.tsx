import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { dayAndTime, instantOf } from './days';

/** When a new task is due: quick choices people use, counted in days from today, 9:00 on the user's clock. */
const DUE = { none: null, today: 0, tomorrow: 1, week: 7 } as const;
export type Due = keyof typeof DUE;
const NINE = 9 * 60;

export function dueAtOf(due: Due, timeZone: string): string | null {
  const days = DUE[due];
  if (days === null) return null;
  return instantOf(dayAndTime(new Date(), timeZone).day + days, NINE, timeZone).toISOString();
}

/** 9:00 on the user's clock on a day picked in a date field ('YYYY-MM-DD'), as the API's instant. */
export function dueAtOnDay(day: string, timeZone: string): string {
  return instantOf(Date.parse(`${day}T00:00:00Z`) / 86_400_000, NINE, timeZone).toISOString();
}

/** A select of the quick due choices, where a date picker would otherwise go. */
export function DueChoiceField({ value, onChange }: { value: Due; onChange: (due: Due) => void }) {
  const { t } = useTranslation();
  return (
    <TextField
      select
      size="small"
      label={t('tasks.when')}
      value={value}
      onChange={(event) => onChange(event.target.value as Due)}
      sx={{ flex: '1 1 110px' }}
    >
      {(Object.keys(DUE) as Due[]).map((key) => (
        <MenuItem key={key} value={key}>
          {t(`tasks.dueChoice.${key}`)}
        </MenuItem>
      ))}
    </TextField>
  );
}

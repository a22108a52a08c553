import TextField from '@mui/material/TextField';
import { lazy, Suspense } from 'react';
import type { DateFieldProps } from './DateField';

// The date pickers (and their calendars) load when a date field is first shown, not with the screen.
const DateField = lazy(async () => ({ default: (await import('./DateField')).DateField }));

/** DateField, loaded on first use; a disabled field with its label stands in meanwhile. */
export function LazyDateField(props: DateFieldProps) {
  return (
    <Suspense
      fallback={<TextField size={props.size} fullWidth={props.fullWidth} label={props.label} disabled />}
    >
      <DateField {...props} />
    </Suspense>
  );
}

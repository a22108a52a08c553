// How billing shows its figures and days: money through products' formatPrice (@peyvand/persian's
// formatMoney, never a float), days ('YYYY-MM-DD') in the user's calendar and digits.
import { type FormatPrefs, formatDate } from '../../ui/format';

/** A calendar day from the API, shown in the user's calendar; noon UTC keeps it the same day in any zone. */
export function formatDay(day: string | null | undefined, prefs: FormatPrefs): string {
  if (!day) return '';
  return formatDate(new Date(`${day.slice(0, 10)}T12:00:00Z`), prefs, { dateStyle: 'medium' });
}

/** Today as the API's 'YYYY-MM-DD' in the user's time zone. */
export function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}

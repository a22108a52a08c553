import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import { useFormatPrefs } from '../app/prefs';
import { formatDate, isolate } from './format';

/**
 * Who made the change that beat the user's (a 409 for a stale version carries it), as a sentence to add to
 * the conflict message: "Sara changed it at 6 Azar 1405, 10:42." Undefined for any other error.
 */
export function useLastChangeNote(): (error: unknown) => string | undefined {
  const { t } = useTranslation();
  const prefs = useFormatPrefs();
  return (error) => {
    const change = isApiError(error, 409) ? error.problem.lastChange : undefined;
    if (!change) return undefined;
    const at = formatDate(new Date(change.at), prefs, { dateStyle: 'medium', timeStyle: 'short' });
    return change.by
      ? t('errors.changedBy', { name: isolate(change.by.name), at })
      : t('errors.changedAt', { at });
  };
}

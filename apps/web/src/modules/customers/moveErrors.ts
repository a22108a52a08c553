import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../ui/errors';

/**
 * What a failed move on a board says: a 409 means someone changed the card since the board was loaded
 * (the board reloads, so the user sees where it is now); anything else is the usual message.
 */
export function moveErrorMessage(error: unknown, t: TFunction): string | undefined {
  if (!error) return undefined;
  return isApiError(error, 409) || isApiError(error, 412)
    ? t('customers.board.conflict')
    : problemMessage(error, t);
}

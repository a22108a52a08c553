import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../ui/errors';

/**
 * What a failed change of something shown (a card moved on a board, an episode edited) says: a 409 means
 * someone changed it since it was loaded, which `conflict` explains (the caller reloads, so the user
 * sees it as it is now); anything else is the usual message.
 */
export function staleAwareMessage(error: unknown, t: TFunction, conflict: string): string | undefined {
  if (!error) return undefined;
  return isApiError(error, 409) ? conflict : problemMessage(error, t);
}

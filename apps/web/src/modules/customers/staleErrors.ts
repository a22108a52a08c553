import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../ui/errors';

/**
 * What a failed change of something shown (a card moved on a board, an episode edited) says: a 409 means
 * someone changed it since it was loaded, which `conflict` explains (the caller reloads, so the user
 * sees it as it is now), followed by who made that change and when where the server says
 * (`useLastChangeNote`); anything else is the usual message.
 */
export function staleAwareMessage(
  error: unknown,
  t: TFunction,
  conflict: string,
  lastChangeNote?: (error: unknown) => string | undefined,
): string | undefined {
  if (!error) return undefined;
  if (!isApiError(error, 409)) return problemMessage(error, t);
  const note = lastChangeNote?.(error);
  return note ? `${conflict} ${note}` : conflict;
}

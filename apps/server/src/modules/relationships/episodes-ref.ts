import type { Transaction } from '../../platform/db/database.js';
import type { FieldError } from '../../platform/http/problem.js';

/** Interactions may link only to an episode that exists and is not deleted: else a field error. */
export async function episodeErrors(
  tx: Transaction,
  id: string | null | undefined,
  path = 'episodeId',
): Promise<FieldError[]> {
  if (!id) return [];
  const { rowCount } = await tx.query(`SELECT 1 FROM episodes WHERE id = $1 AND deleted_at IS NULL`, [id]);
  return rowCount === 0 ? [{ path, message: 'No such episode', code: 'not_found' }] : [];
}

import type { Transaction } from '../../platform/db/database.js';
import { type FieldError, Problem } from '../../platform/http/problem.js';
import type { Context } from '../../platform/tenancy/context.js';
import type { BulkAction } from './schemas.js';

interface Record {
  id: string;
  version: number;
  ownerId: string | null;
  tags: string[];
}

/** What a bulk action needs of a record type's service (accounts, contacts and leads all have it). */
export interface BulkService<V extends Record> {
  get(tx: Transaction, ctx: Context, id: string): Promise<V>;
  update(tx: Transaction, ctx: Context, id: string, patch: { ownerId?: string; tags?: string[] }): Promise<V>;
  remove(tx: Transaction, ctx: Context, id: string): Promise<void>;
}

const CODES: { [status: number]: string } = { 403: 'forbidden', 404: 'not_found', 409: 'conflict' };
const TITLES: { [status: number]: string } = {
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
};

/**
 * Applies one action to many records through the type's own update/remove (so each change is checked,
 * audited and announced like a single one), in the caller's transaction. Every record's failure is
 * collected and reported at `ids.N` (or at the field the service named, e.g. `ownerId`), and then the
 * whole action is refused (403/404/409 when every failure is of that kind, else 422), so a bulk action changes every record or none. A record that already has the
 * value is left alone (no new version, no audit row).
 */
export async function applyBulk<V extends Record>(
  tx: Transaction,
  ctx: Context,
  service: BulkService<V>,
  action: BulkAction,
) {
  const errors: FieldError[] = [];
  const statuses = new Set<number>();
  const items: { id: string; version: number | null }[] = [];
  let changed = 0;
  const change = async (id: string): Promise<{ id: string; version: number | null }> => {
    if (action.action === 'delete') {
      await service.remove(tx, ctx, id);
      changed += 1;
      return { id, version: null };
    }
    const record = await service.get(tx, ctx, id);
    let patch: { ownerId?: string; tags?: string[] } | null = null;
    if (action.action === 'assign') {
      if (record.ownerId !== action.ownerId) patch = { ownerId: action.ownerId };
    } else {
      const tags =
        action.action === 'addTags'
          ? [...new Set([...record.tags, ...action.tags])]
          : record.tags.filter((tag) => !action.tags.includes(tag));
      if (tags.length !== record.tags.length) patch = { tags };
    }
    if (!patch) return { id, version: record.version };
    const updated = await service.update(tx, ctx, id, patch);
    changed += 1;
    return { id, version: updated.version };
  };
  for (const [index, id] of action.ids.entries()) {
    try {
      items.push(await change(id));
    } catch (error) {
      if (!(error instanceof Problem) || error.status >= 500) throw error;
      statuses.add(error.status);
      const named = (error.errors ?? []).filter((e) => !errors.some((seen) => seen.path === e.path));
      if (named.length) errors.push(...named);
      else
        errors.push({
          path: `ids.${index}`,
          message: error.detail ?? error.title,
          code: CODES[error.status] ?? 'invalid',
        });
    }
  }
  if (errors.length) {
    // One kind of refusal keeps its status (403, 404, 409), so clients and tests read it as for one record.
    const [only] = statuses;
    const status = statuses.size === 1 && only !== undefined && TITLES[only] ? only : 422;
    throw new Problem(
      status,
      TITLES[status] ?? 'Unprocessable Entity',
      'Some records cannot be changed, so none was',
      errors,
    );
  }
  return { action: action.action, changed, items };
}

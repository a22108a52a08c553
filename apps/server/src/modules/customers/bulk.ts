import type { Transaction } from '../../platform/db/database.js';
import { eachOrNone } from '../../platform/http/bulk.js';
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

/**
 * Applies one action to many records through the type's own update/remove, every record or none
 * (eachOrNone). A record that already has the value is left alone (no new version, no audit row).
 */
export async function applyBulk<V extends Record>(
  tx: Transaction,
  ctx: Context,
  service: BulkService<V>,
  action: BulkAction,
) {
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
  // Errors naming a field of the request (the owner) are about the request, not one record.
  const items = await eachOrNone(action.ids, change, () => true);
  return { action: action.action, changed, items };
}

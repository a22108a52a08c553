/**
 * Deleting a record through the API moves it to the recycle bin: its row is kept with `deleted_at`
 * set (so it can be restored and its history stays whole), in the same transaction as its audit row
 * and its `<entity>.deleted` event.
 */
import { audit } from '../audit/audit.js';
import { raw, sql, type Transaction } from '../db/database.js';
import { emit } from '../events/outbox.js';
import type { Context } from '../tenancy/context.js';

export async function moveToRecycleBin(
  tx: Transaction,
  ctx: Context,
  record: {
    /** The module's table (a trusted constant, never user input). */
    table: string;
    /** The audit entity and event prefix, e.g. 'note' → note.deleted. */
    entity: string;
    id: string;
    /** The record as the API showed it, for the audit row. */
    before: Record<string, unknown>;
    event: Record<string, unknown>;
  },
): Promise<void> {
  await tx.query(
    sql`UPDATE ${raw(record.table)} SET deleted_at = now(), updated_at = now(), version = version + 1
        WHERE id = ${record.id}::uuid`,
  );
  await audit(tx, ctx, {
    entity: record.entity,
    entityId: record.id,
    action: 'delete',
    before: record.before,
  });
  await emit(tx, ctx, `${record.entity}.deleted`, record.event);
}

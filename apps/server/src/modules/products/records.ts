/**
 * What every catalogue record's writes share: the locked row at the version the client named, names
 * that must be free, and the audit row and outbox event written in the same transaction.
 */
import { canonical, dec } from '@peyvand/billing';
import { audit } from '../../platform/audit/audit.js';
import { raw, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { fieldError, notFound } from '../../platform/http/problem.js';
import type { Context } from '../../platform/tenancy/context.js';

/** The one row `query` selects, or 404 naming `what`; its version must be the one named by If-Match. */
export async function lockedRow<R extends { version: number }>(
  tx: Transaction,
  query: Sql,
  what: string,
  version: number | undefined,
): Promise<R> {
  const { rows } = await tx.query<R>(sql`${query} FOR UPDATE`);
  const row = rows[0];
  if (!row) throw notFound(what);
  assertVersion(version, row.version, what);
  return row;
}

type Named = 'tax_classes' | 'product_categories' | 'customer_groups' | 'price_lists' | 'products';

/** Does another row of `table` (a live one, where rows are soft-deleted) have this value? */
export async function isTaken(
  tx: Transaction,
  table: Named,
  column: 'name' | 'name_fa' | 'sku',
  value: string,
  id: string,
): Promise<boolean> {
  const live = table === 'products' ? sql` AND deleted_at IS NULL` : sql``;
  const { rows } = await tx.query(
    sql`SELECT 1 FROM ${raw(table)} WHERE ${raw(column)} = ${value} AND id <> ${id}::uuid${live}`,
  );
  return rows.length > 0;
}

/** 422 at `path` when another row has this value. */
export async function assertFree(
  tx: Transaction,
  table: Named,
  column: 'name' | 'name_fa',
  value: string,
  id: string,
  path: string,
): Promise<void> {
  if (await isTaken(tx, table, column, value, id))
    throw fieldError(path, `Already used by another record: ${value}`, 'taken');
}

/** A numeric column's text without trailing zeros: numeric(7,4) reads '10.0000', people write '10'. */
export const plainDecimal = (value: string): string => canonical(dec(value));

const PAST = { create: 'created', update: 'updated', delete: 'deleted' } as const;

/** The audit row (field-level before/after) and the `<entity>.<created|updated|deleted>` event. */
export async function recordChange(
  tx: Transaction,
  ctx: Context,
  entity: string,
  change: {
    action: keyof typeof PAST;
    id: string;
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
  },
): Promise<void> {
  await audit(tx, ctx, {
    entity,
    entityId: change.id,
    action: change.action,
    before: change.before,
    after: change.after,
  });
  await emit(tx, ctx, `${entity}.${PAST[change.action]}`, { id: change.id });
}

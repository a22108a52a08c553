/** Tax classes: a named VAT rate. One per organisation is the default, given to products that name none. */
import { sql, type Transaction } from '../../platform/db/database.js';
import { conflict, fieldError, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { assertFree, lockedRow, plainDecimal, recordChange } from './records.js';
import type { TaxClass, TaxClassCreate, TaxClassPatch } from './schemas.js';

interface Row {
  id: string;
  name: string;
  rate: string;
  is_default: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = sql`SELECT id, name, rate::text AS rate, is_default, version, created_at, updated_at FROM tax_classes`;

const view = (r: Row): TaxClass => ({
  id: r.id,
  name: r.name,
  rate: plainDecimal(r.rate),
  isDefault: r.is_default,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listTaxClasses(tx: Transaction): Promise<TaxClass[]> {
  const { rows } = await tx.query<Row>(sql`${SELECT} ORDER BY is_default DESC, name, id`);
  return rows.map(view);
}

export async function getTaxClass(tx: Transaction, id: string): Promise<TaxClass> {
  const { rows } = await tx.query<Row>(sql`${SELECT} WHERE id = ${id}::uuid`);
  if (!rows[0]) throw notFound('Tax class');
  return view(rows[0]);
}

/** The class a product names (422 at `path` if there is none), or the default. */
export async function taxClassFor(tx: Transaction, id: string | undefined, path: string): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    id === undefined
      ? sql`SELECT id FROM tax_classes WHERE is_default`
      : sql`SELECT id FROM tax_classes WHERE id = ${id}::uuid`,
  );
  if (!rows[0]) throw fieldError(path, 'No such tax class', 'not_found');
  return rows[0].id;
}

/** Makes `id` the only default class, recording the change of the one that was. */
async function takeDefault(tx: Transaction, ctx: Context, id: string) {
  const { rows } = await tx.query<Row>(sql`${SELECT} WHERE is_default AND id <> ${id}::uuid FOR UPDATE`);
  for (const previous of rows) {
    await tx.query(
      sql`UPDATE tax_classes SET is_default = false, version = version + 1, updated_at = now() WHERE id = ${previous.id}::uuid`,
    );
    await recordChange(tx, ctx, 'tax_class', {
      action: 'update',
      id: previous.id,
      before: view(previous),
      after: await getTaxClass(tx, previous.id),
    });
  }
}

export async function createTaxClass(
  tx: Transaction,
  ctx: Context,
  input: TaxClassCreate,
): Promise<TaxClass> {
  const id = newId();
  await assertFree(tx, 'tax_classes', 'name', input.name, id, 'name');
  if (input.isDefault) await takeDefault(tx, ctx, id);
  await tx.query(
    sql`INSERT INTO tax_classes (tenant_id, id, name, rate, is_default)
        VALUES (${ctx.actor.tenantId}, ${id}, ${input.name}, ${input.rate}::numeric, ${input.isDefault})`,
  );
  const after = await getTaxClass(tx, id);
  await recordChange(tx, ctx, 'tax_class', { action: 'create', id, after });
  return after;
}

export async function updateTaxClass(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: TaxClassPatch,
  version?: number,
): Promise<TaxClass> {
  const before = view(await lockedRow<Row>(tx, sql`${SELECT} WHERE id = ${id}::uuid`, 'Tax class', version));
  if (patch.name !== undefined) await assertFree(tx, 'tax_classes', 'name', patch.name, id, 'name');
  if (patch.isDefault) await takeDefault(tx, ctx, id);
  await tx.query(
    sql`UPDATE tax_classes SET name = ${patch.name ?? before.name}, rate = ${patch.rate ?? before.rate}::numeric,
          is_default = is_default OR ${patch.isDefault ?? false}, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  const after = await getTaxClass(tx, id);
  await recordChange(tx, ctx, 'tax_class', { action: 'update', id, before, after });
  return after;
}

/** Only a class no product names, and not the default (make another the default first): 409 otherwise. */
export async function deleteTaxClass(tx: Transaction, ctx: Context, id: string, version?: number) {
  const before = view(await lockedRow<Row>(tx, sql`${SELECT} WHERE id = ${id}::uuid`, 'Tax class', version));
  // The codes tell screens why, in the user's language (a stale version is a 409 too).
  if (before.isDefault) {
    const message = 'The default tax class cannot be deleted; make another the default first';
    throw conflict(message, [{ path: 'isDefault', message, code: 'is_default' }]);
  }
  const { rows } = await tx.query(sql`SELECT 1 FROM products WHERE tax_class_id = ${id}::uuid LIMIT 1`);
  if (rows[0]) {
    const message = 'Products use this tax class; move them to another class first';
    throw conflict(message, [{ path: 'id', message, code: 'in_use' }]);
  }
  await tx.query(sql`DELETE FROM tax_classes WHERE id = ${id}::uuid`);
  await recordChange(tx, ctx, 'tax_class', { action: 'delete', id, before });
}

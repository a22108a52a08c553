/** Warehouses (انبار): named places stock is kept; exactly one is the organisation's default. */
import { raw, sql, type Transaction } from '../../platform/db/database.js';
import { conflict, fieldError, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { lockedRow, recordChange } from '../products/records.js';
import type { Warehouse } from './schemas.js';

const SELECT = raw(`SELECT id, name, address, is_default AS "isDefault", version, created_at AS "createdAt",
  updated_at AS "updatedAt" FROM warehouses`);

export async function listWarehouses(tx: Transaction): Promise<Warehouse[]> {
  const { rows } = await tx.query<Warehouse>(sql`${SELECT} ORDER BY is_default DESC, name, id`);
  return rows;
}

export async function getWarehouse(tx: Transaction, id: string): Promise<Warehouse> {
  const { rows } = await tx.query<Warehouse>(sql`${SELECT} WHERE id = ${id}::uuid`);
  if (!rows[0]) throw notFound('Warehouse');
  return rows[0];
}

/** The row to change, locked, at the version If-Match named. */
const lockWarehouse = (tx: Transaction, id: string, version?: number) =>
  lockedRow<Warehouse>(tx, sql`${SELECT} WHERE id = ${id}::uuid`, 'Warehouse', version);

/** Whether a warehouse of this organisation has this id (for documents that name one). */
export async function warehouseExists(tx: Transaction, id: string): Promise<boolean> {
  const { rows } = await tx.query(sql`SELECT 1 FROM warehouses WHERE id = ${id}::uuid`);
  return rows.length > 0;
}

/** The default warehouse's id: where documents take stock from unless they name another. */
export async function defaultWarehouseId(tx: Transaction): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(sql`SELECT id FROM warehouses WHERE is_default`);
  if (!rows[0]) throw conflict('The organisation has no default warehouse');
  return rows[0].id;
}

async function assertNameFree(tx: Transaction, name: string, id: string) {
  const { rows } = await tx.query(sql`SELECT 1 FROM warehouses WHERE name = ${name} AND id <> ${id}::uuid`);
  if (rows[0]) throw fieldError('name', `Already used by another warehouse: ${name}`, 'taken');
}

/** Makes `id` the default, auditing the previous default's change too. */
async function moveDefault(tx: Transaction, ctx: Context, id: string) {
  const { rows } = await tx.query<{ id: string }>(
    sql`UPDATE warehouses SET is_default = false, version = version + 1, updated_at = now()
        WHERE is_default AND id <> ${id}::uuid RETURNING id`,
  );
  for (const r of rows)
    await recordChange(tx, ctx, 'warehouse', {
      action: 'update',
      id: r.id,
      before: { isDefault: true },
      after: { isDefault: false },
    });
}

export async function createWarehouse(
  tx: Transaction,
  ctx: Context,
  input: { name: string; address: string; isDefault: boolean },
): Promise<Warehouse> {
  const id = newId();
  await assertNameFree(tx, input.name, id);
  if (input.isDefault) await moveDefault(tx, ctx, id);
  await tx.query(
    sql`INSERT INTO warehouses (tenant_id, id, name, address, is_default)
        VALUES (${ctx.actor.tenantId}::uuid, ${id}::uuid, ${input.name}, ${input.address}, ${input.isDefault})`,
  );
  const after = await getWarehouse(tx, id);
  await recordChange(tx, ctx, 'warehouse', { action: 'create', id, after });
  return after;
}

export async function updateWarehouse(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: { name?: string | undefined; address?: string | undefined; isDefault?: true | undefined },
  version?: number,
): Promise<Warehouse> {
  const before = await lockWarehouse(tx, id, version);
  if (patch.name !== undefined) await assertNameFree(tx, patch.name, id);
  if (patch.isDefault && !before.isDefault) await moveDefault(tx, ctx, id);
  await tx.query(
    sql`UPDATE warehouses SET name = ${patch.name ?? before.name}, address = ${patch.address ?? before.address},
          is_default = ${patch.isDefault ?? before.isDefault}, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  const after = await getWarehouse(tx, id);
  await recordChange(tx, ctx, 'warehouse', { action: 'update', id, before, after });
  return after;
}

/** Only an empty, never-used warehouse that is not the default may go: the ledger names it forever. */
export async function deleteWarehouse(tx: Transaction, ctx: Context, id: string, version?: number) {
  const before = await lockWarehouse(tx, id, version);
  if (before.isDefault)
    throw conflict('The default warehouse cannot be deleted; make another the default first');
  const { rows } = await tx.query(
    sql`SELECT 1 FROM stock_levels WHERE warehouse_id = ${id}::uuid
        UNION ALL SELECT 1 FROM purchase_orders WHERE warehouse_id = ${id}::uuid LIMIT 1`,
  );
  if (rows[0]) throw conflict('This warehouse has held stock or has purchase orders; it cannot be deleted');
  await tx.query(sql`DELETE FROM warehouses WHERE id = ${id}::uuid`);
  await recordChange(tx, ctx, 'warehouse', { action: 'delete', id, before });
}

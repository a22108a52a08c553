/**
 * What the stock endpoints read and write: levels and the ledger as keyset lists, the inventory
 * settings, transfers between warehouses and stocktake adjustments — each one document of movements
 * through `moveStock`, audited with its own entity.
 */
import { dec } from '@peyvand/billing';
import { audit } from '../../platform/audit/audit.js';
import { allOf, raw, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { type ListQuery, type ListResource, runListQuery } from '../../platform/http/list-query.js';
import { registerList } from '../../platform/http/list-registry.js';
import { fieldError } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { productSearch } from '../products/products.js';
import { assertStockTracked, lockLevels, MOVEMENT_COLUMNS, moveStock, type StockLine } from './ledger.js';
import { INVENTORY_MODULE } from './permissions.js';
import {
  STOCK_DOCUMENT_TYPES,
  STOCK_REASONS,
  type StockDocumentType,
  type StockLevelRow,
  type StockMovementRow,
} from './schemas.js';

const ZERO = dec('0');

const levelList: ListResource = {
  idColumn: sql`l.id`,
  defaultSort: 'productId',
  fields: {
    productId: { column: sql`l.product_id`, type: 'uuid', notNull: true },
    warehouseId: { column: sql`l.warehouse_id`, type: 'uuid', notNull: true },
    quantity: { column: sql`l.quantity`, type: 'number', notNull: true },
    updatedAt: { column: sql`l.updated_at`, type: 'datetime', notNull: true },
    // The product's code and names, so a screen lists stock in the order people look for it.
    // SKUs are A–Z, digits and . _ / -: byte order is the order they read in.
    sku: { column: sql`p.sku`, type: 'text', collate: 'C', notNull: true },
    nameFa: { column: sql`p.name_fa`, type: 'text', collate: 'und-x-icu', notNull: true },
    nameEn: { column: sql`p.name_en`, type: 'text', collate: 'und-x-icu', notNull: true },
  },
  search: productSearch(raw('p')),
};

/** What the stock screens show of a product beside its level or movement, in either language. */
const PRODUCT_COLUMNS = raw(`p.sku, p.name_fa AS "nameFa", p.name_en AS "nameEn", p.unit`);

const movementList: ListResource = {
  idColumn: sql`m.id`,
  defaultSort: '-createdAt',
  fields: {
    id: { column: sql`m.id`, type: 'uuid', notNull: true },
    productId: { column: sql`m.product_id`, type: 'uuid', notNull: true },
    warehouseId: { column: sql`m.warehouse_id`, type: 'uuid', notNull: true },
    quantity: { column: sql`m.quantity`, type: 'number', notNull: true },
    reason: { column: sql`m.reason`, type: 'enum', values: STOCK_REASONS, notNull: true },
    documentType: { column: sql`m.document_type`, type: 'enum', values: STOCK_DOCUMENT_TYPES, notNull: true },
    documentId: { column: sql`m.document_id`, type: 'uuid', notNull: true },
    createdBy: { column: sql`m.created_by`, type: 'uuid' },
    createdAt: { column: sql`m.created_at`, type: 'datetime', notNull: true },
  },
};
registerList({ entity: 'stock_movement', module: INVENTORY_MODULE, resource: async () => movementList });

export function listLevels(
  tx: Transaction,
  query: ListQuery & { productId?: string | undefined; warehouseId?: string | undefined },
) {
  // The product's total over every warehouse and its threshold come with each row: low stock is judged
  // on the total (low-stock.ts), so a screen can mark the rows of a product that is low.
  return runListQuery<StockLevelRow>(tx, levelList, query, {
    from: sql`stock_levels l JOIN products p ON p.id = l.product_id
      LEFT JOIN low_stock_thresholds t ON t.product_id = l.product_id`,
    select: sql`l.product_id AS "productId", l.warehouse_id AS "warehouseId", trim_scale(l.quantity)::text AS quantity,
      l.updated_at AS "updatedAt", ${PRODUCT_COLUMNS},
      (SELECT trim_scale(sum(a.quantity))::text FROM stock_levels a WHERE a.product_id = l.product_id)
        AS "productQuantity",
      trim_scale(t.threshold)::text AS threshold`,
    where: allOf([
      query.productId && sql`l.product_id = ${query.productId}::uuid`,
      query.warehouseId && sql`l.warehouse_id = ${query.warehouseId}::uuid`,
    ]),
  });
}

export function listMovements(
  tx: Transaction,
  query: ListQuery & {
    productId?: string | undefined;
    warehouseId?: string | undefined;
    documentType?: StockDocumentType | undefined;
    documentId?: string | undefined;
  },
) {
  return runListQuery<StockMovementRow>(tx, movementList, query, {
    // A goods receipt has no page of its own: its purchase order is where a screen links to.
    from: sql`stock_movements m JOIN products p ON p.id = m.product_id
      LEFT JOIN goods_receipts g ON m.document_type = 'goods_receipt' AND g.id = m.document_id`,
    select: sql`${MOVEMENT_COLUMNS}, ${PRODUCT_COLUMNS}, g.purchase_order_id AS "purchaseOrderId"`,
    where: allOf([
      query.productId && sql`m.product_id = ${query.productId}::uuid`,
      query.warehouseId && sql`m.warehouse_id = ${query.warehouseId}::uuid`,
      query.documentType && sql`m.document_type = ${query.documentType}`,
      query.documentId && sql`m.document_id = ${query.documentId}::uuid`,
    ]),
  });
}

// ---------------------------------------------------------------------------------------------
// Settings

export async function getSettings(tx: Transaction) {
  const { rows } = await tx.query<{ allowNegativeStock: boolean; version: number }>(
    sql`SELECT allow_negative_stock AS "allowNegativeStock", version FROM inventory_settings`,
  );
  return rows[0] ?? { allowNegativeStock: false, version: 0 };
}

export async function updateSettings(
  tx: Transaction,
  ctx: Context,
  input: { allowNegativeStock: boolean },
  version?: number,
) {
  // The row is made on the first change; locking it (or the insert's conflict) orders two changers.
  await tx.query(
    sql`INSERT INTO inventory_settings (tenant_id, version) VALUES (${ctx.actor.tenantId}::uuid, 0)
        ON CONFLICT DO NOTHING`,
  );
  const { rows } = await tx.query<{ allowNegativeStock: boolean; version: number }>(
    sql`SELECT allow_negative_stock AS "allowNegativeStock", version FROM inventory_settings FOR UPDATE`,
  );
  const before = rows[0] ?? { allowNegativeStock: false, version: 0 };
  assertVersion(version, before.version, 'The inventory settings');
  await tx.query(
    sql`UPDATE inventory_settings SET allow_negative_stock = ${input.allowNegativeStock}, version = version + 1,
          updated_at = now()`,
  );
  const after = await getSettings(tx);
  await audit(tx, ctx, {
    entity: 'inventory_settings',
    entityId: ctx.actor.tenantId,
    action: 'update',
    before,
    after,
  });
  await emit(tx, ctx, 'inventory_settings.updated', { allowNegativeStock: after.allowNegativeStock });
  return after;
}

// ---------------------------------------------------------------------------------------------
// Transfers and stocktakes

async function recordDocument(
  tx: Transaction,
  ctx: Context,
  entity: 'stock_transfer' | 'stocktake',
  documentId: string,
  after: Record<string, unknown>,
) {
  await audit(tx, ctx, { entity, entityId: documentId, action: 'create', after });
  await emit(tx, ctx, `${entity}.created`, { documentId });
}

/** Moves goods from one warehouse to another: each line out of one and into the other, all or none. */
export async function transferStock(
  tx: Transaction,
  ctx: Context,
  input: {
    fromWarehouseId: string;
    toWarehouseId: string;
    note: string;
    lines: { productId: string; quantity: string }[];
  },
) {
  if (input.fromWarehouseId === input.toWarehouseId)
    throw fieldError('toWarehouseId', 'Choose another warehouse than the one stock leaves', 'same_warehouse');
  await assertWarehouse(tx, input.fromWarehouseId, 'fromWarehouseId');
  await assertWarehouse(tx, input.toWarehouseId, 'toWarehouseId');
  await assertStockTracked(
    tx,
    input.lines.map((l) => l.productId),
    'lines',
  );
  const documentId = newId();
  // Out-lines first, at the request's indexes, so a shortage names the request's `lines.N.quantity`.
  const lines: StockLine[] = [
    ...input.lines.map((l) => ({
      productId: l.productId,
      warehouseId: input.fromWarehouseId,
      quantity: `-${l.quantity}`,
      reason: 'transfer_out' as const,
    })),
    ...input.lines.map((l) => ({
      productId: l.productId,
      warehouseId: input.toWarehouseId,
      quantity: l.quantity,
      reason: 'transfer_in' as const,
    })),
  ];
  const movements = await moveStock(
    tx,
    ctx,
    { type: 'stock_transfer', id: documentId, note: input.note },
    lines,
  );
  await recordDocument(tx, ctx, 'stock_transfer', documentId, { ...input });
  return { documentId, movements };
}

/** A stocktake: each counted quantity becomes a movement of the difference from the level, with the reason. */
export async function adjustStock(
  tx: Transaction,
  ctx: Context,
  input: { warehouseId: string; reason: string; lines: { productId: string; countedQuantity: string }[] },
) {
  const seen = new Set<string>();
  input.lines.forEach((l, i) => {
    if (seen.has(l.productId))
      throw fieldError(`lines.${i}.productId`, 'This product is counted twice', 'duplicate');
    seen.add(l.productId);
  });
  await assertWarehouse(tx, input.warehouseId, 'warehouseId');
  await assertStockTracked(
    tx,
    input.lines.map((l) => l.productId),
    'lines',
  );
  const documentId = newId();
  // Locked before the difference is taken, so a movement committing meanwhile cannot make it wrong.
  const levels = await lockLevels(
    tx,
    ctx,
    input.lines.map((l) => ({ productId: l.productId, warehouseId: input.warehouseId })),
  );
  const lines: StockLine[] = input.lines.map((l) => ({
    productId: l.productId,
    warehouseId: input.warehouseId,
    quantity: dec(l.countedQuantity)
      .minus(dec(levels.get(`${l.productId}/${input.warehouseId}`) ?? '0'))
      .toFixed(4),
    reason: 'adjustment',
  }));
  const changed = lines.filter((l) => !dec(l.quantity).eq(ZERO));
  const movements = await moveStock(
    tx,
    ctx,
    { type: 'stocktake', id: documentId, note: input.reason },
    changed,
  );
  await recordDocument(tx, ctx, 'stocktake', documentId, { ...input });
  return { documentId, movements };
}

async function assertWarehouse(tx: Transaction, id: string, path: string) {
  const { rows } = await tx.query(sql`SELECT 1 FROM warehouses WHERE id = ${id}::uuid`);
  if (!rows[0]) throw fieldError(path, 'No such warehouse', 'not_found');
}

/**
 * Vendors, purchase orders and goods receipts. A purchase order is draft → ordered → partly_received →
 * received (draft or ordered → cancelled); its lines change only in draft. A goods receipt records what
 * arrived of each line — never more than is outstanding — and adds it to stock through `moveStock`
 * (reason 'receipt', document 'goods_receipt') in the same transaction that moves the order's status on.
 */
import { dec } from '@peyvand/billing';
import { raw, sql, type Transaction } from '../../platform/db/database.js';
import { type ListQuery, type ListResource, runListQuery } from '../../platform/http/list-query.js';
import { registerList } from '../../platform/http/list-registry.js';
import { conflict, type FieldError, fieldError, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { lockedRow, recordChange } from '../products/records.js';
import { moveStock } from './ledger.js';
import { INVENTORY_MODULE } from './permissions.js';
import {
  PURCHASE_ORDER_STATUSES,
  type PurchaseOrder,
  type PurchaseOrderStatus,
  type Vendor,
} from './schemas.js';
import { defaultWarehouseId } from './warehouses.js';

// ---------------------------------------------------------------------------------------------
// Vendors

const VENDOR =
  raw(`SELECT id, name, phone, email, note, version, created_at AS "createdAt", updated_at AS "updatedAt"
  FROM vendors`);

export async function listVendors(tx: Transaction): Promise<Vendor[]> {
  const { rows } = await tx.query<Vendor>(sql`${VENDOR} ORDER BY name COLLATE "und-x-icu", id`);
  return rows;
}

export async function getVendor(tx: Transaction, id: string): Promise<Vendor> {
  const { rows } = await tx.query<Vendor>(sql`${VENDOR} WHERE id = ${id}::uuid`);
  if (!rows[0]) throw notFound('Vendor');
  return rows[0];
}

async function assertVendorNameFree(tx: Transaction, name: string, id: string) {
  const { rows } = await tx.query(sql`SELECT 1 FROM vendors WHERE name = ${name} AND id <> ${id}::uuid`);
  if (rows[0]) throw fieldError('name', `Already used by another vendor: ${name}`, 'taken');
}

type VendorFields = { name: string; phone: string; email: string; note: string };

export async function createVendor(tx: Transaction, ctx: Context, input: VendorFields): Promise<Vendor> {
  const id = newId();
  await assertVendorNameFree(tx, input.name, id);
  await tx.query(
    sql`INSERT INTO vendors (tenant_id, id, name, phone, email, note)
        VALUES (${ctx.actor.tenantId}::uuid, ${id}::uuid, ${input.name}, ${input.phone}, ${input.email}, ${input.note})`,
  );
  const after = await getVendor(tx, id);
  await recordChange(tx, ctx, 'vendor', { action: 'create', id, after });
  return after;
}

export async function updateVendor(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: Partial<VendorFields>,
  version?: number,
): Promise<Vendor> {
  const before = await lockedRow<Vendor>(tx, sql`${VENDOR} WHERE id = ${id}::uuid`, 'Vendor', version);
  const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  if (patch.name !== undefined) await assertVendorNameFree(tx, patch.name, id);
  await tx.query(
    sql`UPDATE vendors SET name = ${next.name}, phone = ${next.phone}, email = ${next.email}, note = ${next.note},
          version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
  );
  const after = await getVendor(tx, id);
  await recordChange(tx, ctx, 'vendor', { action: 'update', id, before, after });
  return after;
}

export async function deleteVendor(tx: Transaction, ctx: Context, id: string, version?: number) {
  const before = await lockedRow<Vendor>(tx, sql`${VENDOR} WHERE id = ${id}::uuid`, 'Vendor', version);
  const { rows } = await tx.query(sql`SELECT 1 FROM purchase_orders WHERE vendor_id = ${id}::uuid LIMIT 1`);
  if (rows[0]) throw conflict('This vendor has purchase orders; it cannot be deleted');
  await tx.query(sql`DELETE FROM vendors WHERE id = ${id}::uuid`);
  await recordChange(tx, ctx, 'vendor', { action: 'delete', id, before });
}

// ---------------------------------------------------------------------------------------------
// Purchase orders

const ORDER =
  raw(`o.id, o.vendor_id AS "vendorId", o.warehouse_id AS "warehouseId", o.status, o.currency, o.note,
  o.created_by AS "createdBy", o.version, o.created_at AS "createdAt", o.updated_at AS "updatedAt"`);
type OrderRow = Omit<PurchaseOrder, 'lines'>;

const orderList: ListResource = {
  idColumn: sql`o.id`,
  defaultSort: '-createdAt',
  fields: {
    id: { column: sql`o.id`, type: 'uuid', notNull: true },
    vendorId: { column: sql`o.vendor_id`, type: 'uuid', notNull: true },
    warehouseId: { column: sql`o.warehouse_id`, type: 'uuid', notNull: true },
    status: { column: sql`o.status`, type: 'enum', values: PURCHASE_ORDER_STATUSES, notNull: true },
    currency: { column: sql`o.currency`, type: 'text', notNull: true },
    createdAt: { column: sql`o.created_at`, type: 'datetime', notNull: true },
    updatedAt: { column: sql`o.updated_at`, type: 'datetime', notNull: true },
  },
};
registerList({ entity: 'purchase_order', module: INVENTORY_MODULE, resource: async () => orderList });

async function withLines(tx: Transaction, orders: OrderRow[]): Promise<PurchaseOrder[]> {
  if (!orders.length) return [];
  const { rows } = await tx.query<PurchaseOrder['lines'][number] & { orderId: string }>(
    sql`SELECT purchase_order_id AS "orderId", line_no AS "lineNo", product_id AS "productId",
          trim_scale(quantity)::text AS quantity, trim_scale(unit_cost)::text AS "unitCost",
          trim_scale(received_quantity)::text AS "receivedQuantity"
        FROM purchase_order_lines WHERE purchase_order_id = ANY(${orders.map((o) => o.id)}::uuid[])
        ORDER BY purchase_order_id, line_no`,
  );
  return orders.map((o) => ({
    ...o,
    lines: rows.filter((l) => l.orderId === o.id).map(({ orderId: _, ...line }) => line),
  }));
}

export async function listPurchaseOrders(
  tx: Transaction,
  query: ListQuery & { status?: PurchaseOrderStatus | undefined; vendorId?: string | undefined },
) {
  const page = await runListQuery<OrderRow>(tx, orderList, query, {
    from: sql`purchase_orders o`,
    select: ORDER,
    where: sql`(${query.status ?? null}::text IS NULL OR o.status = ${query.status ?? null})
      AND (${query.vendorId ?? null}::uuid IS NULL OR o.vendor_id = ${query.vendorId ?? null}::uuid)`,
  });
  return { ...page, items: await withLines(tx, page.items) };
}

export async function getPurchaseOrder(tx: Transaction, id: string): Promise<PurchaseOrder> {
  const { rows } = await tx.query<OrderRow>(
    sql`SELECT ${ORDER} FROM purchase_orders o WHERE o.id = ${id}::uuid`,
  );
  if (!rows[0]) throw notFound('Purchase order');
  return (await withLines(tx, rows))[0] as PurchaseOrder;
}

type OrderLineInput = { productId: string; quantity: string; unitCost: string };

/** The vendor, warehouse and products an order names must exist (422 naming the field otherwise). */
async function checkRefs(
  tx: Transaction,
  refs: {
    vendorId?: string | undefined;
    warehouseId?: string | undefined;
    lines?: OrderLineInput[] | undefined;
  },
) {
  const errors: FieldError[] = [];
  if (refs.vendorId) {
    const { rows } = await tx.query(sql`SELECT 1 FROM vendors WHERE id = ${refs.vendorId}::uuid`);
    if (!rows[0]) errors.push({ path: 'vendorId', message: 'No such vendor', code: 'not_found' });
  }
  if (refs.warehouseId) {
    const { rows } = await tx.query(sql`SELECT 1 FROM warehouses WHERE id = ${refs.warehouseId}::uuid`);
    if (!rows[0]) errors.push({ path: 'warehouseId', message: 'No such warehouse', code: 'not_found' });
  }
  if (refs.lines) {
    const ids = refs.lines.map((l) => l.productId);
    const { rows } = await tx.query<{ id: string }>(
      sql`SELECT id FROM products WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL`,
    );
    const known = new Set(rows.map((r) => r.id));
    ids.forEach((id, i) => {
      if (!known.has(id))
        errors.push({ path: `lines.${i}.productId`, message: 'No such product', code: 'not_found' });
    });
  }
  if (errors.length) throw invalid(errors);
}

async function writeLines(tx: Transaction, ctx: Context, orderId: string, lines: OrderLineInput[]) {
  await tx.query(sql`DELETE FROM purchase_order_lines WHERE purchase_order_id = ${orderId}::uuid`);
  await tx.query(
    sql`INSERT INTO purchase_order_lines (tenant_id, purchase_order_id, line_no, product_id, quantity, unit_cost)
        SELECT ${ctx.actor.tenantId}::uuid, ${orderId}::uuid, x.n - 1, x.p, x.q, x.c
        FROM unnest(${lines.map((l) => l.productId)}::uuid[], ${lines.map((l) => l.quantity)}::numeric[],
          ${lines.map((l) => l.unitCost)}::numeric[]) WITH ORDINALITY AS x(p, q, c, n)`,
  );
}

export async function createPurchaseOrder(
  tx: Transaction,
  ctx: Context,
  input: {
    vendorId: string;
    warehouseId?: string | undefined;
    currency?: string | undefined;
    note: string;
    lines: OrderLineInput[];
  },
): Promise<PurchaseOrder> {
  await checkRefs(tx, input);
  const id = newId();
  const warehouseId = input.warehouseId ?? (await defaultWarehouseId(tx));
  const { rows } = await tx.query<{ currency: string }>(
    sql`SELECT COALESCE(settings->>'currency', 'IRR') AS currency FROM tenants WHERE id = ${ctx.actor.tenantId}::uuid`,
  );
  await tx.query(
    sql`INSERT INTO purchase_orders (tenant_id, id, vendor_id, warehouse_id, currency, note, created_by)
        VALUES (${ctx.actor.tenantId}::uuid, ${id}::uuid, ${input.vendorId}::uuid, ${warehouseId}::uuid,
          ${input.currency ?? rows[0]?.currency ?? 'IRR'}, ${input.note}, ${ctx.actor.userId}::uuid)`,
  );
  await writeLines(tx, ctx, id, input.lines);
  const after = await getPurchaseOrder(tx, id);
  await recordChange(tx, ctx, 'purchase_order', { action: 'create', id, after });
  return after;
}

const lockOrder = (tx: Transaction, id: string, version?: number) =>
  lockedRow<OrderRow>(
    tx,
    sql`SELECT ${ORDER} FROM purchase_orders o WHERE o.id = ${id}::uuid`,
    'Purchase order',
    version,
  );

export async function updatePurchaseOrder(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: {
    vendorId?: string | undefined;
    warehouseId?: string | undefined;
    note?: string | undefined;
    lines?: OrderLineInput[] | undefined;
    status?: 'ordered' | 'cancelled' | undefined;
  },
  version?: number,
): Promise<PurchaseOrder> {
  const row = await lockOrder(tx, id, version);
  const before = await getPurchaseOrder(tx, id);
  const editsContent =
    patch.vendorId !== undefined || patch.warehouseId !== undefined || patch.lines !== undefined;
  if (editsContent && row.status !== 'draft')
    throw conflict(`A ${row.status} purchase order's vendor, warehouse and lines no longer change`);
  if (patch.status === 'ordered' && row.status !== 'draft')
    throw conflict(`Only a draft purchase order can be ordered (this one is ${row.status})`);
  if (patch.status === 'cancelled' && row.status !== 'draft' && row.status !== 'ordered')
    throw conflict(`A ${row.status} purchase order cannot be cancelled`);
  await checkRefs(tx, patch);
  await tx.query(
    sql`UPDATE purchase_orders SET vendor_id = ${patch.vendorId ?? row.vendorId}::uuid,
          warehouse_id = ${patch.warehouseId ?? row.warehouseId}::uuid, note = ${patch.note ?? row.note},
          status = ${patch.status ?? row.status}, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  if (patch.lines) await writeLines(tx, ctx, id, patch.lines);
  const after = await getPurchaseOrder(tx, id);
  await recordChange(tx, ctx, 'purchase_order', { action: 'update', id, before, after });
  return after;
}

// ---------------------------------------------------------------------------------------------
// Goods receipts

export async function receiveGoods(
  tx: Transaction,
  ctx: Context,
  orderId: string,
  input: { warehouseId?: string | undefined; note: string; lines: { lineNo: number; quantity: string }[] },
  version?: number,
) {
  const row = await lockOrder(tx, orderId, version);
  if (row.status !== 'ordered' && row.status !== 'partly_received')
    throw conflict(`Goods are received against an ordered purchase order (this one is ${row.status})`);
  await checkRefs(tx, { warehouseId: input.warehouseId });
  const order = await getPurchaseOrder(tx, orderId);
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  input.lines.forEach((l, i) => {
    const line = order.lines.find((x) => x.lineNo === l.lineNo);
    if (!line)
      errors.push({ path: `lines.${i}.lineNo`, message: 'The order has no such line', code: 'not_found' });
    else if (seen.has(l.lineNo))
      errors.push({ path: `lines.${i}.lineNo`, message: 'This line is received twice', code: 'duplicate' });
    else if (dec(l.quantity).gt(dec(line.quantity).minus(dec(line.receivedQuantity))))
      errors.push({
        path: `lines.${i}.quantity`,
        message: `More than is outstanding: ${dec(line.quantity).minus(dec(line.receivedQuantity)).toString()}`,
        code: 'over_received',
      });
    seen.add(l.lineNo);
  });
  if (errors.length) throw invalid(errors);

  const id = newId();
  const warehouseId = input.warehouseId ?? order.warehouseId;
  const { rows: made } = await tx.query<{ created_at: Date }>(
    sql`INSERT INTO goods_receipts (tenant_id, id, purchase_order_id, warehouse_id, note, created_by)
        VALUES (${ctx.actor.tenantId}::uuid, ${id}::uuid, ${orderId}::uuid, ${warehouseId}::uuid, ${input.note},
          ${ctx.actor.userId}::uuid) RETURNING created_at`,
  );
  await tx.query(
    sql`INSERT INTO goods_receipt_lines (tenant_id, goods_receipt_id, line_no, quantity)
        SELECT ${ctx.actor.tenantId}::uuid, ${id}::uuid, n, q
        FROM unnest(${input.lines.map((l) => l.lineNo)}::int[], ${input.lines.map((l) => l.quantity)}::numeric[]) AS x(n, q)`,
  );
  await tx.query(
    sql`UPDATE purchase_order_lines l SET received_quantity = l.received_quantity + x.q
        FROM unnest(${input.lines.map((l) => l.lineNo)}::int[], ${input.lines.map((l) => l.quantity)}::numeric[]) AS x(n, q)
        WHERE l.purchase_order_id = ${orderId}::uuid AND l.line_no = x.n`,
  );
  await tx.query(
    sql`UPDATE purchase_orders SET version = version + 1, updated_at = now(),
          status = CASE WHEN EXISTS (SELECT 1 FROM purchase_order_lines WHERE purchase_order_id = ${orderId}::uuid
                                     AND received_quantity < quantity) THEN 'partly_received' ELSE 'received' END
        WHERE id = ${orderId}::uuid`,
  );
  const productOf = new Map(order.lines.map((l) => [l.lineNo, l.productId]));
  await moveStock(
    tx,
    ctx,
    { type: 'goods_receipt', id, note: input.note },
    input.lines.map((l) => ({
      productId: productOf.get(l.lineNo) as string,
      warehouseId,
      quantity: l.quantity,
      reason: 'receipt',
    })),
  );
  const after = await getPurchaseOrder(tx, orderId);
  const receipt = { id, purchaseOrderId: orderId, warehouseId, note: input.note, lines: input.lines };
  await recordChange(tx, ctx, 'goods_receipt', { action: 'create', id, after: receipt });
  await recordChange(tx, ctx, 'purchase_order', { action: 'update', id: orderId, before: order, after });
  return { ...receipt, order: after, createdAt: made[0]?.created_at ?? new Date() };
}

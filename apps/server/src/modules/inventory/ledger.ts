/**
 * The stock-movement ledger and the levels it sums to. `moveStock` is the one way stock changes — for
 * this module's transfers, stocktakes and goods receipts and for other modules' documents (invoices
 * deduct on issue and return on cancellation or credit note) — inside the caller's transaction:
 *
 * 1. the level rows of every (product, warehouse) the lines touch are made if missing and locked
 *    (SELECT … FOR UPDATE) in one fixed order — product id, then warehouse id — so two documents
 *    touching the same rows wait for each other instead of deadlocking;
 * 2. with the rows locked, a document that would take a level below zero is refused (409 naming
 *    `<path>.N.quantity`) unless the organisation allows negative stock: of two documents racing for
 *    the last unit, the second sees the first's committed level and is refused;
 * 3. the ledger rows are appended and the levels updated by one statement, so level = SUM(ledger).
 */
import { dec } from '@peyvand/billing';
import { raw, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { conflict, type FieldError, invalid } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { raiseLowStockAlerts } from './low-stock.js';
import { QUANTITY, type StockDocumentType, type StockMovement, type StockReason } from './schemas.js';

export interface StockLine {
  productId: string;
  warehouseId: string;
  /** Signed decimal string: '-2' takes two, '5' adds five. Its sign must suit the reason. */
  quantity: string;
  reason: StockReason;
  /** Its field path in the caller's request when not `<path>.<index>` (a document with free-text lines between). */
  at?: string;
}

export interface StockDocument {
  type: StockDocumentType;
  id: string;
  /** Kept on each movement (its first 1,000 characters): a stocktake's reason, a transfer's note. */
  note?: string;
  /** Field path of the lines in the caller's request, for errors (`lines` → `lines.3.quantity`). */
  path?: string;
}

const ZERO = dec('0');
const INCOMING: ReadonlySet<StockReason> = new Set(['receipt', 'return', 'transfer_in']);
const OUTGOING: ReadonlySet<StockReason> = new Set(['issue', 'transfer_out']);

/** A ledger row as the API shows it (alias `m`); quantities without trailing zeros. */
export const MOVEMENT_COLUMNS = raw(`m.id, m.product_id AS "productId", m.warehouse_id AS "warehouseId",
  trim_scale(m.quantity)::text AS quantity, m.reason, m.document_type AS "documentType", m.document_id AS "documentId",
  m.note, m.created_by AS "createdBy", m.created_at AS "createdAt"`);

const keyOf = (productId: string, warehouseId: string) => `${productId}/${warehouseId}`;

export async function allowsNegativeStock(tx: Transaction): Promise<boolean> {
  const { rows } = await tx.query<{ allow: boolean }>(
    sql`SELECT allow_negative_stock AS allow FROM inventory_settings`,
  );
  return rows[0]?.allow ?? false;
}

/**
 * Makes the level rows of these pairs if missing and locks them, always in (product, warehouse) order;
 * returns each pair's quantity as it stands now that no one else can move it.
 */
export async function lockLevels(
  tx: Transaction,
  ctx: Context,
  pairs: { productId: string; warehouseId: string }[],
): Promise<Map<string, string>> {
  const unique = [...new Map(pairs.map((p) => [keyOf(p.productId, p.warehouseId), p])).values()].sort(
    (a, b) => a.productId.localeCompare(b.productId) || a.warehouseId.localeCompare(b.warehouseId),
  );
  const products = unique.map((p) => p.productId);
  const warehouses = unique.map((p) => p.warehouseId);
  await tx.query(
    sql`INSERT INTO stock_levels (tenant_id, product_id, warehouse_id)
        SELECT ${ctx.actor.tenantId}::uuid, p, w FROM unnest(${products}::uuid[], ${warehouses}::uuid[]) AS x(p, w)
        ORDER BY p, w ON CONFLICT DO NOTHING`,
  );
  const { rows } = await tx.query<{ product_id: string; warehouse_id: string; quantity: string }>(
    sql`SELECT product_id, warehouse_id, quantity FROM stock_levels
        WHERE (product_id, warehouse_id) IN (SELECT * FROM unnest(${products}::uuid[], ${warehouses}::uuid[]))
        ORDER BY product_id, warehouse_id FOR UPDATE`,
  );
  return new Map(rows.map((r) => [keyOf(r.product_id, r.warehouse_id), r.quantity]));
}

/** Quantities that are not numbers, zero, or of the wrong sign for their reason. */
function quantityErrors(lines: StockLine[], path: string): FieldError[] {
  const errors: FieldError[] = [];
  lines.forEach((line, i) => {
    const at = `${line.at ?? `${path}.${i}`}.quantity`;
    const magnitude = line.quantity.startsWith('-') ? line.quantity.slice(1) : line.quantity;
    if (!QUANTITY.test(magnitude) || dec(magnitude).eq(ZERO))
      errors.push({
        path: at,
        message: 'A non-zero quantity with at most 4 decimals',
        code: 'invalid_quantity',
      });
    else if (INCOMING.has(line.reason) && line.quantity.startsWith('-'))
      errors.push({ path: at, message: `A ${line.reason} adds stock`, code: 'wrong_sign' });
    else if (OUTGOING.has(line.reason) && !line.quantity.startsWith('-'))
      errors.push({ path: at, message: `A ${line.reason} takes stock`, code: 'wrong_sign' });
  });
  return errors;
}

/** Products must exist (else 422 at productId); returns which of them are stock-tracked. */
async function trackedProducts(tx: Transaction, lines: StockLine[], path: string): Promise<Set<string>> {
  const ids = [...new Set(lines.map((l) => l.productId))];
  const wids = [...new Set(lines.map((l) => l.warehouseId))];
  const [products, warehouses] = await Promise.all([
    tx.query<{ id: string; stock_tracked: boolean }>(
      sql`SELECT id, stock_tracked FROM products WHERE id = ANY(${ids}::uuid[])`,
    ),
    tx.query<{ id: string }>(sql`SELECT id FROM warehouses WHERE id = ANY(${wids}::uuid[])`),
  ]);
  const known = new Map(products.rows.map((p) => [p.id, p.stock_tracked]));
  const knownWarehouses = new Set(warehouses.rows.map((w) => w.id));
  const errors: FieldError[] = [];
  lines.forEach((line, i) => {
    if (!known.has(line.productId))
      errors.push({
        path: `${line.at ?? `${path}.${i}`}.productId`,
        message: 'No such product',
        code: 'not_found',
      });
    if (!knownWarehouses.has(line.warehouseId))
      errors.push({
        path: `${line.at ?? `${path}.${i}`}.warehouseId`,
        message: 'No such warehouse',
        code: 'not_found',
      });
  });
  if (errors.length) throw invalid(errors);
  return new Set([...known].filter(([, tracked]) => tracked).map(([id]) => id));
}

/**
 * 422 at `<path>.N.productId` for a product that does not exist or whose stock is not counted: for
 * this module's own documents (transfers, stocktakes), which are about stock and nothing else.
 */
export async function assertStockTracked(tx: Transaction, productIds: string[], path: string): Promise<void> {
  const { rows } = await tx.query<{ id: string; stock_tracked: boolean }>(
    sql`SELECT id, stock_tracked FROM products WHERE id = ANY(${productIds}::uuid[])`,
  );
  const tracked = new Map(rows.map((r) => [r.id, r.stock_tracked]));
  const errors: FieldError[] = [];
  productIds.forEach((id, i) => {
    const known = tracked.get(id);
    if (known === undefined)
      errors.push({ path: `${path}.${i}.productId`, message: 'No such product', code: 'not_found' });
    else if (!known)
      errors.push({
        path: `${path}.${i}.productId`,
        message: 'Its stock is not tracked',
        code: 'not_stock_tracked',
      });
  });
  if (errors.length) throw invalid(errors);
}

/**
 * Moves stock for one document, all or none, in the caller's transaction. Lines of products that are
 * not stock-tracked (services, untracked goods) move nothing, so a document passes all its lines.
 * Bad lines are a 422 naming `<path>.N.<field>`; stock that would go below zero is a 409 naming
 * `<path>.N.quantity` (unless the organisation allows negative stock). Returns the ledger rows written.
 */
export async function moveStock(
  tx: Transaction,
  ctx: Context,
  document: StockDocument,
  lines: StockLine[],
): Promise<StockMovement[]> {
  const path = document.path ?? 'lines';
  const bad = quantityErrors(lines, path);
  if (bad.length) throw invalid(bad);
  if (!lines.length) return [];
  const tracked = await trackedProducts(tx, lines, path);
  const moving = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => tracked.has(line.productId));
  if (!moving.length) return [];

  const levels = await lockLevels(
    tx,
    ctx,
    moving.map(({ line }) => line),
  );
  if (!(await allowsNegativeStock(tx))) {
    // Walk the lines in order, so the error names the line that takes the level below zero.
    const running = new Map(levels);
    const short: FieldError[] = [];
    for (const { line, index } of moving) {
      const key = keyOf(line.productId, line.warehouseId);
      const after = dec(running.get(key) ?? '0').plus(dec(line.quantity));
      running.set(key, after.toString());
      if (line.quantity.startsWith('-') && after.lt(ZERO))
        short.push({
          path: `${line.at ?? `${path}.${index}`}.quantity`,
          message: `Not enough in stock: ${dec(levels.get(key) ?? '0').toString()} in this warehouse`,
          code: 'insufficient_stock',
        });
    }
    if (short.length) throw conflict('Not enough stock for this document', short);
  }

  const ids = moving.map(() => newId());
  const { rows } = await tx.query<StockMovement>(
    sql`WITH m AS (
          INSERT INTO stock_movements (tenant_id, id, product_id, warehouse_id, quantity, reason, document_type,
            document_id, note, created_by)
          SELECT ${ctx.actor.tenantId}::uuid, x.id, x.p, x.w, x.q, x.r, ${document.type}, ${document.id}::uuid,
            ${(document.note ?? '').slice(0, 1000)}, ${ctx.actor.userId}::uuid
          FROM unnest(${ids}::uuid[], ${moving.map((m) => m.line.productId)}::uuid[],
            ${moving.map((m) => m.line.warehouseId)}::uuid[], ${moving.map((m) => m.line.quantity)}::numeric[],
            ${moving.map((m) => m.line.reason)}::text[]) AS x(id, p, w, q, r)
          RETURNING *
        ), levels AS (
          UPDATE stock_levels l SET quantity = l.quantity + d.delta, updated_at = now()
          FROM (SELECT product_id, warehouse_id, sum(quantity) AS delta FROM m GROUP BY product_id, warehouse_id) d
          WHERE l.product_id = d.product_id AND l.warehouse_id = d.warehouse_id
        )
        SELECT ${MOVEMENT_COLUMNS} FROM m ORDER BY array_position(${ids}::uuid[], m.id)`,
  );
  await emit(tx, ctx, 'stock.moved', {
    documentType: document.type,
    documentId: document.id,
    movements: rows.map((r) => ({
      productId: r.productId,
      warehouseId: r.warehouseId,
      quantity: r.quantity,
      reason: r.reason,
    })),
  });
  await raiseLowStockAlerts(tx, ctx, [...new Set(rows.map((r) => r.productId))]);
  return rows;
}

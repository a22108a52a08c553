/**
 * Low-stock thresholds (per product, over all warehouses) and their alerts. When a movement leaves a
 * product's stock at or below its threshold, its buyer — or whoever set the threshold, while they are a
 * member — gets one notification and one task, through the interactions module's service functions;
 * `alerted_at` marks the alert raised, so it is not repeated until stock rises above the threshold.
 */
import { audit } from '../../platform/audit/audit.js';
import { raw, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { fieldError, notFound } from '../../platform/http/problem.js';
import type { Context } from '../../platform/tenancy/context.js';
import { createNotification } from '../interactions/notifications.js';
import { createTask } from '../interactions/tasks.js';
import type { LowStockThreshold } from './schemas.js';

const COLUMNS =
  raw(`t.product_id AS "productId", trim_scale(t.threshold)::text AS threshold, t.buyer_id AS "buyerId",
  t.alerted_at AS "alertedAt", t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt"`);

/** The task is written as the buyer's own (the system acts for them): no one else's scope is needed to assign it. */
const onBehalfOf = (ctx: Context, userId: string): Context => ({
  ...ctx,
  actor: { ...ctx.actor, userId, tokenId: undefined, teamIds: [] },
});

/** Raises (or clears) the alerts of these products after their stock moved; in the mover's transaction. */
export async function raiseLowStockAlerts(
  tx: Transaction,
  ctx: Context,
  productIds: string[],
): Promise<void> {
  if (!productIds.length) return;
  // Locked in product order (after the level rows moveStock holds), so two movers of one product
  // decide one after the other and the alert is raised once.
  const { rows: locked } = await tx.query<{ product_id: string }>(
    sql`SELECT product_id FROM low_stock_thresholds WHERE product_id = ANY(${productIds}::uuid[])
        ORDER BY product_id FOR UPDATE`,
  );
  if (!locked.length) return;
  // Read after the lock, in a statement of its own, so it sees what an earlier mover committed.
  const { rows } = await tx.query<{
    product_id: string;
    threshold: string;
    alerted: boolean;
    low: boolean;
    on_hand: string;
    recipient: string | null;
    sku: string;
    name: string;
    english: boolean;
  }>(
    sql`SELECT t.product_id, trim_scale(t.threshold)::text AS threshold, t.alerted_at IS NOT NULL AS alerted,
          s.on_hand <= t.threshold AS low, trim_scale(s.on_hand)::text AS on_hand, p.sku,
          CASE WHEN p.name_en <> '' AND (SELECT settings->>'locale' FROM tenants WHERE id = t.tenant_id) = 'en'
            THEN p.name_en ELSE p.name_fa END AS name, (SELECT settings->>'locale' FROM tenants WHERE id = t.tenant_id) = 'en' AS english,
          COALESCE(t.buyer_id, (SELECT m.user_id FROM memberships m WHERE m.user_id = t.created_by AND m.status = 'active')) AS recipient
        FROM low_stock_thresholds t JOIN products p ON p.id = t.product_id
        CROSS JOIN LATERAL (SELECT COALESCE(sum(l.quantity), 0) AS on_hand FROM stock_levels l
                            WHERE l.product_id = t.product_id) s
        WHERE t.product_id = ANY(${locked.map((r) => r.product_id)}::uuid[]) ORDER BY t.product_id`,
  );
  for (const r of rows) {
    if (r.low === r.alerted) continue;
    await tx.query(
      sql`UPDATE low_stock_thresholds SET alerted_at = ${r.low ? sql`now()` : sql`NULL`} WHERE product_id = ${r.product_id}::uuid`,
    );
    if (!r.low) {
      await emit(tx, ctx, 'stock.restocked', {
        productId: r.product_id,
        onHand: r.on_hand,
        threshold: r.threshold,
      });
      continue;
    }
    await emit(tx, ctx, 'stock.low', { productId: r.product_id, onHand: r.on_hand, threshold: r.threshold });
    if (!r.recipient) continue;
    // In the organisation's language: the task is read as written.
    const title = r.english
      ? `Low stock: ${r.name} (${r.sku}), ${r.on_hand} left, threshold ${r.threshold}`
      : `موجودی کم: ${r.name} (${r.sku})، ${r.on_hand} مانده، حد سفارش ${r.threshold}`;
    await createNotification(tx, ctx, {
      userId: r.recipient,
      kind: 'stock_low',
      title,
      link: `/products/${r.product_id}`,
      // One alert per time the stock fell low: the key names when.
      dedupeKey: `stock-low:${r.product_id}:${new Date().toISOString()}`,
    });
    await createTask(tx, onBehalfOf(ctx, r.recipient), {
      kind: 'todo',
      title: (r.english ? `Reorder ${r.name} (${r.sku})` : `سفارش دوباره‌ی ${r.name} (${r.sku})`).slice(
        0,
        200,
      ),
      description: title,
      priority: 'high',
    });
  }
}

export async function listThresholds(tx: Transaction): Promise<LowStockThreshold[]> {
  const { rows } = await tx.query<LowStockThreshold>(
    sql`SELECT ${COLUMNS} FROM low_stock_thresholds t ORDER BY t.product_id`,
  );
  return rows;
}

async function thresholdOf(tx: Transaction, productId: string, lock = false) {
  const { rows } = await tx.query<LowStockThreshold>(
    sql`SELECT ${COLUMNS} FROM low_stock_thresholds t WHERE t.product_id = ${productId}::uuid${lock ? sql` FOR UPDATE` : sql``}`,
  );
  return rows[0];
}

export async function getThreshold(tx: Transaction, productId: string): Promise<LowStockThreshold> {
  const found = await thresholdOf(tx, productId);
  if (!found) throw notFound('Low-stock threshold');
  return found;
}

/** Sets a product's threshold (creates or replaces it; If-Match applies to a replace). */
export async function putThreshold(
  tx: Transaction,
  ctx: Context,
  productId: string,
  input: { threshold: string; buyerId: string | null },
  version?: number,
): Promise<LowStockThreshold> {
  const { rows: product } = await tx.query<{ stock_tracked: boolean }>(
    sql`SELECT stock_tracked FROM products WHERE id = ${productId}::uuid AND deleted_at IS NULL`,
  );
  if (!product[0]) throw notFound('Product');
  if (!product[0].stock_tracked)
    throw fieldError('productId', 'Only a stock-tracked product has a stock threshold', 'not_stock_tracked');
  if (input.buyerId) {
    const { rows } = await tx.query(
      sql`SELECT 1 FROM memberships WHERE user_id = ${input.buyerId}::uuid AND status = 'active'`,
    );
    if (!rows[0]) throw fieldError('buyerId', 'Not an active member of this organisation', 'not_found');
  }
  const before = await thresholdOf(tx, productId, true);
  if (before) assertVersion(version, before.version, 'This threshold');
  await tx.query(
    sql`INSERT INTO low_stock_thresholds (tenant_id, product_id, threshold, buyer_id, created_by)
        VALUES (${ctx.actor.tenantId}::uuid, ${productId}::uuid, ${input.threshold}::numeric, ${input.buyerId}::uuid,
          ${ctx.actor.userId}::uuid)
        ON CONFLICT (tenant_id, product_id) DO UPDATE SET threshold = EXCLUDED.threshold, buyer_id = EXCLUDED.buyer_id,
          alerted_at = NULL, version = low_stock_thresholds.version + 1, updated_at = now()`,
  );
  // A new threshold is judged against today's stock at once; the alert is raised if it is already low.
  await raiseLowStockAlerts(tx, ctx, [productId]);
  const after = await getThreshold(tx, productId);
  await audit(tx, ctx, {
    entity: 'low_stock_threshold',
    entityId: productId,
    action: before ? 'update' : 'create',
    before,
    after,
  });
  await emit(tx, ctx, `low_stock_threshold.${before ? 'updated' : 'created'}`, { productId });
  return after;
}

export async function deleteThreshold(tx: Transaction, ctx: Context, productId: string, version?: number) {
  const before = await thresholdOf(tx, productId, true);
  if (!before) throw notFound('Low-stock threshold');
  assertVersion(version, before.version, 'This threshold');
  await tx.query(sql`DELETE FROM low_stock_thresholds WHERE product_id = ${productId}::uuid`);
  await audit(tx, ctx, { entity: 'low_stock_threshold', entityId: productId, action: 'delete', before });
  await emit(tx, ctx, 'low_stock_threshold.deleted', { productId });
}

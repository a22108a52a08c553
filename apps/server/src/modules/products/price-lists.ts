/**
 * Price lists: unit prices in one currency for one customer group (or everyone), valid between two
 * days. Items price a product, or one variant of it, from a minimum quantity up; they are written
 * with their list as one whole (one version, one audit row).
 */
import { CURRENCIES } from '@peyvand/billing';
import { sql, type Transaction } from '../../platform/db/database.js';
import {
  containsNormalised,
  type ListQuery,
  type ListResource,
  runListQuery,
} from '../../platform/http/list-query.js';
import { type FieldError, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import { parseVariantSku } from './pricing.js';
import { findLiveProducts } from './products.js';
import { assertFree, lockedRow, plainDecimal, recordChange } from './records.js';
import type {
  PriceList,
  PriceListCreate,
  PriceListItem,
  PriceListPatch,
  PriceListSummary,
} from './schemas.js';

interface Row {
  id: string;
  name: string;
  currency: string;
  customer_group_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  item_count: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = sql`t.id, t.name, t.currency, t.customer_group_id, t.valid_from, t.valid_to, t.version, t.created_at,
  t.updated_at, (SELECT count(*) FROM price_list_items i WHERE i.tenant_id = t.tenant_id AND i.price_list_id = t.id) AS item_count`;
const SELECT = sql`SELECT ${COLUMNS} FROM price_lists t`;

const summary = (r: Row): PriceListSummary => ({
  id: r.id,
  name: r.name,
  currency: r.currency,
  customerGroupId: r.customer_group_id,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  itemCount: r.item_count,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const priceListList: ListResource = {
  idColumn: sql`t.id`,
  defaultSort: 'name',
  fields: {
    id: { column: sql`t.id`, type: 'uuid', sortable: false },
    name: { column: sql`t.name`, type: 'text', collate: 'und-x-icu' },
    currency: { column: sql`t.currency`, type: 'enum', values: CURRENCIES },
    customerGroupId: { column: sql`t.customer_group_id`, type: 'uuid' },
    validFrom: { column: sql`t.valid_from`, type: 'date' },
    validTo: { column: sql`t.valid_to`, type: 'date' },
    createdAt: { column: sql`t.created_at`, type: 'datetime' },
    updatedAt: { column: sql`t.updated_at`, type: 'datetime' },
  },
  search: containsNormalised(sql`peyvand_normalize(t.name)`),
};

export async function listPriceLists(tx: Transaction, query: ListQuery) {
  const page = await runListQuery<Row>(tx, priceListList, query, {
    from: sql`price_lists t`,
    select: COLUMNS,
  });
  return { ...page, items: page.items.map(summary) };
}

export async function getPriceList(tx: Transaction, id: string): Promise<PriceList> {
  const { rows } = await tx.query<Row>(sql`${SELECT} WHERE t.id = ${id}::uuid`);
  if (!rows[0]) throw notFound('Price list');
  const { rows: items } = await tx.query<{
    product_id: string;
    variant_sku: string;
    min_quantity: string;
    unit_price: string;
  }>(
    sql`SELECT product_id, variant_sku, min_quantity::text, unit_price::text FROM price_list_items
        WHERE price_list_id = ${id}::uuid ORDER BY product_id, variant_sku, min_quantity`,
  );
  const { itemCount: _, ...rest } = summary(rows[0]);
  return {
    ...rest,
    items: items.map((i) => ({
      productId: i.product_id,
      variantSku: i.variant_sku || null,
      minQuantity: plainDecimal(i.min_quantity),
      unitPrice: plainDecimal(i.unit_price),
    })),
  };
}

interface Stored {
  currency: string;
  customerGroupId: string | null;
  validFrom: string | null;
  validTo: string | null;
  items?: PriceListItem[];
}

/**
 * Everything wrong with a list as it would be stored, in one 422: an unknown group, a validity that
 * ends before it starts, items naming a product that is gone or priced in another currency, a variant
 * SKU the product's options cannot make, the same product, variant and quantity twice.
 */
async function check(tx: Transaction, list: Stored): Promise<void> {
  const errors: FieldError[] = [];
  if (list.customerGroupId) {
    const { rows } = await tx.query(
      sql`SELECT 1 FROM customer_groups WHERE id = ${list.customerGroupId}::uuid`,
    );
    if (!rows[0])
      errors.push({ path: 'customerGroupId', message: 'No such customer group', code: 'not_found' });
  }
  if (list.validFrom && list.validTo && list.validFrom > list.validTo)
    errors.push({
      path: 'validTo',
      message: 'Ends before it starts (validFrom is later)',
      code: 'before_start',
    });
  const seen = new Set<string>();
  const items = list.items ?? [];
  const products = await findLiveProducts(
    tx,
    items.map((i) => i.productId),
  );
  for (const [i, item] of items.entries()) {
    const product = products.get(item.productId);
    if (!product) {
      errors.push({ path: `items.${i}.productId`, message: 'No such product', code: 'not_found' });
      continue;
    }
    if (product.currency !== list.currency)
      errors.push({
        path: `items.${i}.productId`,
        message: `${product.sku} is priced in ${product.currency}, the list in ${list.currency}`,
        code: 'currency_mismatch',
      });
    if (item.variantSku && !parseVariantSku(product, item.variantSku))
      errors.push({
        path: `items.${i}.variantSku`,
        message: `Not a variant of ${product.sku} its options can make`,
        code: 'invalid_variant',
      });
    const key = `${item.productId} ${item.variantSku ?? ''} ${plainDecimal(item.minQuantity)}`;
    if (seen.has(key))
      errors.push({
        path: `items.${i}`,
        message: 'The same product, variant and quantity twice',
        code: 'duplicate',
      });
    seen.add(key);
  }
  if (errors.length)
    throw invalid(errors, `Some fields are invalid: ${errors.map((e) => e.path).join(', ')}`);
}

async function setItems(tx: Transaction, ctx: Context, id: string, items: PriceListItem[] | undefined) {
  if (items === undefined) return;
  await tx.query(sql`DELETE FROM price_list_items WHERE price_list_id = ${id}::uuid`);
  if (!items.length) return;
  await tx.query(
    sql`INSERT INTO price_list_items (tenant_id, price_list_id, product_id, variant_sku, min_quantity, unit_price)
        SELECT ${ctx.actor.tenantId}::uuid, ${id}::uuid, p, v, q, u
        FROM unnest(${items.map((i) => i.productId)}::uuid[], ${items.map((i) => i.variantSku ?? '')}::text[],
                    ${items.map((i) => i.minQuantity)}::numeric[], ${items.map((i) => i.unitPrice)}::numeric[])
             AS x(p, v, q, u)`,
  );
}

export async function createPriceList(
  tx: Transaction,
  ctx: Context,
  input: PriceListCreate,
): Promise<PriceList> {
  const id = newId();
  await assertFree(tx, 'price_lists', 'name', input.name, id, 'name');
  await check(tx, input);
  await tx.query(
    sql`INSERT INTO price_lists (tenant_id, id, name, currency, customer_group_id, valid_from, valid_to)
        VALUES (${ctx.actor.tenantId}, ${id}, ${input.name}, ${input.currency}, ${input.customerGroupId},
          ${input.validFrom}::date, ${input.validTo}::date)`,
  );
  await setItems(tx, ctx, id, input.items);
  const after = await getPriceList(tx, id);
  await recordChange(tx, ctx, 'price_list', { action: 'create', id, after });
  return after;
}

const lockList = (tx: Transaction, id: string, version: number | undefined) =>
  lockedRow<Row>(
    tx,
    sql`SELECT t.id, t.version FROM price_lists t WHERE t.id = ${id}::uuid`,
    'Price list',
    version,
  );

export async function updatePriceList(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: PriceListPatch,
  version?: number,
): Promise<PriceList> {
  await lockList(tx, id, version);
  const before = await getPriceList(tx, id);
  const next = {
    name: patch.name ?? before.name,
    currency: patch.currency ?? before.currency,
    customerGroupId: patch.customerGroupId === undefined ? before.customerGroupId : patch.customerGroupId,
    validFrom: patch.validFrom === undefined ? before.validFrom : patch.validFrom,
    validTo: patch.validTo === undefined ? before.validTo : patch.validTo,
    // A new currency is checked against the items the list keeps, too.
    items: patch.items ?? (patch.currency ? before.items : undefined),
  };
  await assertFree(tx, 'price_lists', 'name', next.name, id, 'name');
  await check(tx, next);
  await tx.query(
    sql`UPDATE price_lists SET name = ${next.name}, currency = ${next.currency}, customer_group_id = ${next.customerGroupId},
          valid_from = ${next.validFrom}::date, valid_to = ${next.validTo}::date, version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  await setItems(tx, ctx, id, patch.items);
  const after = await getPriceList(tx, id);
  await recordChange(tx, ctx, 'price_list', { action: 'update', id, before, after });
  return after;
}

export async function deletePriceList(tx: Transaction, ctx: Context, id: string, version?: number) {
  await lockList(tx, id, version);
  const before = await getPriceList(tx, id);
  await tx.query(sql`DELETE FROM price_lists WHERE id = ${id}::uuid`);
  await recordChange(tx, ctx, 'price_list', { action: 'delete', id, before });
}

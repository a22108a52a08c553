/**
 * Products and services: SKU (normalised, unique among live products), names, unit, base price and
 * currency, tax class, category, active and stock-tracked flags, and the option groups a customer
 * configures. A product is never removed: DELETE moves it to the recycle bin (deleted_at), since
 * documents and price lists keep naming it.
 */
import { addAmounts, CURRENCIES, compareAmounts, dec } from '@peyvand/billing';
import { raw, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import {
  containsNormalised,
  type ListQuery,
  type ListResource,
  runListQuery,
} from '../../platform/http/list-query.js';
import { registerList } from '../../platform/http/list-registry.js';
import { type FieldError, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { moveToRecycleBin } from '../../platform/recycle-bin/recycle-bin.js';
import type { Context } from '../../platform/tenancy/context.js';
import { PRODUCTS_MODULE } from './permissions.js';
import { isTaken, lockedRow, plainDecimal, recordChange } from './records.js';
import {
  KINDS,
  normalizeSku,
  type OptionGroup,
  type Product,
  type ProductCreate,
  type ProductPatch,
} from './schemas.js';
import { taxClassFor } from './tax-classes.js';

interface Row {
  id: string;
  kind: Product['kind'];
  sku: string;
  name_fa: string;
  name_en: string;
  description: string;
  unit: string;
  base_price: string;
  currency: string;
  tax_class_id: string;
  tax_name: string;
  tax_rate: string;
  category_id: string | null;
  active: boolean;
  stock_tracked: boolean;
  options: OptionGroup[];
  version: number;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

const FROM = sql`products t JOIN tax_classes tc ON tc.tenant_id = t.tenant_id AND tc.id = t.tax_class_id`;
const COLUMNS = sql`t.id, t.kind, t.sku, t.name_fa, t.name_en, t.description, t.unit, t.base_price::text AS base_price,
  t.currency, t.tax_class_id, tc.name AS tax_name, tc.rate::text AS tax_rate, t.category_id, t.active, t.stock_tracked,
  t.options, t.version, t.created_at, t.updated_at, t.deleted_at`;
const SELECT = sql`SELECT ${COLUMNS} FROM ${FROM}`;

const view = (r: Row): Product => ({
  id: r.id,
  kind: r.kind,
  sku: r.sku,
  nameFa: r.name_fa,
  nameEn: r.name_en,
  description: r.description,
  unit: r.unit,
  basePrice: plainDecimal(r.base_price),
  currency: r.currency,
  taxClass: { id: r.tax_class_id, name: r.tax_name, rate: plainDecimal(r.tax_rate) },
  categoryId: r.category_id,
  active: r.active,
  stockTracked: r.stock_tracked,
  options: r.options,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});

const text = (column: string, collate?: string) => ({
  column: raw(column),
  type: 'text' as const,
  ...(collate ? { collate } : {}),
});

/**
 * Products matching a search, over the products table as `alias` (other modules' lists of products use it
 * too): the SKU as typed (any case, Persian digits) finds its product; names through the Persian normaliser.
 */
export const productSearch = (alias: Sql) => (q: string) =>
  sql`(${alias}.sku = ${normalizeSku(q)} OR ${containsNormalised(sql`${alias}.search_text`)(q)})`;

/** What the products list filters and sorts by. */
export const productList: ListResource = {
  idColumn: sql`t.id`,
  defaultSort: 'nameFa',
  fields: {
    id: { column: sql`t.id`, type: 'uuid', sortable: false },
    sku: text('t.sku'),
    nameFa: text('t.name_fa', 'und-x-icu'),
    nameEn: text('t.name_en', 'und-x-icu'),
    kind: { column: sql`t.kind`, type: 'enum', values: KINDS },
    unit: text('t.unit', 'und-x-icu'),
    basePrice: { column: sql`t.base_price`, type: 'money' },
    currency: { column: sql`t.currency`, type: 'enum', values: CURRENCIES },
    taxClassId: { column: sql`t.tax_class_id`, type: 'uuid' },
    categoryId: { column: sql`t.category_id`, type: 'uuid' },
    active: { column: sql`t.active`, type: 'boolean' },
    stockTracked: { column: sql`t.stock_tracked`, type: 'boolean' },
    createdAt: { column: sql`t.created_at`, type: 'datetime' },
    updatedAt: { column: sql`t.updated_at`, type: 'datetime' },
  },
  search: productSearch(raw('t')),
};

// The products list can be filtered from its fields (GET /api/v1/products/fields) and saved as views.
registerList({ entity: 'product', module: PRODUCTS_MODULE, resource: async () => productList });

export async function listProducts(tx: Transaction, query: ListQuery) {
  const page = await runListQuery<Row>(tx, productList, query, {
    from: FROM,
    select: COLUMNS,
    where: sql`t.deleted_at IS NULL`,
  });
  return { ...page, items: page.items.map(view) };
}

/** A product, also one in the recycle bin (documents still show it). */
export async function getProduct(tx: Transaction, id: string): Promise<Product> {
  const { rows } = await tx.query<Row>(sql`${SELECT} WHERE t.id = ${id}::uuid`);
  if (!rows[0]) throw notFound('Product');
  return view(rows[0]);
}

/** The live products (not in the recycle bin) among `ids`, by id: for pricing and price lists. */
export async function findLiveProducts(tx: Transaction, ids: string[]): Promise<Map<string, Product>> {
  const { rows } = await tx.query<Row>(
    sql`${SELECT} WHERE t.id = ANY(${[...new Set(ids)]}::uuid[]) AND t.deleted_at IS NULL`,
  );
  return new Map(rows.map((r) => [r.id, view(r)]));
}

export async function findLiveProduct(tx: Transaction, id: string): Promise<Product | undefined> {
  return (await findLiveProducts(tx, [id])).get(id);
}

interface Stored {
  kind: Product['kind'];
  sku: string;
  basePrice: string;
  categoryId: string | null;
  stockTracked: boolean;
  options: OptionGroup[];
}

/**
 * Everything wrong with a product as it would be stored, in one 422: a SKU another live product has,
 * an unknown category, stock tracking on a service, repeated option or choice codes, and options whose
 * cheapest configuration would cost less than nothing.
 */
async function check(tx: Transaction, p: Stored, id: string): Promise<void> {
  const errors: FieldError[] = [];
  if (await isTaken(tx, 'products', 'sku', p.sku, id))
    errors.push({ path: 'sku', message: `Another product has SKU ${p.sku}`, code: 'taken' });
  if (p.categoryId) {
    const { rows } = await tx.query(sql`SELECT 1 FROM product_categories WHERE id = ${p.categoryId}::uuid`);
    if (!rows[0]) errors.push({ path: 'categoryId', message: 'No such category', code: 'not_found' });
  }
  if (p.stockTracked && p.kind !== 'good')
    errors.push({ path: 'stockTracked', message: 'Only goods have stock', code: 'not_allowed' });
  const groupCodes = new Set<string>();
  p.options.forEach((group, g) => {
    if (groupCodes.has(group.code))
      errors.push({ path: `options.${g}.code`, message: `"${group.code}" appears twice`, code: 'duplicate' });
    groupCodes.add(group.code);
    const choiceCodes = new Set<string>();
    group.choices.forEach((choice, c) => {
      if (choiceCodes.has(choice.code))
        errors.push({
          path: `options.${g}.choices.${c}.code`,
          message: `"${choice.code}" appears twice`,
          code: 'duplicate',
        });
      choiceCodes.add(choice.code);
    });
  });
  const cheapest = addAmounts(
    p.basePrice,
    ...p.options.map((g) =>
      g.choices.reduce((min, c) => (dec(c.priceDelta).lt(dec(min)) ? c.priceDelta : min), '0'),
    ),
  );
  if (compareAmounts(cheapest, '0') < 0)
    errors.push({
      path: 'options',
      message: `The cheapest configuration would cost ${cheapest}: price deltas must not take the price below zero`,
      code: 'negative_price',
    });
  if (errors.length)
    throw invalid(errors, `Some fields are invalid: ${errors.map((e) => e.path).join(', ')}`);
}

async function organisationCurrency(tx: Transaction, tenantId: string): Promise<string> {
  const { rows } = await tx.query<{ currency: string | null }>(
    sql`SELECT settings->>'currency' AS currency FROM tenants WHERE id = ${tenantId}::uuid`,
  );
  return rows[0]?.currency ?? 'IRR';
}

export async function createProduct(tx: Transaction, ctx: Context, input: ProductCreate): Promise<Product> {
  const id = newId();
  const categoryId = input.categoryId ?? null;
  await check(tx, { ...input, categoryId }, id);
  const taxClassId = await taxClassFor(tx, input.taxClassId, 'taxClassId');
  const currency = input.currency ?? (await organisationCurrency(tx, ctx.actor.tenantId));
  await tx.query(
    sql`INSERT INTO products (tenant_id, id, kind, sku, name_fa, name_en, description, unit, base_price, currency,
          tax_class_id, category_id, active, stock_tracked, options, created_by)
        VALUES (${ctx.actor.tenantId}, ${id}, ${input.kind}, ${input.sku}, ${input.nameFa}, ${input.nameEn},
          ${input.description}, ${input.unit}, ${input.basePrice}::numeric, ${currency}, ${taxClassId}, ${categoryId},
          ${input.active}, ${input.stockTracked}, ${JSON.stringify(input.options)}::jsonb, ${ctx.actor.userId})`,
  );
  const after = await getProduct(tx, id);
  await recordChange(tx, ctx, 'product', { action: 'create', id, after });
  return after;
}

const liveRow = (id: string, version: number | undefined, tx: Transaction) =>
  lockedRow<Row>(tx, sql`${SELECT} WHERE t.id = ${id}::uuid AND t.deleted_at IS NULL`, 'Product', version);

export async function updateProduct(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: ProductPatch,
  version?: number,
): Promise<Product> {
  const before = view(await liveRow(id, version, tx));
  const next = {
    kind: patch.kind ?? before.kind,
    sku: patch.sku ?? before.sku,
    nameFa: patch.nameFa ?? before.nameFa,
    nameEn: patch.nameEn ?? before.nameEn,
    description: patch.description ?? before.description,
    unit: patch.unit ?? before.unit,
    basePrice: patch.basePrice ?? before.basePrice,
    currency: patch.currency ?? before.currency,
    categoryId: patch.categoryId === undefined ? before.categoryId : patch.categoryId,
    active: patch.active ?? before.active,
    stockTracked: patch.stockTracked ?? before.stockTracked,
    options: patch.options ?? before.options,
  };
  await check(tx, next, id);
  const taxClassId = await taxClassFor(tx, patch.taxClassId ?? before.taxClass.id, 'taxClassId');
  await tx.query(
    sql`UPDATE products SET kind = ${next.kind}, sku = ${next.sku}, name_fa = ${next.nameFa}, name_en = ${next.nameEn},
          description = ${next.description}, unit = ${next.unit}, base_price = ${next.basePrice}::numeric,
          currency = ${next.currency}, tax_class_id = ${taxClassId}, category_id = ${next.categoryId},
          active = ${next.active}, stock_tracked = ${next.stockTracked}, options = ${JSON.stringify(next.options)}::jsonb,
          version = version + 1, updated_at = now()
        WHERE id = ${id}::uuid`,
  );
  const after = await getProduct(tx, id);
  await recordChange(tx, ctx, 'product', { action: 'update', id, before, after });
  return after;
}

/** To the recycle bin: the row stays for the documents and price lists that name it. */
export async function deleteProduct(
  tx: Transaction,
  ctx: Context,
  id: string,
  version?: number,
): Promise<void> {
  const before = view(await liveRow(id, version, tx));
  await moveToRecycleBin(tx, ctx, { table: 'products', entity: 'product', id, before, event: { id } });
}

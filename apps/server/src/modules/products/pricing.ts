/**
 * The price a customer gets, and product configuration.
 *
 * A configuration picks one choice in every option group; its variant SKU is the product's SKU and the
 * chosen suffixes joined by '-' (LAPTOP-X1 + 16G + 512 → LAPTOP-X1-16G-512), which parses back since
 * suffixes have no '-'.
 *
 * Price: of the price lists in the product's currency that are valid on the day (from/to inclusive)
 * and made for one of the customer's groups or for everyone, the items for this product whose minimum
 * quantity is reached, most specific first: a group's list before a default list, an item for this
 * exact variant before one for the product, the highest minimum quantity, the latest start, then the
 * list id (so the answer is stable). An item for the exact variant is the variant's price; an item for
 * the product, or the base price when no list applies, gets the chosen choices' price deltas added.
 * Tax is the product's tax class; the totals for the quantity come from packages/billing.
 */
import { addAmounts, documentTotals } from '@peyvand/billing';
import { sql, type Transaction } from '../../platform/db/database.js';
import { type FieldError, fieldError, invalid, notFound } from '../../platform/http/problem.js';
import type { Context } from '../../platform/tenancy/context.js';
import { customerRef } from '../customers/refs.js';
import { groupsOf } from './customer-groups.js';
import { findLiveProduct } from './products.js';
import { plainDecimal } from './records.js';
import type { Configure, OptionGroup, Price, PriceQuery, Product } from './schemas.js';

type Choice = OptionGroup['choices'][number];
interface Chosen {
  group: OptionGroup;
  choice: Choice;
}

const variantSku = (product: Product, chosen: Chosen[]) =>
  [product.sku, ...chosen.map((c) => c.choice.skuSuffix)].join('-');

/** The choices a variant SKU stands for, or undefined when the product's options cannot make it. */
export function parseVariantSku(product: Product, sku: string): Chosen[] | undefined {
  if (!product.options.length || !sku.startsWith(`${product.sku}-`)) return undefined;
  const suffixes = sku.slice(product.sku.length + 1).split('-');
  if (suffixes.length !== product.options.length) return undefined;
  const chosen: Chosen[] = [];
  for (const [i, group] of product.options.entries()) {
    const choice = group.choices.find((c) => c.skuSuffix === suffixes[i]);
    if (!choice) return undefined;
    chosen.push({ group, choice });
  }
  return chosen;
}

/** One choice per group, by code: 422 at `choices.<group>` for a missing, unknown or invalid one. */
function choose(product: Product, choices: Record<string, string>): Chosen[] {
  const errors: FieldError[] = [];
  const chosen: Chosen[] = [];
  for (const group of product.options) {
    const code = choices[group.code];
    const choice = group.choices.find((c) => c.code === code);
    if (code === undefined)
      errors.push({
        path: `choices.${group.code}`,
        message: `Choose a ${group.nameEn || group.nameFa}`,
        code: 'required',
      });
    else if (!choice)
      errors.push({
        path: `choices.${group.code}`,
        message: `Not a choice of ${group.nameEn || group.nameFa}: one of ${group.choices.map((c) => c.code).join(', ')}`,
        code: 'invalid_choice',
      });
    else chosen.push({ group, choice });
  }
  for (const code of Object.keys(choices))
    if (!product.options.some((g) => g.code === code))
      errors.push({
        path: `choices.${code}`,
        message: 'The product has no such option',
        code: 'unknown_option',
      });
  if (errors.length)
    throw invalid(errors, `Choose one valid option in every group: ${errors.map((e) => e.path).join(', ')}`);
  return chosen;
}

interface Customer {
  accountId?: string;
  contactId?: string;
  date?: string;
  quantity: string;
}

/** Today in the organisation's time zone: a price list's last day lasts until its midnight there. */
async function today(tx: Transaction, tenantId: string): Promise<string> {
  const { rows } = await tx.query<{ zone: string | null }>(
    sql`SELECT settings->>'timeZone' AS zone FROM tenants WHERE id = ${tenantId}::uuid`,
  );
  const zone = rows[0]?.zone ?? 'Asia/Tehran';
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** The customer's groups; the account or contact must exist (422 naming it), and only one may be named. */
async function customerGroups(tx: Transaction, customer: Customer): Promise<string[]> {
  if (customer.accountId && customer.contactId)
    throw fieldError('contactId', 'Name an account or a contact, not both', 'not_allowed');
  for (const [type, path] of [
    ['account', 'accountId'],
    ['contact', 'contactId'],
  ] as const) {
    const id = customer[path];
    if (id && !(await customerRef(tx, type, id))) throw fieldError(path, `No such ${type}`, 'not_found');
  }
  return groupsOf(tx, customer);
}

async function resolve(
  tx: Transaction,
  ctx: Context,
  product: Product,
  chosen: Chosen[],
  customer: Customer,
): Promise<Price> {
  const groups = await customerGroups(tx, customer);
  const day = customer.date ?? (await today(tx, ctx.actor.tenantId));
  const sku = chosen.length ? variantSku(product, chosen) : product.sku;
  const { rows } = await tx.query<{ id: string; name: string; unit_price: string; variant_sku: string }>(
    sql`SELECT pl.id, pl.name, i.unit_price::text AS unit_price, i.variant_sku
        FROM price_list_items i JOIN price_lists pl ON pl.tenant_id = i.tenant_id AND pl.id = i.price_list_id
        WHERE i.product_id = ${product.id}::uuid AND i.variant_sku IN ('', ${chosen.length ? sku : ''})
          AND i.min_quantity <= ${customer.quantity}::numeric AND pl.currency = ${product.currency}
          AND (pl.valid_from IS NULL OR pl.valid_from <= ${day}::date)
          AND (pl.valid_to IS NULL OR pl.valid_to >= ${day}::date)
          AND (pl.customer_group_id IS NULL OR pl.customer_group_id = ANY(${groups}::uuid[]))
        ORDER BY pl.customer_group_id IS NOT NULL DESC, i.variant_sku <> '' DESC, i.min_quantity DESC,
          pl.valid_from DESC NULLS LAST, pl.id
        LIMIT 1`,
  );
  const item = rows[0];
  const deltas = item?.variant_sku ? [] : chosen.map((c) => c.choice.priceDelta);
  const unitPrice = addAmounts(item ? plainDecimal(item.unit_price) : product.basePrice, ...deltas);
  const totals = documentTotals({
    currency: product.currency,
    lines: [{ quantity: customer.quantity, unitPrice, taxRate: product.taxClass.rate }],
  });
  const line = totals.lines[0];
  return {
    productId: product.id,
    sku,
    quantity: customer.quantity,
    unitPrice,
    currency: product.currency,
    source: item
      ? { kind: 'price_list', priceListId: item.id, name: item.name }
      : { kind: 'base', priceListId: null, name: null },
    taxClass: product.taxClass,
    choices: chosen.map((c) => ({
      group: c.group.code,
      choice: c.choice.code,
      nameFa: c.choice.nameFa,
      nameEn: c.choice.nameEn,
      priceDelta: c.choice.priceDelta,
    })),
    totals: { net: line?.net ?? '0', tax: line?.tax ?? '0', total: line?.total ?? '0' },
  };
}

async function productFor(tx: Transaction, id: string, path: string): Promise<Product> {
  const product = await findLiveProduct(tx, id);
  if (!product) throw fieldError(path, 'No such product', 'not_found');
  return product;
}

/** GET /prices: the product's price for a customer, day and quantity; a variant by its SKU. */
export async function priceFor(tx: Transaction, ctx: Context, query: PriceQuery): Promise<Price> {
  const product = await productFor(tx, query.productId, 'productId');
  let chosen: Chosen[] = [];
  if (query.variantSku && query.variantSku !== product.sku) {
    const parsed = parseVariantSku(product, query.variantSku);
    if (!parsed) throw fieldError('variantSku', `Not a variant of ${product.sku}`, 'invalid_variant');
    chosen = parsed;
  }
  return resolve(tx, ctx, product, chosen, query);
}

/** POST /products/:id/configure: the variant the choices make, and its price. */
export async function configure(
  tx: Transaction,
  ctx: Context,
  productId: string,
  input: Configure,
): Promise<Price> {
  const product = await findLiveProduct(tx, productId);
  if (!product) throw notFound('Product');
  return resolve(tx, ctx, product, choose(product, input.choices), input);
}

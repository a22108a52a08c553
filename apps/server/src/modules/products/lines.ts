/**
 * Turning the lines a client sends (of a sales document or a deal) into priced lines with their
 * totals. Products are live products of the catalogue, in the currency of the document or deal; an
 * omitted unit price is the customer's resolved price on the day; the tax rate is the line's tax
 * class, else the product's, else the organisation's default. Totals are packages/billing's — the
 * client's are never read. Deals and documents price lines by this one function, so a quote made
 * from a deal totals exactly as the deal did.
 */
import { CURRENCY_PLACES, type DocumentTotals, documentTotals } from '@peyvand/billing';
import type { Transaction } from '../../platform/db/database.js';
import { type FieldError, invalid } from '../../platform/http/problem.js';
import type { Context } from '../../platform/tenancy/context.js';
import { priceFor } from './pricing.js';
import { findLiveProducts } from './products.js';
import type { LineInput } from './schemas.js';
import { listTaxClasses } from './tax-classes.js';

type Discount = { kind: 'percent' | 'amount'; value: string } | null;

export interface PricedLine {
  productId: string | null;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: Discount;
  taxClassId: string | null;
  taxRate: string;
}

export interface Priced {
  lines: PricedLine[];
  totals: DocumentTotals;
}

export interface Pricing {
  currency: string;
  /** Whose prices apply (price lists of their customer groups); none: the base prices. */
  accountId: string | null;
  /** The day prices are resolved for; default: today in the organisation's time zone. */
  issueDate?: string;
  locale: 'fa' | 'en';
  discount: Discount;
  rounding: 'half_up' | 'half_even';
}

/** Prices the lines and totals them; every problem in one 422 naming `lines.N.field`. */
export async function priceLines(
  tx: Transaction,
  ctx: Context,
  inputs: LineInput[],
  p: Pricing,
  errors: FieldError[] = [],
): Promise<Priced> {
  if (CURRENCY_PLACES[p.currency] === undefined)
    errors.push({ path: 'currency', message: `No rounding rule for ${p.currency}`, code: 'unsupported' });
  const classes = await listTaxClasses(tx);
  const fallback = classes.find((c) => c.isDefault) ?? null;
  const products = await findLiveProducts(
    tx,
    inputs.flatMap((l) => (l.productId ? [l.productId] : [])),
  );
  const lines: PricedLine[] = [];
  for (const [i, input] of inputs.entries()) {
    const at = (field: string, message: string, code: string) =>
      errors.push({ path: `lines.${i}.${field}`, message, code });
    const product = input.productId ? products.get(input.productId) : undefined;
    if (input.productId && !product) at('productId', 'No such product', 'not_found');
    else if (product && product.currency !== p.currency)
      at('productId', `Priced in ${product.currency}, not ${p.currency}`, 'currency_mismatch');
    const description =
      input.description ??
      (product ? (p.locale === 'en' && product.nameEn ? product.nameEn : product.nameFa) : undefined);
    // A line naming an unknown product has that one error, not the ones its product would have filled.
    if (!description && !input.productId)
      at('description', 'A line without a product needs a description', 'required');
    const taxClass = input.taxClassId
      ? classes.find((c) => c.id === input.taxClassId)
      : product
        ? classes.find((c) => c.id === product.taxClass.id)
        : fallback;
    if (input.taxClassId && !taxClass) at('taxClassId', 'No such tax class', 'not_found');
    let unitPrice = input.unitPrice;
    if (unitPrice === undefined) {
      if (!input.productId) at('unitPrice', 'A line without a product needs a unit price', 'required');
      else if (product && product.currency === p.currency)
        unitPrice = (
          await priceFor(tx, ctx, {
            productId: product.id,
            ...(p.accountId ? { accountId: p.accountId } : {}),
            ...(p.issueDate ? { date: p.issueDate } : {}),
            quantity: input.quantity,
          })
        ).unitPrice;
    }
    lines.push({
      productId: input.productId ?? null,
      description: description ?? '',
      quantity: input.quantity,
      unitPrice: unitPrice ?? '0',
      discount: input.discount ?? null,
      taxClassId: taxClass?.id ?? null,
      taxRate: taxClass?.rate ?? '0',
    });
  }
  if (errors.length)
    throw invalid(errors, `Some fields are invalid: ${errors.map((e) => e.path).join(', ')}`);
  try {
    const totals = documentTotals({
      currency: p.currency,
      lines,
      discount: p.discount,
      rounding: p.rounding === 'half_even' ? 'half-even' : 'half-up',
    });
    return { lines, totals };
  } catch (error) {
    // Out-of-range input the schemas let through (a percent over 100 in a discount): the client's fault.
    if (error instanceof RangeError)
      throw invalid([{ path: 'lines', message: error.message, code: 'out_of_range' }]);
    throw error;
  }
}

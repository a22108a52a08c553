/**
 * Document totals (quote, order, invoice), computed the same way on the server and on screen.
 *
 * The rule, per line, every figure rounded to the currency (see CURRENCY_PLACES) with the document's mode:
 *   gross    = round(quantity × unit price)
 *   discount = round(gross × percent / 100), or the amount given; never more than gross
 *   net      = gross − discount                                  (never negative)
 * For the document:
 *   subtotal = Σ net
 *   document discount = round(subtotal × percent / 100), or the amount given; never more than subtotal
 * The document discount is spread over the lines in proportion to their net, in whole minor units
 * (largest remainder: each line gets the floor of its exact share, the units left over go to the lines
 * with the largest remainders), so the shares add up to the document discount exactly and each line's
 * tax is charged on what the customer really pays for it:
 *   taxable  = net − share of the document discount
 *   tax      = round(taxable × tax rate / 100)                   (rounded per line)
 *   total    = taxable + tax
 * Document figures are sums of line figures, so Σ line totals = taxable + tax = grand total, exactly.
 * Rounding tax per line (not once per document) matches how Iranian e-invoices (سامانه مودیان) state VAT
 * per item, and keeps every line's figures self-contained.
 */

import { type RoundingRule, roundingRule, roundMoney } from './currency';
import { canonical, Dec, dec, type RoundingMode } from './decimal';

export type Discount = { kind: 'percent'; value: string } | { kind: 'amount'; value: string };

export interface LineInput {
  /** Decimal string, ≥ 0 (fractions allowed: 1.5 kg). */
  quantity: string;
  /** Decimal string, ≥ 0, in the document's currency. */
  unitPrice: string;
  /** Percent of the line's gross, or an amount off the whole line. */
  discount?: Discount | null;
  /** VAT rate in percent, 0–100 (e.g. '10'). */
  taxRate: string;
}

export interface DocumentInput {
  currency: string;
  lines: LineInput[];
  /** Percent of the subtotal, or an amount off it. */
  discount?: Discount | null;
  /** Default half-up. */
  rounding?: RoundingMode;
}

export interface LineTotals {
  gross: string;
  lineDiscount: string;
  net: string;
  documentDiscount: string;
  taxable: string;
  taxRate: string;
  tax: string;
  total: string;
}

export interface TaxBreakdown {
  taxRate: string;
  taxable: string;
  tax: string;
}

export interface DocumentTotals {
  currency: string;
  /** Per line, in the order given. */
  lines: LineTotals[];
  gross: string;
  lineDiscounts: string;
  /** Σ net: after line discounts, before the document discount. */
  subtotal: string;
  documentDiscount: string;
  taxable: string;
  tax: string;
  /** Tax per rate, rates ascending: what a VAT return needs. */
  taxes: TaxBreakdown[];
  total: string;
}

const ZERO = new Dec('0');
const PERCENT = new Dec('0.01');

function nonNegative(value: string, what: string): Dec {
  const d = dec(value);
  if (d.lt(ZERO)) throw new RangeError(`${what} must not be negative: ${value}`);
  return d;
}

function percent(value: string, what: string): Dec {
  const d = nonNegative(value, what);
  if (d.gt(new Dec('100'))) throw new RangeError(`${what} must be at most 100: ${value}`);
  return d;
}

/** The discount on `base`, rounded, never more than `base`. */
function discountOn(base: Dec, discount: Discount | null | undefined, rule: RoundingRule, what: string): Dec {
  if (!discount) return ZERO;
  const off =
    discount.kind === 'percent'
      ? roundMoney(base.times(percent(discount.value, what)).times(PERCENT), rule)
      : roundMoney(nonNegative(discount.value, what), rule);
  return off.gt(base) ? base : off;
}

/** Whole minor units of a rounded amount, as bigint. */
const units = (amount: Dec, places: number): bigint =>
  BigInt(amount.times(new Dec('10').pow(places)).toFixed(0));
const fromUnits = (value: bigint, places: number): Dec =>
  new Dec(value.toString()).div(new Dec('10').pow(places));

const descending = (a: bigint, b: bigint) => (a === b ? 0 : a > b ? -1 : 1);

/**
 * Splits `total` over `weights` in proportion, in whole minor units, by largest remainder. Ties go to
 * the larger weight, then by `tieBreak`, then to the earlier line. `tieBreak` orders by every other
 * figure a line has, so lines that still tie are identical and which of them gets the unit changes no
 * figure: the result does not depend on the order of the lines.
 */
function allocate(total: bigint, weights: bigint[], tieBreak: (a: number, b: number) => number): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w) => (total * w) % sum);
  let left = total - shares.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((_, i) => i)
    .sort(
      (a, b) =>
        descending(remainders[a] as bigint, remainders[b] as bigint) ||
        descending(weights[a] as bigint, weights[b] as bigint) ||
        tieBreak(a, b) ||
        a - b,
    );
  for (const i of order) {
    if (left === 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left -= 1n;
  }
  return shares;
}

interface Line {
  gross: Dec;
  lineDiscount: Dec;
  net: Dec;
  rate: Dec;
}

const fixed = (value: Dec, rule: RoundingRule) => value.toFixed(rule.places);

/**
 * Totals of a document. Every result is a decimal string with the currency's places ('1200.00' for
 * USD, '1200' for IRR). Throws RangeError for a malformed or out-of-range input (negative quantity,
 * price or discount; a percentage or tax rate over 100; a currency without a rounding rule).
 */
export function documentTotals(input: DocumentInput): DocumentTotals {
  const rule = roundingRule(input.currency, input.rounding);
  const lines = input.lines.map((line, i): Line => {
    const gross = roundMoney(
      nonNegative(line.quantity, `lines.${i}.quantity`).times(
        nonNegative(line.unitPrice, `lines.${i}.unitPrice`),
      ),
      rule,
    );
    const lineDiscount = discountOn(gross, line.discount, rule, `lines.${i}.discount`);
    return {
      gross,
      lineDiscount,
      net: gross.minus(lineDiscount),
      rate: percent(line.taxRate, `lines.${i}.taxRate`),
    };
  });
  const subtotal = lines.reduce((s, l) => s.plus(l.net), ZERO);
  const documentDiscount = discountOn(subtotal, input.discount, rule, 'discount');
  const shares = allocate(
    units(documentDiscount, rule.places),
    lines.map((l) => units(l.net, rule.places)),
    (a, b) => {
      const [x, y] = [lines[a], lines[b]] as [Line, Line];
      return y.rate.cmp(x.rate) || y.gross.cmp(x.gross);
    },
  );

  const result = lines.map((l, i) => {
    const share = fromUnits(shares[i] as bigint, rule.places);
    const taxable = l.net.minus(share);
    const tax = roundMoney(taxable.times(l.rate).times(PERCENT), rule);
    return { ...l, share, taxable, tax, total: taxable.plus(tax) };
  });
  /** A document figure: the sum of the lines' figures, as text. */
  const summed = (pick: (l: (typeof result)[number]) => Dec) =>
    fixed(
      result.reduce((s, l) => s.plus(pick(l)), ZERO),
      rule,
    );

  const byRate = new Map<string, { rate: Dec; taxable: Dec; tax: Dec }>();
  for (const l of result) {
    const key = canonical(l.rate);
    const entry = byRate.get(key) ?? { rate: l.rate, taxable: ZERO, tax: ZERO };
    byRate.set(key, { rate: l.rate, taxable: entry.taxable.plus(l.taxable), tax: entry.tax.plus(l.tax) });
  }

  return {
    currency: input.currency,
    lines: result.map((l) => ({
      gross: fixed(l.gross, rule),
      lineDiscount: fixed(l.lineDiscount, rule),
      net: fixed(l.net, rule),
      documentDiscount: fixed(l.share, rule),
      taxable: fixed(l.taxable, rule),
      taxRate: canonical(l.rate),
      tax: fixed(l.tax, rule),
      total: fixed(l.total, rule),
    })),
    gross: summed((l) => l.gross),
    lineDiscounts: summed((l) => l.lineDiscount),
    subtotal: fixed(subtotal, rule),
    documentDiscount: fixed(documentDiscount, rule),
    taxable: summed((l) => l.taxable),
    tax: summed((l) => l.tax),
    taxes: [...byRate.values()]
      .sort((a, b) => a.rate.cmp(b.rate))
      .map((t) => ({ taxRate: canonical(t.rate), taxable: fixed(t.taxable, rule), tax: fixed(t.tax, rule) })),
    total: summed((l) => l.total),
  };
}

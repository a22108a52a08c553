import { type Dec, dec, type RoundingMode, round } from './decimal';

/**
 * Places an amount is rounded to, per currency. Written out rather than read from Intl so the server
 * and every browser round identically (ICU versions disagree on some currencies' minor units).
 * IRR: whole Rial — the Rial has no subunit in use, and invoices are issued in whole Rial.
 */
export const CURRENCY_PLACES: Readonly<Record<string, number>> = {
  IRR: 0,
  USD: 2,
  EUR: 2,
  GBP: 2,
  AED: 2,
  TRY: 2,
};

export const CURRENCIES = Object.keys(CURRENCY_PLACES);

export interface RoundingRule {
  /** Decimal places of the currency's smallest unit used on documents. */
  places: number;
  mode: RoundingMode;
}

/** The rounding rule of a currency (default half-up); RangeError for a currency we have no rule for. */
export function roundingRule(currency: string, mode: RoundingMode = 'half-up'): RoundingRule {
  const places = CURRENCY_PLACES[currency];
  if (places === undefined) throw new RangeError(`No rounding rule for currency ${currency}`);
  return { places, mode };
}

export function roundMoney(value: Dec, rule: RoundingRule): Dec {
  return round(value, rule.places, rule.mode);
}

/** A decimal string rounded to the currency, as fixed text: roundAmount('12.345', USD rule) → '12.35'. */
export function roundAmount(amount: string, rule: RoundingRule): string {
  return roundMoney(dec(amount), rule).toFixed(rule.places);
}

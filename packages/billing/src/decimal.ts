// Exact decimal arithmetic for money, on big.js. We chose big.js over decimal.js: it does exactly what
// money needs (arbitrary-precision decimal +, −, ×, rounding to places with half-up or half-even) in
// about 6 KB, against decimal.js's ~32 KB of trigonometry and significant-digit precision that the web
// app's first-load budget would pay for and totals never use. Nothing on this path divides except by
// powers of ten (exact): percentages multiply by 0.01, proportional shares are split in whole minor
// units with bigint.

import BigBase from 'big.js';

/**
 * Our own constructor in strict mode: it refuses JS numbers (a float can never slip in as an amount)
 * and its settings cannot be changed by anyone else's use of big.js.
 */
export const Dec = BigBase();
Dec.strict = true;
export type Dec = BigBase.Big;

export const ROUNDING_MODES = ['half-up', 'half-even'] as const;
/** half-up: .5 goes away from zero (commercial rounding); half-even: .5 goes to the even digit (banker's). */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const BIG_MODE = { 'half-up': 1, 'half-even': 2 } as const;

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** A plain decimal string: optional minus, digits, optional fraction; no exponent, no spaces, no leading zeros. */
export function isDecimal(value: string): boolean {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** Parses a plain decimal string; throws RangeError naming the value otherwise. */
export function dec(value: string): Dec {
  if (!isDecimal(value)) throw new RangeError(`Not a decimal number: ${JSON.stringify(value)}`);
  return new Dec(value);
}

export function round(value: Dec, places: number, mode: RoundingMode): Dec {
  return value.round(places, BIG_MODE[mode]);
}

/** Canonical text of an exact amount: no exponent, no trailing fraction zeros ('12.50' → '12.5'). */
export function canonical(value: Dec): string {
  return value.toFixed();
}

/** The exact sum of decimal strings, canonical: addAmounts('10', '0.25', '-1') → '9.25'. */
export function addAmounts(...amounts: string[]): string {
  return canonical(amounts.reduce((sum, a) => sum.plus(dec(a)), new Dec('0')));
}

/** Compares two decimal strings exactly: −1, 0 or 1. */
export function compareAmounts(a: string, b: string): -1 | 0 | 1 {
  return dec(a).cmp(dec(b));
}

// Prices as people read them: Rial amounts in the organisation's unit (Rial or Toman) through
// @peyvand/persian's formatMoney, other currencies with their code; digits as the user chose. Amounts
// stay decimal strings — nothing here turns money into a float.
import { CURRENCY_PLACES, documentTotals, isDecimal } from '@peyvand/billing';
import { formatMoney, formatNumber } from '@peyvand/persian';
import type { FormatPrefs } from '../../ui/format';

export function formatPrice(
  amount: string,
  currency: string,
  prefs: Pick<FormatPrefs, 'locale' | 'digits'>,
  moneyDisplay: string | undefined,
): string {
  if (currency === 'IRR')
    return formatMoney(amount, {
      display: moneyDisplay === 'rial' ? 'rial' : 'toman',
      locale: prefs.locale,
      digits: prefs.digits,
    });
  return `${formatNumber(amount, { digits: prefs.digits })} ${currency}`;
}

/**
 * One unit's price with its VAT, computed by @peyvand/billing exactly as the server computes document
 * totals (rounded to the currency); undefined while the amount or rate is not a number yet.
 */
export function priceWithTax(amount: string, currency: string, rate: string): string | undefined {
  if (!isDecimal(amount) || !isDecimal(rate) || CURRENCY_PLACES[currency] === undefined) return undefined;
  return documentTotals({ currency, lines: [{ quantity: '1', unitPrice: amount, taxRate: rate }] }).total;
}

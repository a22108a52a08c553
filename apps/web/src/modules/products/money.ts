// Prices as people read them: Rial amounts in the organisation's unit (Rial or Toman) through
// @peyvand/persian's formatMoney, other currencies with their code; digits as the user chose. Amounts
// stay decimal strings — nothing here turns money into a float.
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

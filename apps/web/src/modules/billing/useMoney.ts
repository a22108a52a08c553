import { useMe } from '../../api/queries';
import { useFormatPrefs } from '../../app/prefs';
import { formatPrice } from '../products/money';

/** Formats an exact amount as the user reads money: the organisation's Rial/Toman unit, their digits. */
export function useMoney() {
  const prefs = useFormatPrefs();
  const moneyDisplay = useMe().data?.tenant?.settings?.moneyDisplay;
  return (amount: string, currency: string) => formatPrice(amount, currency, prefs, moneyDisplay);
}

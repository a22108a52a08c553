import { describe, expect, it } from 'vitest';
import { formatPrice } from './money';

describe('formatPrice', () => {
  it('shows Rial prices in the organisation’s unit, in the user’s digits', () => {
    expect(formatPrice('250000000', 'IRR', { locale: 'fa', digits: 'fa' }, 'toman')).toBe('۲۵٬۰۰۰٬۰۰۰ تومان');
    expect(formatPrice('250000000', 'IRR', { locale: 'en', digits: 'latn' }, 'rial')).toBe('250,000,000 IRR');
  });

  it('shows other currencies with their code, keeping every decimal exactly', () => {
    expect(formatPrice('1234.5', 'USD', { locale: 'en', digits: 'latn' }, 'toman')).toBe('1,234.5 USD');
    expect(formatPrice('0.1', 'EUR', { locale: 'fa', digits: 'fa' }, 'toman')).toBe('۰٫۱ EUR');
  });
});

import { describe, expect, it } from 'vitest';
import { formatPrice, priceWithTax } from './money';

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

describe('priceWithTax', () => {
  it('adds the VAT as packages/billing does, rounded to the currency', () => {
    expect(priceWithTax('250000000', 'IRR', '10')).toBe('275000000');
    expect(priceWithTax('19.99', 'USD', '19')).toBe('23.79'); // 3.7981 of tax → 3.80
    expect(priceWithTax('12', 'IRR', '9.5')).toBe('13'); // 1.14 of tax → 1
  });

  it('waits for a number', () => {
    expect(priceWithTax('12.', 'IRR', '10')).toBeUndefined();
    expect(priceWithTax('12', 'XXX', '10')).toBeUndefined();
  });
});

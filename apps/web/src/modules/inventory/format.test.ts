import { describe, expect, it } from 'vitest';
import { formatSigned, isLow, lineCost, outstanding } from './format';

describe('inventory figures', () => {
  it('shows a movement with its sign in the user digits, exactly', () => {
    expect(formatSigned('6', 'fa')).toBe('+۶');
    expect(formatSigned('-2.5', 'fa')).toBe('\u200E\u2212۲٫۵');
    expect(formatSigned('1234567.0001', 'latn')).toBe('+1,234,567.0001');
  });

  it('judges low stock on the product total against its threshold, at or below', () => {
    expect(isLow({ productQuantity: '5', threshold: '8' })).toBe(true);
    expect(isLow({ productQuantity: '8', threshold: '8' })).toBe(true);
    expect(isLow({ productQuantity: '8.0001', threshold: '8' })).toBe(false);
    expect(isLow({ productQuantity: '0', threshold: null })).toBe(false);
  });

  it('works out what is still due and what a line costs without floats', () => {
    const line = { lineNo: 0, productId: 'p', quantity: '10', unitCost: '0.1', receivedQuantity: '6.3' };
    expect(outstanding(line)).toBe('3.7');
    expect(lineCost({ quantity: '3', unitCost: '0.1' })).toBe('0.3');
  });
});

// How the inventory screens show quantities (exact decimal strings in the user's digits, never a float) and
// who may change stock.
import { canonical, compareAmounts, dec } from '@peyvand/billing';
import { formatNumber } from '@peyvand/persian';
import type { Digits } from '../../api/types';
import type { PurchaseOrderLine, StockLevel } from './api';

export function formatQuantity(quantity: string, digits: Digits): string {
  return formatNumber(quantity, { digits });
}

/** A movement's quantity with its sign always shown: what came in reads +, what went out −. */
export function formatSigned(quantity: string, digits: Digits): string {
  const text = formatQuantity(quantity, digits);
  return quantity.startsWith('-') ? text : `+${text}`;
}

/** Low stock is judged on the product's total over every warehouse, as the server's alert is. */
export function isLow(level: Pick<StockLevel, 'productQuantity' | 'threshold'>): boolean {
  return level.threshold !== null && compareAmounts(level.productQuantity, level.threshold) <= 0;
}

export function outstanding(line: PurchaseOrderLine): string {
  return canonical(dec(line.quantity).minus(dec(line.receivedQuantity)));
}

export function lineCost(line: Pick<PurchaseOrderLine, 'quantity' | 'unitCost'>): string {
  return canonical(dec(line.quantity).times(dec(line.unitCost)));
}

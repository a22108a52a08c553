import { describe, expect, it } from 'vitest';
import { actionsOf, takesPayments } from './moves';

describe('billing actions', () => {
  it('follow the status machines', () => {
    expect(actionsOf('quote', 'draft')).toEqual([{ kind: 'move', status: 'sent' }]);
    expect(actionsOf('quote', 'sent').map((a) => 'status' in a && a.status)).toEqual([
      'accepted',
      'rejected',
      'expired',
    ]);
    expect(actionsOf('quote', 'accepted')).toEqual([{ kind: 'convert' }]);
    expect(actionsOf('sales_order', 'open')).toEqual([{ kind: 'convert' }, { kind: 'cancel' }]);
    expect(actionsOf('sales_order', 'invoiced')).toEqual([]);
    expect(actionsOf('invoice', 'draft')).toEqual([{ kind: 'issue' }]);
    expect(actionsOf('invoice', 'partly_paid')).toEqual([{ kind: 'cancel' }]);
    expect(actionsOf('invoice', 'paid')).toEqual([]);
    expect(actionsOf('credit_note', 'issued')).toEqual([]);
  });
  it('take payments on open invoices only', () => {
    expect(takesPayments({ type: 'invoice', status: 'issued' })).toBe(true);
    expect(takesPayments({ type: 'invoice', status: 'draft' })).toBe(false);
    expect(takesPayments({ type: 'quote', status: 'sent' })).toBe(false);
  });
});

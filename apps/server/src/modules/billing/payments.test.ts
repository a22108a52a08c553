import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { expectFieldErrors } from '../customers/test-helpers.js';
import { billingOrg, type Doc } from './test-support.js';

describe.each(testEngines())('payments, balances, aging and exports on %s', (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof billingOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    org = await billingOrg(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** An issued invoice of `amount` (no tax) dated and due as given. */
  async function issued(amount: string, issueDate = '2026-01-10', dueDate = '2026-01-20'): Promise<Doc> {
    const draft = await org.made<Doc>(
      await org.as('POST', '/api/v1/invoices', {
        accountId: org.accountId,
        issueDate,
        dueDate,
        lines: [
          {
            description: 'خدمات پشتیبانی «ویژه»، سالانه',
            quantity: '1',
            unitPrice: amount,
            taxClassId: await zeroTax(),
          },
        ],
      }),
    );
    return (await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'issued' })).json() as Doc;
  }
  let zero: string | undefined;
  async function zeroTax() {
    zero ??= (await org.made(await org.as('POST', '/api/v1/tax-classes', { name: 'معاف', rate: '0' }))).id;
    return zero;
  }
  const pay = (id: string, body: unknown) => org.as('POST', `/api/v1/invoices/${id}/payments`, body);

  it('takes several payments by several methods, status following, never above the balance', async () => {
    const invoice = await issued('1000000');
    expect(invoice.total).toBe('1000000');
    expect((await pay(invoice.id, { amount: '۴۰۰٬۰۰۰', method: 'cash' })).statusCode).toBe(201);
    let now = (await org.as('GET', `/api/v1/invoices/${invoice.id}`)).json() as Doc;
    expect(now).toMatchObject({ status: 'partly_paid', paid: '400000', balance: '600000' });
    const over = await pay(invoice.id, { amount: '600001', method: 'card' });
    expectFieldErrors(over, ['amount']);
    const untouched = (await org.as('GET', `/api/v1/invoices/${invoice.id}`)).json() as Doc;
    expect(untouched).toMatchObject({ paid: '400000', version: now.version }); // nothing half written
    expectFieldErrors(await pay(invoice.id, { amount: '0', method: 'card' }), ['amount']);
    expectFieldErrors(await pay(invoice.id, { amount: '10', method: 'barter' }), ['method']);
    expectFieldErrors(await pay(invoice.id, { amount: '10.5', method: 'card' }), ['amount']); // no fractions of a Rial
    const cheque = await pay(invoice.id, {
      amount: '600000',
      method: 'cheque',
      reference: 'چک ۱۲۳۴',
      paidOn: '2026-02-01',
    });
    expect(cheque.statusCode, cheque.body).toBe(201);
    now = (await org.as('GET', `/api/v1/invoices/${invoice.id}`)).json() as Doc;
    expect(now).toMatchObject({ status: 'paid', balance: '0' });
    expect((await pay(invoice.id, { amount: '1', method: 'cash' })).statusCode).toBe(409);
    const list = (await org.as('GET', `/api/v1/invoices/${invoice.id}/payments`)).json() as {
      items: { method: string; amount: string }[];
    };
    // By payment date: the cheque was dated back to February, the cash was paid today.
    expect(list.items.map((p) => [p.method, p.amount])).toEqual([
      ['cheque', '600000'],
      ['cash', '400000'],
    ]);
    // Drafts take no payments.
    const draft = await org.made<Doc>(
      await org.as('POST', '/api/v1/invoices', {
        accountId: org.accountId,
        lines: [{ description: 'x', quantity: '1', unitPrice: '5' }],
      }),
    );
    expect((await pay(draft.id, { amount: '1', method: 'cash' })).statusCode).toBe(409);
  });

  it('serialises concurrent payments on one invoice: each sees the last, none over-pays, none is lost', async () => {
    const invoice = await issued('1000');
    const all = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        pay(invoice.id, { amount: '300', method: i % 2 ? 'cash' : 'card' }),
      ),
    );
    expect(all.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 422, 422, 422]);
    const now = (await org.as('GET', `/api/v1/invoices/${invoice.id}`)).json() as Doc;
    expect(now).toMatchObject({ paid: '900', status: 'partly_paid' });
    // Settled, so it stays out of the aging below.
    expect((await pay(invoice.id, { amount: '100', method: 'cash' })).statusCode).toBe(201);
  });

  it('keeps the balance (issued − paid − credited) and ages open invoices by due date', async () => {
    const before = (await org.as('GET', `/api/v1/accounts/${org.accountId}/balance`)).json() as {
      currencies: { balance: string }[];
    };
    const base = BigInt(before.currencies[0]?.balance ?? '0');
    const a = await issued('100', '2026-01-01', '2026-01-01'); // 95 days overdue on 2026-04-06
    const b = await issued('200', '2026-03-01', '2026-03-01'); // 36 days
    const c = await issued('300', '2026-04-01', '2026-05-01'); // not yet due
    await pay(b.id, { amount: '50', method: 'bank_transfer' });
    await org.as('PATCH', `/api/v1/invoices/${c.id}`, { status: 'cancelled' });
    const balance = (await org.as('GET', `/api/v1/accounts/${org.accountId}/balance`)).json() as {
      currencies: { currency: string; credited: string; balance: string }[];
    };
    // +100 +200 +300 invoiced, −50 paid, −300 credited by c's credit note.
    expect(BigInt(balance.currencies[0]?.balance ?? '') - base).toBe(250n);
    const aging = (
      await org.as('GET', `/api/v1/billing/aging?asOf=2026-04-06&accountId=${org.accountId}`)
    ).json() as {
      currencies: {
        currency: string;
        buckets: { bucket: string; invoices: number; open: string }[];
        open: string;
      }[];
    };
    const irr = aging.currencies.find((x) => x.currency === 'IRR');
    expect(irr?.buckets).toEqual([
      { bucket: '0-30', invoices: 0, open: '0' },
      { bucket: '31-60', invoices: 1, open: '150' },
      { bucket: '61-90', invoices: 0, open: '0' },
      { bucket: '90+', invoices: 1, open: '100' },
    ]);
    expect(a.number).not.toBeNull();
  });

  it('exports invoices and payments as CSV and JSON, Persian intact, amounts exact', async () => {
    const invoice = await issued('123456789', '2025-06-01', '2025-06-30');
    await pay(invoice.id, { amount: '23456789', method: 'card', paidOn: '2025-06-15', reference: 'مرجع ۷' });
    const csv = await org.as('GET', '/api/v1/invoices/export?format=csv&from=2025-06-01&to=2025-06-01');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(rows[0]).toBe(
      'number,status,issueDate,dueDate,accountId,accountName,currency,subtotal,documentDiscount,taxable,tax,total,paid,balance,id',
    );
    expect(rows.slice(1)).toEqual([
      `${invoice.number},partly_paid,2025-06-01,2025-06-30,${org.accountId},شرکت آوای پارس,IRR,123456789,0,123456789,0,123456789,23456789,100000000,${invoice.id}`,
    ]);
    const json = await org.as('GET', '/api/v1/payments/export?format=json&from=2025-06-15&to=2025-06-15');
    expect(json.json()).toEqual([
      expect.objectContaining({
        invoiceNumber: invoice.number,
        amount: '23456789',
        reference: 'مرجع ۷',
        method: 'card',
      }),
    ]);
    expectFieldErrors(await org.as('GET', '/api/v1/invoices/export?format=xml'), ['querystring.format']);
  });
});

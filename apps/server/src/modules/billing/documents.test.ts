import { documentTotals } from '@peyvand/billing';
import { toJalali } from '@peyvand/persian';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { expectFieldErrors } from '../customers/test-helpers.js';
import { billingOrg, type Doc } from './test-support.js';

const jalaliYear = toJalali(new Date(), { timeZone: 'Asia/Tehran' }).jy;

describe.each(testEngines())('quotes, orders, invoices and credit notes on %s', (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof billingOrg>>;
  beforeAll(async () => {
    t = await startTestApp(engine);
    org = await billingOrg(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const lines = () => [
    { productId: org.product.id, quantity: '2' },
    {
      description: 'نصب و راه‌اندازی',
      quantity: '1',
      unitPrice: '15000000',
      discount: { kind: 'percent', value: '10' },
    },
  ];
  const count = async () =>
    ((await org.as('GET', '/api/v1/invoices?total=true')).json() as { total: number }).total;

  it('prices lines from the catalogue and totals them with packages/billing, ignoring client totals', async () => {
    const doc = await org.made<Doc>(
      await org.as('POST', '/api/v1/invoices', {
        accountId: org.accountId,
        lines: lines(),
        discount: { kind: 'amount', value: '1000000' },
        total: '1',
      }),
    );
    const expected = documentTotals({
      currency: 'IRR',
      lines: [
        { quantity: '2', unitPrice: '250000000', taxRate: '10' },
        { quantity: '1', unitPrice: '15000000', taxRate: '10', discount: { kind: 'percent', value: '10' } },
      ],
      discount: { kind: 'amount', value: '1000000' },
    });
    expect(doc).toMatchObject({ status: 'draft', number: null, total: expected.total, tax: expected.tax });
    expect(doc.lines.map((l) => [l.description, l.unitPrice, l.total])).toEqual([
      ['لپ‌تاپ کارا', '250000000', expected.lines[0]?.total],
      ['نصب و راه‌اندازی', '15000000', expected.lines[1]?.total],
    ]);
    expect(expected.total).toBe('563750000'); // (500M + 13.5M − 1M) × 1.1
  });

  it('refuses bad lines with 422 naming each field, writing nothing', async () => {
    const before = await count();
    const res = await org.as('POST', '/api/v1/invoices', {
      accountId: org.accountId,
      lines: [
        { productId: org.product.id, quantity: '1' },
        { productId: '019a0000-0000-7000-8000-000000000000', quantity: '1' },
        { description: 'x', quantity: '0', unitPrice: '10' },
        { quantity: '1', unitPrice: '-5' },
        { description: 'بدون قیمت', quantity: '1' },
      ],
    });
    expectFieldErrors(res, ['lines.2.quantity', 'lines.3.unitPrice']);
    const later = await org.as('POST', '/api/v1/invoices', {
      accountId: org.accountId,
      currency: 'USD',
      dueDate: '2000-01-01',
      lines: [
        { productId: org.product.id, quantity: '1' },
        { productId: '019a0000-0000-7000-8000-000000000000', quantity: '1' },
        { quantity: '1', unitPrice: '5' },
        { description: 'بدون قیمت', quantity: '1' },
      ],
    });
    expectFieldErrors(later, [
      'dueDate',
      'lines.0.productId',
      'lines.1.productId',
      'lines.2.description',
      'lines.3.unitPrice',
    ]);
    expectFieldErrors(
      await org.as('POST', '/api/v1/invoices', {
        accountId: '019a0000-0000-7000-8000-000000000000',
        lines: lines(),
      }),
      ['accountId'],
    );
    expectFieldErrors(
      await org.as('POST', '/api/v1/invoices', {
        accountId: org.accountId,
        discount: { kind: 'percent', value: '100.5' },
        lines: [{ description: 'x', quantity: '1', unitPrice: '1' }],
      }),
      ['discount.value'],
    );
    expect(await count()).toBe(before);
  });

  it('answers malformed requests and wrong links with 4xx problems naming the field, never 500', async () => {
    const deal = await org.made(
      await org.as('POST', '/api/v1/deals', {
        title: 'فرصت دیگر',
        accountId: (await org.made(await org.as('POST', '/api/v1/accounts', { name: 'دیگری' }))).id,
      }),
    );
    expectFieldErrors(
      await org.as('POST', '/api/v1/invoices', { accountId: org.accountId, dealId: deal.id, lines: lines() }),
      ['dealId'],
    );
    expectFieldErrors(await org.as('POST', '/api/v1/invoices', { accountId: org.accountId, lines: [] }), [
      'lines',
    ]);
    expectFieldErrors(
      await org.as('POST', '/api/v1/quotes', {
        accountId: 'x',
        lines: [{ quantity: 'دو', unitPrice: '1e3' }],
      }),
      ['accountId', 'lines.0.quantity', 'lines.0.unitPrice'],
    );
    expect((await org.as('GET', '/api/v1/invoices/not-a-uuid')).statusCode).toBe(422);
    expect((await org.as('GET', '/api/v1/invoices?sort=nonsense')).statusCode).toBe(422);
    expectFieldErrors(await org.as('GET', '/api/v1/billing/aging?asOf=1405-01-01x'), ['querystring.asOf']);
  });

  it('edits drafts, numbers on issue with the Jalali year, then keeps lines and amounts fixed', async () => {
    const draft = await org.made<Doc>(
      await org.as('POST', '/api/v1/invoices', { accountId: org.accountId, lines: lines() }),
    );
    const edited = await org.as(
      'PATCH',
      `/api/v1/invoices/${draft.id}`,
      { lines: [{ description: 'مشاوره', quantity: '3', unitPrice: '1000000' }] },
      { 'if-match': `"${draft.version}"` },
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect((edited.json() as Doc).total).toBe('3300000');
    const stale = await org.as(
      'PATCH',
      `/api/v1/invoices/${draft.id}`,
      { notes: 'x' },
      { 'if-match': `"${draft.version}"` },
    );
    expect(stale.statusCode).toBe(409);
    // The lost race says whose change won and when: the edit above, by the organisation's owner.
    expect(stale.json().lastChange).toMatchObject({
      by: { id: org.owner.userId, name: expect.any(String) },
      action: 'update',
      version: (edited.json() as { version: number }).version,
    });
    expect(stale.json().detail).toMatch(/was changed by .+ at \d{4}-/);
    const issued = await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'issued' });
    expect(issued.statusCode, issued.body).toBe(200);
    expect((issued.json() as Doc).number).toMatch(new RegExp(`^INV-${jalaliYear}-\\d{6}$`));
    const fixed = await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { lines: lines(), notes: 'بعدی' });
    expect(fixed.statusCode).toBe(409);
    expect((fixed.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'lines',
      'notes',
    ]);
    // A status quotes have is no invoice status (422); one invoices have but not from here, 409.
    expectFieldErrors(await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'sent' }), ['status']);
    const back = await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'draft' });
    expect(back.statusCode).toBe(409);
    expect((back.json() as { errors: { path: string }[] }).errors[0]?.path).toBe('status');
    const paid = await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'paid' });
    expect(paid.statusCode).toBe(409);
  });

  it('takes a quote through sent and accepted to an order and an invoice, each converted once', async () => {
    const quote = await org.made<Doc>(
      await org.as(
        'POST',
        '/api/v1/quotes',
        { accountId: org.accountId, lines: lines() },
        { 'idempotency-key': 'q-1' },
      ),
    );
    const again = await org.as(
      'POST',
      '/api/v1/quotes',
      { accountId: org.accountId, lines: lines() },
      { 'idempotency-key': 'q-1' },
    );
    expect((again.json() as Doc).id).toBe(quote.id);
    expect((await org.as('POST', `/api/v1/quotes/${quote.id}/convert`)).statusCode).toBe(409);
    const sent = (await org.as('PATCH', `/api/v1/quotes/${quote.id}`, { status: 'sent' })).json() as Doc;
    expect(sent.number).toMatch(new RegExp(`^QUO-${jalaliYear}-000001$`));
    expect((await org.as('PATCH', `/api/v1/quotes/${quote.id}`, { status: 'accepted' })).statusCode).toBe(
      200,
    );
    expect((await org.as('PATCH', `/api/v1/quotes/${quote.id}`, { status: 'rejected' })).statusCode).toBe(
      409,
    );
    const order = await org.made<Doc>(await org.as('POST', `/api/v1/quotes/${quote.id}/convert`));
    expect(order).toMatchObject({
      type: 'sales_order',
      status: 'open',
      sourceId: quote.id,
      total: quote.total,
    });
    expect(order.number).toBe(`SO-${jalaliYear}-000001`);
    expect((await org.as('POST', `/api/v1/quotes/${quote.id}/convert`)).statusCode).toBe(409);
    const invoice = await org.made<Doc>(await org.as('POST', `/api/v1/sales-orders/${order.id}/convert`));
    expect(invoice).toMatchObject({
      type: 'invoice',
      status: 'draft',
      number: null,
      sourceId: order.id,
      total: quote.total,
    });
    expect(invoice.lines).toEqual(quote.lines);
    expect(((await org.as('GET', `/api/v1/sales-orders/${order.id}`)).json() as Doc).status).toBe('invoiced');
    // Another type's id is not found under this type.
    expect((await org.as('GET', `/api/v1/invoices/${order.id}`)).statusCode).toBe(404);
  });

  it('cancelling an issued invoice leaves a numbered credit note reversing it; found by number', async () => {
    const draft = await org.made<Doc>(
      await org.as('POST', '/api/v1/invoices', { accountId: org.accountId, lines: lines() }),
    );
    const issued = (
      await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'issued' })
    ).json() as Doc;
    const cancelled = await org.as('PATCH', `/api/v1/invoices/${draft.id}`, { status: 'cancelled' });
    expect((cancelled.json() as Doc).status).toBe('cancelled');
    const notes = (await org.as('GET', '/api/v1/credit-notes')).json() as { items: Doc[] };
    const note = notes.items.find((n) => n.sourceId === draft.id);
    expect(note).toMatchObject({ status: 'issued', total: issued.total, number: `CN-${jalaliYear}-000001` });
    const search = await org.as('GET', `/api/v1/search?q=${encodeURIComponent(issued.number ?? '')}`);
    expect((search.json() as { items: { id: string }[] }).items.map((h) => h.id)).toContain(draft.id);
    const hits = async (q: string) =>
      (
        (await org.as('GET', `/api/v1/search?q=${encodeURIComponent(q)}`)).json() as {
          items: { id: string }[];
        }
      ).items;
    expect((await hits((issued.number ?? '').slice(-5))).map((h) => h.id)).toContain(draft.id);
    // A word without a digit is not looked up among numbers (it would scan every document).
    expect((await hits('INV')).map((h) => h.id)).not.toContain(draft.id);
    const listed = (await org.as('GET', `/api/v1/invoices?q=${issued.number}`)).json() as { items: Doc[] };
    expect(listed.items.map((d) => d.id)).toEqual([draft.id]);
    const timeline = await org.as('GET', `/api/v1/accounts/${org.accountId}/timeline?kinds=sales_document`);
    expect(timeline.statusCode, timeline.body).toBe(200);
    expect(JSON.stringify(timeline.json())).toContain(issued.number);
    const trail = (await org.as('GET', `/api/v1/audit?entity=invoice&id=${draft.id}`)).json() as {
      items: { action: string }[];
    };
    expect(trail.items.map((e) => e.action).sort()).toEqual(['create', 'update', 'update']);
    const { rows } = await t.db.query<{ type: string }>(
      `SELECT type FROM outbox_events WHERE payload->>'documentId' = $1 ORDER BY type`,
      [draft.id],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'invoice.cancelled',
      'invoice.created',
      'invoice.issued',
      'invoice.updated',
      'invoice.updated',
    ]);
  });
});

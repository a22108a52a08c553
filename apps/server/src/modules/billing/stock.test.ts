/**
 * Invoices move stock (S-04): issuing takes the stock-tracked lines out of the chosen (or default)
 * warehouse in the same transaction; a shortage refuses the issue with a 409 naming the line and changes
 * nothing; the credit note of a cancelled invoice returns the stock. On PostgreSQL, two invoices racing
 * for the last unit: exactly one is issued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { billingOrg, type Doc } from './test-support.js';

describe.each(testEngines())('invoices and stock on %s', (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof billingOrg>>;
  let productId = '';
  let warehouseId = '';
  beforeAll(async () => {
    t = await startTestApp(engine);
    org = await billingOrg(t);
    const product = await org.made(
      await org.as('POST', '/api/v1/products', {
        sku: 'PHONE-1',
        nameFa: 'گوشی',
        nameEn: 'Phone',
        unit: 'عدد',
        basePrice: '90000000',
        stockTracked: true,
      }),
    );
    productId = product.id;
    // The default warehouse comes first.
    const { items } = (await org.as('GET', '/api/v1/warehouses')).json() as { items: { id: string }[] };
    warehouseId = (items[0] as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const level = async () => {
    const page = (await org.as('GET', `/api/v1/stock?productId=${productId}`)).json() as {
      items: { quantity: string }[];
    };
    return page.items[0]?.quantity ?? '0';
  };
  const count = async (quantity: string) =>
    expect(
      (
        await org.as('POST', '/api/v1/stock/adjustments', {
          warehouseId,
          reason: 'شمارش انبار',
          lines: [{ productId, countedQuantity: quantity }],
        })
      ).statusCode,
    ).toBe(201);
  // A free-text line first, so the stock line is lines.1.
  const draft = async (quantity = '1') =>
    org.made<Doc>(
      await org.as('POST', '/api/v1/invoices', {
        accountId: org.accountId,
        lines: [
          { description: 'ارسال', quantity: '1', unitPrice: '500000' },
          { productId, quantity },
        ],
      }),
    );
  const issue = (doc: Doc, extra: Record<string, unknown> = {}) =>
    org.as(
      'PATCH',
      `/api/v1/invoices/${doc.id}`,
      { status: 'issued', ...extra },
      { 'if-match': `"${doc.version}"` },
    );

  it('issuing takes the stock, a shortage is a 409 at the line with nothing changed, the credit note returns it', async () => {
    await count('3');
    const first = await draft('2');
    const issued = await issue(first);
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toMatchObject({ status: 'issued', warehouseId });
    expect(await level()).toBe('1');

    const second = await draft('2');
    const short = await issue(second);
    expect(short.statusCode).toBe(409);
    expect((short.json() as { errors: { path: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ path: 'lines.1.quantity', code: 'insufficient_stock' }),
    ]);
    const still = (await org.as('GET', `/api/v1/invoices/${second.id}`)).json() as Doc;
    expect(still).toMatchObject({ status: 'draft', number: null });
    expect(await level()).toBe('1');

    const current = (await org.as('GET', `/api/v1/invoices/${first.id}`)).json() as Doc;
    const cancelled = await org.as(
      'PATCH',
      `/api/v1/invoices/${first.id}`,
      { status: 'cancelled' },
      { 'if-match': `"${current.version}"` },
    );
    expect(cancelled.statusCode).toBe(200);
    expect(await level()).toBe('3');
    expect((await issue(still)).statusCode).toBe(200);
    expect(await level()).toBe('1');
  });

  it('names a warehouse only when issuing, and an unknown one as 422 at warehouseId', async () => {
    const doc = await draft();
    const unknown = await issue(doc, { warehouseId: '0190b0d0-0000-7000-8000-000000000000' });
    expect(unknown.statusCode).toBe(422);
    expect((unknown.json() as { errors: { path: string }[] }).errors[0]?.path).toBe('warehouseId');
    const notIssuing = await org.as(
      'PATCH',
      `/api/v1/invoices/${doc.id}`,
      { warehouseId },
      { 'if-match': `"${doc.version}"` },
    );
    expect(notIssuing.statusCode).toBe(422);
  });

  it.runIf(engine === 'postgres')(
    'two invoices racing for the last unit: exactly one is issued',
    async () => {
      await count('1');
      const [a, b] = [await draft(), await draft()];
      const results = await Promise.all([issue(a as Doc), issue(b as Doc)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(await level()).toBe('0');
    },
  );
});

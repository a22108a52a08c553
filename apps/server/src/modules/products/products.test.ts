import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { created, expectFieldErrors } from '../customers/test-helpers.js';

interface Product {
  id: string;
  sku: string;
  basePrice: string;
  taxClass: { id: string; name: string; rate: string };
  version: number;
  deletedAt: string | null;
}

const laptop = (sku: string) => ({
  sku,
  nameFa: 'لپ‌تاپ کارا ۱۴',
  nameEn: 'Kara 14 laptop',
  unit: 'عدد',
  basePrice: '250000000',
  stockTracked: true,
  options: [
    {
      code: 'ram',
      nameFa: 'حافظه',
      nameEn: 'RAM',
      choices: [
        { code: '8', nameFa: '۸ گیگ', skuSuffix: '8G' },
        { code: '16', nameFa: '۱۶ گیگ', skuSuffix: '16G', priceDelta: '30000000' },
      ],
    },
    {
      code: 'disk',
      nameFa: 'دیسک',
      nameEn: 'Disk',
      choices: [
        { code: '256', nameFa: '۲۵۶', skuSuffix: '256', priceDelta: '-5000000' },
        { code: '512', nameFa: '۵۱۲', skuSuffix: '512' },
      ],
    },
  ],
});

describe.each(testEngines())('products, tax classes and prices on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let product: Product;
  const as = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    call(t.app, {
      method,
      url,
      cookie: owner.cookie,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Catalogue');
    product = await created<Product>(await as('POST', '/api/v1/products', laptop(' kara-۱۴ ')));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('gives an Iranian organisation a default standard tax class at 10%, used by products that name none', async () => {
    const res = await as('GET', '/api/v1/tax-classes');
    expect(res.statusCode, res.body).toBe(200);
    const [standard] = res.json().items;
    expect(standard).toMatchObject({ name: 'استاندارد', rate: '10', isDefault: true });
    expect(product).toMatchObject({
      sku: 'KARA-14',
      basePrice: '250000000',
      taxClass: { id: standard.id, rate: '10' },
    });
  });

  it('refuses bad input with 422 naming the field, and writes nothing', async () => {
    const count = async () => (await as('GET', '/api/v1/products?total=true&limit=1')).json().total;
    const before = await count();
    expectFieldErrors(await as('POST', '/api/v1/products', { ...laptop('NEG-1'), basePrice: '-5' }), [
      'basePrice',
    ]);
    expectFieldErrors(await as('POST', '/api/v1/products', { ...laptop('NUM-1'), basePrice: 5 }), [
      'basePrice',
    ]);
    expectFieldErrors(await as('POST', '/api/v1/products', laptop('KARA-14')), ['sku']);
    expectFieldErrors(
      await as('POST', '/api/v1/products', {
        ...laptop('X-1'),
        taxClassId: '0190e4a5-7d1c-7000-8000-000000000000',
      }),
      ['taxClassId'],
    );
    expectFieldErrors(
      await as('POST', '/api/v1/products', { ...laptop('SRV-1'), kind: 'service', stockTracked: true }),
      ['stockTracked'],
    );
    const options = laptop('X').options;
    expectFieldErrors(
      await as('POST', '/api/v1/products', {
        ...laptop('DUP-1'),
        options: [options[0], { ...options[1], code: 'ram' }],
      }),
      ['options.1.code'],
    );
    expectFieldErrors(await as('POST', '/api/v1/products', { ...laptop('CHEAP-1'), basePrice: '1000' }), [
      'options',
    ]);
    expect(await count()).toBe(before);
    expectFieldErrors(await as('POST', '/api/v1/tax-classes', { name: 'بیش از صد', rate: '100.5' }), [
      'rate',
    ]);
    expectFieldErrors(await as('POST', '/api/v1/tax-classes', { name: 'نادرست', rate: 'ده' }), ['rate']);
    expectFieldErrors(await as('POST', '/api/v1/tax-classes', { name: 'استاندارد', rate: '9' }), ['name']);
    expectFieldErrors(
      await as('POST', '/api/v1/price-lists', {
        name: 'وارونه',
        currency: 'IRR',
        validFrom: '2026-03-21',
        validTo: '2026-03-20',
        items: [{ productId: product.id, variantSku: 'KARA-14-32G-512', unitPrice: '1' }],
      }),
      ['validTo', 'items.0.variantSku'],
    );
  });

  it('lists with filter, sort and search by SKU as typed or by name in any spelling', async () => {
    const service = await created<Product>(
      await as('POST', '/api/v1/products', {
        kind: 'service',
        sku: 'SUP-YEAR',
        nameFa: 'پشتیبانی یک ساله',
        unit: 'سال',
        basePrice: '12000000',
      }),
    );
    const skus = async (query: string) => {
      const res = await as('GET', `/api/v1/products?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items.map((p: Product) => p.sku);
    };
    expect(await skus('sort=-basePrice')).toEqual(['KARA-14', 'SUP-YEAR']);
    expect(
      await skus(
        `filter=${encodeURIComponent(JSON.stringify({ field: 'kind', op: 'eq', value: 'service' }))}`,
      ),
    ).toEqual(['SUP-YEAR']);
    expect(await skus(`q=${encodeURIComponent('kara-۱۴')}`)).toEqual(['KARA-14']);
    expect(await skus(`q=${encodeURIComponent('پشتيباني')}`)).toEqual(['SUP-YEAR']); // Arabic ي
    const fields = (await as('GET', '/api/v1/products/fields'))
      .json()
      .items.map((f: { name: string }) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['sku', 'nameFa', 'basePrice', 'active', 'categoryId']));

    // The list is registered: its queries can be saved as views, checked against its fields.
    await created(
      await as('POST', '/api/v1/views', {
        entity: 'product',
        name: 'خدمات',
        filter: { field: 'kind', op: 'eq', value: 'service' },
      }),
    );
    expectFieldErrors(
      await as('POST', '/api/v1/views', {
        entity: 'product',
        name: 'نادرست',
        filter: { field: 'price', op: 'eq', value: 1 },
      }),
      ['filter.field'],
    );

    const search = (
      await as('GET', `/api/v1/search?q=${encodeURIComponent('sup-year')}&types=product`)
    ).json();
    expect(search.items[0]).toMatchObject({ type: 'product', id: service.id, score: 3 });
    const byName = (await as('GET', `/api/v1/search?q=${encodeURIComponent('لپ تاپ کارا')}`)).json();
    expect(byName.items.map((h: { id: string }) => h.id)).toContain(product.id);
  });

  it('configures a variant: SKU and price from the choices, tax by the class; 422 names the option group', async () => {
    const res = await as('POST', `/api/v1/products/${product.id}/configure`, {
      choices: { ram: '16', disk: '256' },
      quantity: '2',
    });
    expect(res.statusCode, res.body).toBe(200);
    // 250,000,000 + 30,000,000 − 5,000,000 = 275,000,000 a unit; two: 550,000,000 + 10% VAT
    expect(res.json()).toMatchObject({
      sku: 'KARA-14-16G-256',
      unitPrice: '275000000',
      currency: 'IRR',
      source: { kind: 'base' },
      totals: { net: '550000000', tax: '55000000', total: '605000000' },
    });
    expectFieldErrors(
      await as('POST', `/api/v1/products/${product.id}/configure`, { choices: { ram: '16' } }),
      ['choices.disk'],
    );
    expectFieldErrors(
      await as('POST', `/api/v1/products/${product.id}/configure`, {
        choices: { ram: '64', disk: '512', gpu: 'x' },
      }),
      ['choices.ram', 'choices.gpu'],
    );
  });

  it('prices for a customer from the most specific valid list, and says which', async () => {
    const account = await created(await as('POST', '/api/v1/accounts', { name: 'بازرگانی نمونه' }));
    const other = await created(await as('POST', '/api/v1/accounts', { name: 'خرده‌فروشی' }));
    const group = await created(
      await as('POST', '/api/v1/customer-groups', { name: 'عمده‌فروشان', accountIds: [account.id] }),
    );
    expect(group).toMatchObject({ accounts: [{ id: account.id, title: 'بازرگانی نمونه' }], contacts: [] });
    const everyone = await created(
      await as('POST', '/api/v1/price-lists', {
        name: 'فهرست عمومی ۱۴۰۵',
        currency: 'IRR',
        validFrom: '2026-03-21',
        validTo: '2027-03-20',
        items: [{ productId: product.id, unitPrice: '240000000' }],
      }),
    );
    const wholesale = await created(
      await as('POST', '/api/v1/price-lists', {
        name: 'عمده',
        currency: 'IRR',
        customerGroupId: group.id,
        validFrom: '2026-03-21',
        items: [
          { productId: product.id, unitPrice: '230000000' },
          { productId: product.id, minQuantity: '10', unitPrice: '220000000' },
          { productId: product.id, variantSku: 'kara-14-16g-512', unitPrice: '255000000' },
        ],
      }),
    );
    const price = async (query: string) => {
      const res = await as('GET', `/api/v1/prices?productId=${product.id}&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      return [body.unitPrice, body.source.name];
    };
    expect(await price(`accountId=${account.id}&date=2026-06-01`)).toEqual(['230000000', 'عمده']);
    expect(await price(`accountId=${account.id}&date=2026-06-01&quantity=12`)).toEqual(['220000000', 'عمده']);
    expect(await price(`accountId=${other.id}&date=2026-06-01`)).toEqual(['240000000', 'فهرست عمومی ۱۴۰۵']);
    expect(await price('date=2026-03-20')).toEqual(['250000000', null]);
    expect(await price(`accountId=${account.id}&date=2026-06-01&variantSku=KARA-14-16G-512`)).toEqual([
      '255000000',
      'عمده',
    ]);
    const contact = await created(
      await as('POST', '/api/v1/contacts', { firstName: 'سارا', lastName: 'احمدی' }),
    );
    const joined = await as('PATCH', `/api/v1/customer-groups/${group.id}`, { contactIds: [contact.id] });
    expect(joined.json()).toMatchObject({ accounts: [{ id: account.id }], contacts: [{ id: contact.id }] });
    expect(await price(`contactId=${contact.id}&date=2026-06-01`)).toEqual(['230000000', 'عمده']);
    expectFieldErrors(
      await as('PATCH', `/api/v1/customer-groups/${group.id}`, { contactIds: [account.id] }),
      ['contactIds.0'],
    );
    // A product-level list price still takes the chosen options' deltas.
    const configured = await as('POST', `/api/v1/products/${product.id}/configure`, {
      choices: { ram: '16', disk: '256' },
      accountId: other.id,
      date: '2026-06-01',
    });
    expect(configured.json()).toMatchObject({ unitPrice: '265000000', source: { priceListId: everyone.id } });
    expectFieldErrors(await as('GET', `/api/v1/prices?productId=${product.id}&accountId=${product.id}`), [
      'accountId',
    ]);

    // A group with a price list stays; If-Match guards changes; a stale version is 409.
    const deleteGroup = await as('DELETE', `/api/v1/customer-groups/${group.id}`);
    expect(deleteGroup.statusCode).toBe(409);
    expect(deleteGroup.json().errors).toMatchObject([{ path: 'id', code: 'in_use' }]);
    const stale = await as(
      'PATCH',
      `/api/v1/price-lists/${wholesale.id}`,
      { name: 'عمده ۲' },
      { 'if-match': '"0"' },
    );
    expect(stale.statusCode).toBe(409);
    const renamed = await as(
      'PATCH',
      `/api/v1/price-lists/${wholesale.id}`,
      { validTo: '2026-05-31' },
      { 'if-match': `"${wholesale.version}"` },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await price(`accountId=${account.id}&date=2026-06-01`)).toEqual(['240000000', 'فهرست عمومی ۱۴۰۵']);
    const lists = (await as('GET', '/api/v1/price-lists?sort=name')).json().items;
    expect(lists.map((l: { name: string; itemCount: number }) => [l.name, l.itemCount])).toEqual([
      ['عمده', 3],
      ['فهرست عمومی ۱۴۰۵', 1],
    ]);
  });

  it('replays a create by Idempotency-Key, audits and announces writes, and soft-deletes products', async () => {
    const body = { nameFa: 'لوازم جانبی' };
    const first = await as('POST', '/api/v1/product-categories', body, { 'idempotency-key': 'cat-1' });
    const again = await as('POST', '/api/v1/product-categories', body, { 'idempotency-key': 'cat-1' });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);

    const mouse = await created<Product>(
      await as('POST', '/api/v1/products', {
        sku: 'MOUSE-1',
        nameFa: 'ماوس',
        unit: 'عدد',
        basePrice: '4500000',
        categoryId: first.json().id,
      }),
    );
    const removed = await as('DELETE', `/api/v1/products/${mouse.id}`, undefined, {
      'if-match': `"${mouse.version}"`,
    });
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await as('GET', `/api/v1/products/${mouse.id}`)).json()).toMatchObject({
      deletedAt: expect.any(String),
    });
    expect((await as('PATCH', `/api/v1/products/${mouse.id}`, { unit: 'جفت' })).statusCode).toBe(404);
    // Its SKU is free again for a new product.
    await created(
      await as('POST', '/api/v1/products', {
        sku: 'mouse-1',
        nameFa: 'ماوس نو',
        unit: 'عدد',
        basePrice: '5000000',
      }),
    );

    const { rows: audited } = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE entity = 'product' AND entity_id = $1 ORDER BY at, id`,
      [mouse.id],
    );
    expect(audited.map((r) => r.action)).toEqual(['create', 'delete']);
    const { rows: events } = await t.db.query<{ type: string }>(
      `SELECT DISTINCT type FROM outbox_events WHERE tenant_id = $1 ORDER BY type`,
      [owner.tenantId],
    );
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['product.created', 'product.deleted', 'product_category.created']),
    );
  });

  it('keeps one default tax class: a new default takes over, the default and used classes cannot be deleted', async () => {
    const reduced = await created(
      await as('POST', '/api/v1/tax-classes', { name: 'نرخ کاهش‌یافته', rate: '9', isDefault: true }),
    );
    const items = (await as('GET', '/api/v1/tax-classes')).json().items;
    expect(items.map((c: { name: string; isDefault: boolean }) => [c.name, c.isDefault])).toEqual([
      ['نرخ کاهش‌یافته', true],
      ['استاندارد', false],
    ]);
    // Why it stays is coded, so screens can say it in the user's language.
    const deleteDefault = await as('DELETE', `/api/v1/tax-classes/${reduced.id}`);
    expect(deleteDefault.statusCode).toBe(409);
    expect(deleteDefault.json().errors).toMatchObject([{ path: 'isDefault', code: 'is_default' }]);
    const deleteUsed = await as('DELETE', `/api/v1/tax-classes/${product.taxClass.id}`);
    expect(deleteUsed.statusCode).toBe(409);
    expect(deleteUsed.json().errors).toMatchObject([{ path: 'id', code: 'in_use' }]);
    const moved = await as('PATCH', `/api/v1/tax-classes/${product.taxClass.id}`, { rate: '12.5' });
    expect(moved.json()).toMatchObject({ rate: '12.5', isDefault: false });
    expect((await as('GET', `/api/v1/products/${product.id}`)).json().taxClass.rate).toBe('12.5');
  });
});

import { documentTotals } from '@peyvand/billing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { created, expectFieldErrors } from '../customers/test-helpers.js';
import type { Deal } from './schemas.js';

describe.each(testEngines())('custom fields and line items of deals on %s', (engine) => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signupOrg>>;
  let accountId: string;
  let productId: string;
  const req = (
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
  const counts = async () => {
    const { rows } = await t.db.query<{ deals: number; lines: number; audits: number; events: number }>(
      `SELECT (SELECT count(*) FROM deals)::int AS deals, (SELECT count(*) FROM deal_lines)::int AS lines,
        (SELECT count(*) FROM audit_log)::int AS audits, (SELECT count(*) FROM outbox_events)::int AS events`,
    );
    return rows[0];
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    owner = await signupOrg(t.app, 'Deal lines');
    accountId = (await created(await req('POST', '/api/v1/accounts', { name: 'بازرگانی نمونه' }))).id;
    productId = (
      await created(
        await req('POST', '/api/v1/products', {
          sku: 'KARA-14',
          nameFa: 'لپ‌تاپ کارا',
          nameEn: 'Kara laptop',
          unit: 'عدد',
          basePrice: '250000000',
        }),
      )
    ).id;
    // The account's group has its own price: a deal of the account gets it, as a quote would.
    const group = await created(
      await req('POST', '/api/v1/customer-groups', { name: 'عمده‌فروشان', accountIds: [accountId] }),
    );
    await created(
      await req('POST', '/api/v1/price-lists', {
        name: 'عمده',
        currency: 'IRR',
        customerGroupId: group.id,
        items: [{ productId, unitPrice: '230000000' }],
      }),
    );
    for (const field of [
      { entity: 'deal', key: 'contractNo', labelFa: 'شماره قرارداد', type: 'text' },
      { entity: 'deal', key: 'budget', labelFa: 'بودجه', type: 'money' },
      {
        entity: 'deal',
        key: 'channel',
        labelFa: 'کانال',
        type: 'select',
        options: [
          { value: 'tender', labelFa: 'مناقصه' },
          { value: 'direct', labelFa: 'مستقیم' },
        ],
      },
      { entity: 'deal', key: 'champion', labelFa: 'حامی', type: 'relation', relationEntity: 'contact' },
    ])
      await created(await req('POST', '/api/v1/custom-fields', field));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('stores custom values on deals checked like contacts: 422 at custom.<key>, nothing written', async () => {
    const before = await counts();
    expectFieldErrors(
      await req('POST', '/api/v1/deals', {
        title: 'x',
        custom: {
          budget: 'بسیار',
          channel: 'phone',
          nope: 1,
          champion: '019a0000-0000-7000-8000-000000000000',
        },
      }),
      ['custom.budget', 'custom.channel', 'custom.nope', 'custom.champion'],
    );
    expect(await counts()).toEqual(before);
    const deal = await created<Deal>(
      await req('POST', '/api/v1/deals', {
        title: 'تجهیز دفتر مرکزی',
        custom: { contractNo: 'ق-۱۴۰۵-۱۲', budget: '۱٬۲۰۰٬۰۰۰٬۰۰۰', channel: 'tender' },
      }),
    );
    expect(deal.custom).toEqual({ contractNo: 'ق-۱۴۰۵-۱۲', budget: '1200000000', channel: 'tender' });
    const patched = await req(
      'PATCH',
      `/api/v1/deals/${deal.id}`,
      { custom: { channel: 'direct', contractNo: null } },
      { 'if-match': `"${deal.version}"` },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().custom).toEqual({ budget: '1200000000', channel: 'direct' });
    expectFieldErrors(await req('PATCH', `/api/v1/deals/${deal.id}`, { custom: { budget: [1] } }), [
      'custom.budget',
    ]);
    expect((await req('GET', `/api/v1/deals/${deal.id}`)).json().version).toBe(patched.json().version);
  });

  it('filters and sorts deals by custom fields, and lists them in the fields catalogue with labels', async () => {
    for (const [title, budget] of [
      ['کوچک', '5000'],
      ['بزرگ', '900000'],
    ])
      await created(await req('POST', '/api/v1/deals', { title, custom: { budget, channel: 'tender' } }));
    const filter = encodeURIComponent(
      JSON.stringify({
        and: [
          { field: 'custom.budget', op: 'lt', value: '1000000' },
          { field: 'custom.channel', op: 'eq', value: 'tender' },
        ],
      }),
    );
    const res = await req('GET', `/api/v1/deals?filter=${filter}&sort=-custom.budget`);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json().items as Deal[]).map((d) => d.title)).toEqual(['بزرگ', 'کوچک']);
    const fields = (await req('GET', '/api/v1/deals/fields')).json().items as {
      name: string;
      type: string;
      custom?: { labelFa: string };
    }[];
    expect(fields.find((f) => f.name === 'custom.budget')).toMatchObject({
      type: 'money',
      custom: { labelFa: 'بودجه' },
    });
    expect(fields.find((f) => f.name === 'custom.channel')?.type).toBe('enum');
    const unknown = await req(
      'GET',
      `/api/v1/deals?filter=${encodeURIComponent(JSON.stringify({ field: 'custom.nope', op: 'eq', value: 1 }))}`,
    );
    expect(unknown.statusCode).toBe(422);
  });

  it('deleting a deal field clears its values from every deal', async () => {
    const field = await created(
      await req('POST', '/api/v1/custom-fields', {
        entity: 'deal',
        key: 'temp',
        labelFa: 'موقت',
        type: 'text',
      }),
    );
    const deal = await created<Deal>(
      await req('POST', '/api/v1/deals', { title: 'موقت', custom: { temp: 'یک' } }),
    );
    const gone = await req('DELETE', `/api/v1/custom-fields/${field.id}`, undefined, {
      'if-match': `"${field.version}"`,
    });
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await req('GET', `/api/v1/deals/${deal.id}`)).json().custom).toEqual({});
  });

  const lines = () => [
    { productId, quantity: '2' },
    {
      description: 'نصب و راه‌اندازی',
      quantity: '1',
      unitPrice: '15000000',
      discount: { kind: 'percent', value: '10' },
    },
  ];
  // packages/billing's totals of those lines at the account's price (230M) and the default 10% VAT.
  const expected = documentTotals({
    currency: 'IRR',
    lines: [
      { quantity: '2', unitPrice: '230000000', taxRate: '10' },
      { quantity: '1', unitPrice: '15000000', taxRate: '10', discount: { kind: 'percent', value: '10' } },
    ],
  });

  it("prices lines for the deal's account as billing does; the amount is their exact total", async () => {
    const deal = await created<Deal>(
      await req('POST', '/api/v1/deals', { title: 'لپ‌تاپ‌های واحد فروش', accountId, lines: lines() }),
    );
    expect(expected.total).toBe('520850000'); // (460M + 13.5M) × 1.1
    expect(deal.amount).toBe(expected.total);
    expect(deal.lines).toEqual([
      {
        productId,
        description: 'لپ‌تاپ کارا',
        quantity: '2',
        unitPrice: '230000000',
        taxClassId: expect.any(String),
        taxRate: '10',
        net: expected.lines[0]?.net,
        tax: expected.lines[0]?.tax,
        total: expected.lines[0]?.total,
      },
      {
        description: 'نصب و راه‌اندازی',
        quantity: '1',
        unitPrice: '15000000',
        discount: { kind: 'percent', value: '10' },
        taxClassId: expect.any(String),
        taxRate: '10',
        net: expected.lines[1]?.net,
        tax: expected.lines[1]?.tax,
        total: expected.lines[1]?.total,
      },
    ]);
    // The lines are a quote's line input as they are: a quote made from them totals the same.
    const quote = await req('POST', '/api/v1/quotes', { accountId, dealId: deal.id, lines: deal.lines });
    expect(quote.statusCode, quote.body).toBe(201);
    expect(quote.json().total).toBe(deal.amount);
    // Without lines a deal has its typed amount.
    const typed = await created<Deal>(
      await req('POST', '/api/v1/deals', { title: 'بدون اقلام', amount: '700' }),
    );
    expect(typed).toMatchObject({ amount: '700', lines: [] });
  });

  it('refuses bad lines, and an amount beside lines, with 422 naming each field and writing nothing', async () => {
    const before = await counts();
    expectFieldErrors(
      await req('POST', '/api/v1/deals', {
        title: 'x',
        lines: [
          { productId, quantity: '0' },
          { quantity: '1', unitPrice: '-5', description: 'y' },
        ],
      }),
      ['lines.0.quantity', 'lines.1.unitPrice'],
    );
    expectFieldErrors(
      await req('POST', '/api/v1/deals', {
        title: 'x',
        amount: '100',
        custom: { channel: 'phone' },
        lines: [
          { productId: '019a0000-0000-7000-8000-000000000000', quantity: '1' },
          { quantity: '1', unitPrice: '5' },
          { description: 'بدون قیمت', quantity: '1' },
        ],
      }),
      ['amount', 'custom.channel', 'lines.0.productId', 'lines.1.description', 'lines.2.unitPrice'],
    );
    expectFieldErrors(
      await req('POST', '/api/v1/deals', {
        title: 'x',
        currency: 'USD',
        lines: [{ productId, quantity: '1' }],
      }),
      ['lines.0.productId'],
    );
    expect(await counts()).toEqual(before);
  });

  it('replaces the lines on PATCH (If-Match), re-totalling the amount, with audit and event; [] keeps a typed amount', async () => {
    const deal = await created<Deal>(
      await req('POST', '/api/v1/deals', { title: 'سرورها', accountId, amount: '5' }),
    );
    const withLines = await req(
      'PATCH',
      `/api/v1/deals/${deal.id}`,
      { lines: lines() },
      { 'if-match': `"${deal.version}"` },
    );
    expect(withLines.statusCode, withLines.body).toBe(200);
    expect(withLines.json()).toMatchObject({ amount: expected.total, version: deal.version + 1 });
    const stale = await req(
      'PATCH',
      `/api/v1/deals/${deal.id}`,
      { lines: [{ productId, quantity: '1' }] },
      { 'if-match': `"${deal.version}"` },
    );
    expect(stale.statusCode).toBe(409);
    const before = await counts();
    expectFieldErrors(await req('PATCH', `/api/v1/deals/${deal.id}`, { amount: '9' }), ['amount']);
    expectFieldErrors(
      await req('PATCH', `/api/v1/deals/${deal.id}`, { lines: [lines()[0], { quantity: 'two' }] }),
      ['lines.1.quantity'],
    );
    expectFieldErrors(await req('PATCH', `/api/v1/deals/${deal.id}`, { currency: 'USD' }), [
      'lines.0.productId',
    ]);
    expect(await counts()).toEqual(before);
    expect((await req('GET', `/api/v1/deals/${deal.id}`)).json().lines).toHaveLength(2);

    const one = await req('PATCH', `/api/v1/deals/${deal.id}`, { lines: [{ productId, quantity: '1' }] });
    expect(one.json()).toMatchObject({ amount: '253000000', lines: [{ quantity: '1', total: '253000000' }] });
    const { rows } = await t.db.query<{ changes: Record<string, { before: unknown; after: unknown }> }>(
      `SELECT changes FROM audit_log WHERE entity = 'deal' AND entity_id = $1 ORDER BY at DESC, id DESC LIMIT 1`,
      [deal.id],
    );
    const changes = rows[0]?.changes ?? {};
    expect(changes.amount).toEqual({ before: expected.total, after: '253000000' });
    expect(changes.lines?.before).toHaveLength(2);
    expect(changes.lines?.after).toMatchObject([{ productId, quantity: '1' }]);
    const events = await t.db.query<{ type: string }>(
      `SELECT type FROM outbox_events WHERE payload->>'dealId' = $1 ORDER BY created_at, id`,
      [deal.id],
    );
    expect(events.rows.map((e) => e.type)).toEqual(['deal.created', 'deal.updated', 'deal.updated']);

    const cleared = await req('PATCH', `/api/v1/deals/${deal.id}`, { lines: [], amount: '1000' });
    expect(cleared.json()).toMatchObject({ amount: '1000', lines: [] });
    const { rows: left } = await t.db.query(`SELECT 1 FROM deal_lines WHERE deal_id = $1`, [deal.id]);
    expect(left).toHaveLength(0);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { type BuiltinRoleKey, builtinRole } from '../../platform/permissions/rights.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, signupOrg, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import { moveStock, type StockLine } from './ledger.js';

// Warehouses, the ledger and its levels, purchase orders and receipts, transfers, stocktakes and
// low-stock alerts through the HTTP API, and moveStock as the invoice module will call it.
describe.each(testEngines())('inventory on %s', (engine) => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof signupOrg>>;
  let buyer: { userId: string };
  let ctx: Context;
  let main: string;
  let second: string;
  let bolt: string;
  let nut: string;
  let fitting: string;

  const as = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers = {},
  ) => call(t.app, { method, url, body, cookie: org.cookie, headers });
  const ok = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    headers = {},
  ) => {
    const res = await as(method, url, body, headers);
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : res.json();
  };
  const product = async (sku: string, stockTracked = true) =>
    (
      await ok('POST', '/api/v1/products', {
        sku,
        nameFa: `کالا ${sku}`,
        unit: 'عدد',
        basePrice: '1000',
        stockTracked,
      })
    ).id as string;
  const level = async (productId: string, warehouseId: string) => {
    const page = await ok('GET', `/api/v1/stock?productId=${productId}&warehouseId=${warehouseId}`);
    return (page.items[0]?.quantity as string | undefined) ?? '0';
  };
  const ledgerCount = async () =>
    (await ok('GET', '/api/v1/stock/movements?limit=1&total=true')).total as number;
  const inOrg = <T>(fn: (tx: Transaction) => Promise<T>) => inTenant(t.db, org.tenantId, fn);

  beforeAll(async () => {
    t = await startTestApp(engine);
    org = await signupOrg(t.app, 'Stock');
    buyer = await addMember(t.app, org.cookie, 'agent');
    ctx = {
      actor: {
        kind: 'user',
        userId: org.userId,
        tenantId: org.tenantId,
        role: { id: org.userId, key: 'owner', ...builtinRole('owner') },
        teamIds: [],
      },
      requestId: 'inventory-test',
    };
    const warehouses = await ok('GET', '/api/v1/warehouses');
    expect(warehouses.items).toEqual([expect.objectContaining({ name: 'انبار اصلی', isDefault: true })]);
    main = warehouses.items[0].id;
    second = (await ok('POST', '/api/v1/warehouses', { name: 'انبار دوم' })).id;
    bolt = await product('BOLT');
    nut = await product('NUT');
    fitting = await product('FIT', false);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it('keeps one default warehouse; the default and a warehouse that held stock cannot be deleted', async () => {
    const spare = await ok('POST', '/api/v1/warehouses', { name: 'انبار موقت', isDefault: true });
    expect((await ok('GET', `/api/v1/warehouses/${main}`)).isDefault).toBe(false);
    expect((await as('DELETE', `/api/v1/warehouses/${spare.id}`)).statusCode).toBe(409);
    await ok('PATCH', `/api/v1/warehouses/${main}`, { isDefault: true }, { 'if-match': '2' });
    const all = await ok('GET', '/api/v1/warehouses');
    expect(
      all.items.filter((w: { isDefault: boolean }) => w.isDefault).map((w: { id: string }) => w.id),
    ).toEqual([main]);
    const taken = await as('POST', '/api/v1/warehouses', { name: 'انبار دوم' });
    expect([taken.statusCode, taken.json().errors[0].path]).toEqual([422, 'name']);
    await ok('DELETE', `/api/v1/warehouses/${spare.id}`);
  });

  it('receives a purchase order in parts: stock, statuses, and a refused over-receipt writes nothing', async () => {
    const vendor = await ok('POST', '/api/v1/vendors', { name: 'پخش آهن', phone: '02112345678' });
    const po = await ok('POST', '/api/v1/purchase-orders', {
      vendorId: vendor.id,
      lines: [
        { productId: bolt, quantity: '10', unitCost: '500' },
        { productId: fitting, quantity: '2', unitCost: '90' },
      ],
    });
    expect(po).toMatchObject({ status: 'draft', warehouseId: main, currency: 'IRR' });
    const early = await as('POST', `/api/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 0, quantity: '1' }],
    });
    expect(early.statusCode).toBe(409);
    const badLine = await as('PATCH', `/api/v1/purchase-orders/${po.id}`, {
      lines: [{ productId: newId(), quantity: '1', unitCost: '1' }],
    });
    expect([badLine.statusCode, badLine.json().errors[0].path]).toEqual([422, 'lines.0.productId']);
    expect((await ok('GET', `/api/v1/purchase-orders/${po.id}`)).lines).toHaveLength(2);
    const stale = await as(
      'PATCH',
      `/api/v1/purchase-orders/${po.id}`,
      { status: 'ordered' },
      { 'if-match': '9' },
    );
    expect(stale.statusCode).toBe(409);
    await ok('PATCH', `/api/v1/purchase-orders/${po.id}`, { status: 'ordered' }, { 'if-match': '1' });

    const first = await ok('POST', `/api/v1/purchase-orders/${po.id}/receipts`, {
      lines: [
        { lineNo: 0, quantity: '6' },
        { lineNo: 1, quantity: '2' },
      ],
    });
    expect(first.order.status).toBe('partly_received');
    expect(first.order.lines.map((l: { receivedQuantity: string }) => l.receivedQuantity)).toEqual([
      '6',
      '2',
    ]);
    expect(await level(bolt, main)).toBe('6');
    // The service line is received on the order but moves no stock: it is not stock-tracked.
    expect(await level(fitting, main)).toBe('0');

    const before = await ledgerCount();
    const over = await as('POST', `/api/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 0, quantity: '5' }],
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors).toEqual([
      expect.objectContaining({ path: 'lines.0.quantity', code: 'over_received' }),
    ]);
    const bad = await as('POST', `/api/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 0, quantity: '1.23456' }],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toBe('lines.0.quantity');
    expect(await ledgerCount()).toBe(before);
    expect(await level(bolt, main)).toBe('6');

    const rest = await ok('POST', `/api/v1/purchase-orders/${po.id}/receipts`, {
      lines: [{ lineNo: 0, quantity: '4' }],
    });
    expect(rest.order.status).toBe('received');
    expect(await level(bolt, main)).toBe('10');
    const receipts = await ok('GET', `/api/v1/stock/movements?documentType=goods_receipt&productId=${bolt}`);
    expect(receipts.items.map((m: { quantity: string }) => m.quantity).sort()).toEqual(['4', '6']);
    // Each receipt's movements name the order they were received against; other documents none.
    expect(receipts.items.map((m: { purchaseOrderId: string }) => m.purchaseOrderId)).toEqual([po.id, po.id]);
    expect((await as('DELETE', `/api/v1/vendors/${vendor.id}`)).statusCode).toBe(409);
  });

  it('transfers between warehouses all or none, and refuses taking more than is there', async () => {
    const done = await ok('POST', '/api/v1/stock/transfers', {
      fromWarehouseId: main,
      toWarehouseId: second,
      lines: [{ productId: bolt, quantity: '3' }],
    });
    expect(done.movements.map((m: { reason: string; quantity: string }) => [m.reason, m.quantity])).toEqual([
      ['transfer_out', '-3'],
      ['transfer_in', '3'],
    ]);
    expect([await level(bolt, main), await level(bolt, second)]).toEqual(['7', '3']);
    // Audited and announced in the same transaction.
    const { rows: written } = await t.db.query<{ audits: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM audit_log WHERE entity = 'stock_transfer' AND entity_id = $1 AND actor_id = $2) AS audits,
              (SELECT count(*)::int FROM outbox_events WHERE type = 'stock.moved' AND payload->>'documentId' = $1) AS events`,
      [done.documentId, org.userId],
    );
    expect(written[0]).toEqual({ audits: 1, events: 1 });
    // A retried transfer with the same Idempotency-Key answers the first one again and moves nothing more.
    const retry = async () =>
      (
        await ok(
          'POST',
          '/api/v1/stock/transfers',
          { fromWarehouseId: main, toWarehouseId: second, lines: [{ productId: bolt, quantity: '1' }] },
          { 'idempotency-key': 'transfer-once' },
        )
      ).documentId;
    expect(await retry()).toBe(await retry());
    await ok('POST', '/api/v1/stock/transfers', {
      fromWarehouseId: second,
      toWarehouseId: main,
      lines: [{ productId: bolt, quantity: '1' }],
    });
    expect([await level(bolt, main), await level(bolt, second)]).toEqual(['7', '3']);

    const before = await ledgerCount();
    const short = await as('POST', '/api/v1/stock/transfers', {
      fromWarehouseId: second,
      toWarehouseId: main,
      lines: [
        { productId: bolt, quantity: '1' },
        { productId: nut, quantity: '1' },
      ],
    });
    expect(short.statusCode).toBe(409);
    expect(short.json().errors).toEqual([
      expect.objectContaining({ path: 'lines.1.quantity', code: 'insufficient_stock' }),
    ]);
    const cases: [unknown, string][] = [
      [
        { fromWarehouseId: main, toWarehouseId: main, lines: [{ productId: bolt, quantity: '1' }] },
        'toWarehouseId',
      ],
      [
        { fromWarehouseId: main, toWarehouseId: newId(), lines: [{ productId: bolt, quantity: '1' }] },
        'toWarehouseId',
      ],
      [
        { fromWarehouseId: main, toWarehouseId: second, lines: [{ productId: bolt, quantity: '-1' }] },
        'lines.0.quantity',
      ],
      [
        { fromWarehouseId: main, toWarehouseId: second, lines: [{ productId: bolt, quantity: 2 }] },
        'lines.0.quantity',
      ],
      [
        { fromWarehouseId: main, toWarehouseId: second, lines: [{ productId: newId(), quantity: '1' }] },
        'lines.0.productId',
      ],
      [
        { fromWarehouseId: main, toWarehouseId: second, lines: [{ productId: fitting, quantity: '1' }] },
        'lines.0.productId',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await as('POST', '/api/v1/stock/transfers', body);
      expect([res.statusCode, res.json().errors?.[0]?.path]).toEqual([422, path]);
    }
    expect(await ledgerCount()).toBe(before);
    expect([await level(bolt, main), await level(bolt, second), await level(nut, second)]).toEqual([
      '7',
      '3',
      '0',
    ]);
  });

  it('adjusts stock to a stocktake count with a reason', async () => {
    const noReason = await as('POST', '/api/v1/stock/adjustments', {
      warehouseId: second,
      reason: ' ',
      lines: [{ productId: bolt, countedQuantity: '1' }],
    });
    expect([noReason.statusCode, noReason.json().errors[0].path]).toEqual([422, 'reason']);
    const take = await ok('POST', '/api/v1/stock/adjustments', {
      warehouseId: second,
      reason: 'دو عدد آسیب‌دیده',
      lines: [
        { productId: bolt, countedQuantity: '1' },
        { productId: nut, countedQuantity: '0' },
      ],
    });
    // The nut's count equals its level: no movement for it.
    expect(take.movements).toEqual([
      expect.objectContaining({
        productId: bolt,
        quantity: '-2',
        reason: 'adjustment',
        note: 'دو عدد آسیب‌دیده',
      }),
    ]);
    expect(await level(bolt, second)).toBe('1');
  });

  it('moveStock for an invoice: untracked lines move nothing, a return puts stock back, bad lines name the field', async () => {
    const invoice = newId();
    const moved = await inOrg((tx) =>
      moveStock(tx, ctx, { type: 'invoice', id: invoice }, [
        { productId: fitting, warehouseId: main, quantity: '-5', reason: 'issue' },
        { productId: bolt, warehouseId: main, quantity: '-2', reason: 'issue' },
      ]),
    );
    expect(moved).toEqual([
      expect.objectContaining({ productId: bolt, quantity: '-2', documentId: invoice }),
    ]);
    await inOrg((tx) =>
      moveStock(tx, ctx, { type: 'invoice', id: invoice }, [
        { productId: bolt, warehouseId: main, quantity: '2', reason: 'return' },
      ]),
    );
    expect(await level(bolt, main)).toBe('7');
    const refused = (lines: StockLine[]) =>
      inOrg((tx) => moveStock(tx, ctx, { type: 'invoice', id: invoice }, lines)).then(
        () => null,
        (e: { status: number; errors: { path: string; code: string }[] }) => [
          e.status,
          e.errors[0]?.path,
          e.errors[0]?.code,
        ],
      );
    expect(await refused([{ productId: bolt, warehouseId: main, quantity: '2', reason: 'issue' }])).toEqual([
      422,
      'lines.0.quantity',
      'wrong_sign',
    ]);
    expect(
      await refused([{ productId: bolt, warehouseId: newId(), quantity: '-1', reason: 'issue' }]),
    ).toEqual([422, 'lines.0.warehouseId', 'not_found']);
    expect(await refused([{ productId: bolt, warehouseId: main, quantity: '-8', reason: 'issue' }])).toEqual([
      409,
      'lines.0.quantity',
      'insufficient_stock',
    ]);
  });

  it('raises one notification and one task for the buyer when stock falls to the threshold, again only after it recovers', async () => {
    const alerts = async () => {
      const { rows } = await t.db.query<{ n: number; tasks: number }>(
        `SELECT (SELECT count(*)::int FROM notifications WHERE user_id = $1 AND kind = 'stock_low') AS n,
                (SELECT count(*)::int FROM tasks WHERE assignee_id = $1) AS tasks`,
        [buyer.userId],
      );
      return rows[0];
    };
    const bad = await as('PUT', `/api/v1/low-stock-thresholds/${nut}`, { threshold: '2', buyerId: newId() });
    expect([bad.statusCode, bad.json().errors[0].path]).toEqual([422, 'buyerId']);
    await ok('PUT', `/api/v1/low-stock-thresholds/${bolt}`, { threshold: '5', buyerId: buyer.userId });
    expect(await alerts()).toEqual({ n: 0, tasks: 0 });
    const take = (quantity: string) =>
      inOrg((tx) =>
        moveStock(tx, ctx, { type: 'invoice', id: newId() }, [
          {
            productId: bolt,
            warehouseId: main,
            quantity,
            reason: quantity.startsWith('-') ? 'issue' : 'return',
          },
        ]),
      );
    await take('-2'); // main 5, second 1: total 6
    expect(await alerts()).toEqual({ n: 0, tasks: 0 });
    await take('-1'); // total 5: at the threshold
    expect(await alerts()).toEqual({ n: 1, tasks: 1 });
    await take('-1'); // still low: no second alert
    expect(await alerts()).toEqual({ n: 1, tasks: 1 });
    expect((await ok('GET', `/api/v1/low-stock-thresholds/${bolt}`)).alertedAt).not.toBeNull();
    await take('3'); // total 7: recovered
    expect((await ok('GET', `/api/v1/low-stock-thresholds/${bolt}`)).alertedAt).toBeNull();
    await take('-3');
    expect(await alerts()).toEqual({ n: 2, tasks: 2 });
    const events = await t.db.query<{ type: string }>(
      `SELECT type FROM outbox_events WHERE type IN ('stock.low', 'stock.restocked') AND payload->>'productId' = $1
       ORDER BY created_at, id`,
      [bolt],
    );
    expect(events.rows.map((e) => e.type)).toEqual(['stock.low', 'stock.restocked', 'stock.low']);
    const task = await t.db.query<{ title: string }>(
      `SELECT title FROM tasks WHERE assignee_id = $1 LIMIT 1`,
      [buyer.userId],
    );
    expect(task.rows[0]?.title).toContain('BOLT');
  });

  it('keeps every level equal to the sum of its ledger over many random movements, refusals included', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)] as T;
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      const lines: StockLine[] = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const amount = (1 + Math.floor(random() * 40) / 4).toString();
        const out = random() < 0.5;
        return {
          productId: pick([bolt, nut]),
          warehouseId: pick([main, second]),
          quantity: out ? `-${amount}` : amount,
          reason: out ? 'issue' : 'receipt',
        };
      });
      await inOrg((tx) => moveStock(tx, ctx, { type: 'invoice', id: newId() }, lines)).catch(
        (e: { status: number }) => {
          expect(e.status).toBe(409);
          refused += 1;
        },
      );
    }
    expect(refused).toBeGreaterThan(0);
    const { rows } = await t.db.query<{ level: string; ledger: string | null }>(
      `SELECT l.quantity AS level, (SELECT sum(m.quantity) FROM stock_movements m WHERE m.tenant_id = l.tenant_id
         AND m.product_id = l.product_id AND m.warehouse_id = l.warehouse_id) AS ledger
       FROM stock_levels l WHERE l.tenant_id = $1`,
      [org.tenantId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) expect(Number(r.level)).toBe(Number(r.ledger ?? 0));
    expect(rows.every((r) => Number(r.level) >= 0)).toBe(true);
  });

  it('lists the ledger in keyset pages and describes its fields', async () => {
    const first = await ok('GET', '/api/v1/stock/movements?limit=2&sort=createdAt');
    expect(first.items).toHaveLength(2);
    const next = await ok('GET', `/api/v1/stock/movements?limit=2&sort=createdAt&cursor=${first.nextCursor}`);
    expect(next.items[0].id).not.toBe(first.items[1].id);
    expect(next.items[0].createdAt >= first.items[1].createdAt).toBe(true);
    const fields = await ok('GET', '/api/v1/stock/movements/fields');
    expect(fields.items.map((f: { name: string }) => f.name)).toContain('reason');
    // Levels page one row at a time over every product and warehouse, none skipped or repeated.
    const all = await ok('GET', '/api/v1/stock?limit=200&total=true');
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await ok('GET', `/api/v1/stock?limit=1&sort=-quantity${cursor && `&cursor=${cursor}`}`);
      seen.push(
        ...page.items.map(
          (l: { productId: string; warehouseId: string }) => `${l.productId}/${l.warehouseId}`,
        ),
      );
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(seen.length).toBe(all.total);
    expect(new Set(seen).size).toBe(all.total);
    const badSort = await as('GET', '/api/v1/stock/movements?sort=nope');
    expect(badSort.statusCode).toBe(422);
  });

  it('lists levels with their product, its total and threshold, searchable by SKU or name', async () => {
    const gear = await product('GEAR-9');
    await ok('POST', '/api/v1/stock/adjustments', {
      warehouseId: main,
      reason: 'شمارش اول',
      lines: [{ productId: gear, countedQuantity: '7' }],
    });
    await ok('POST', '/api/v1/stock/transfers', {
      fromWarehouseId: main,
      toWarehouseId: second,
      lines: [{ productId: gear, quantity: '2.5' }],
    });
    await ok('PUT', `/api/v1/low-stock-thresholds/${gear}`, { threshold: '8' });
    // The SKU in any case, or a word of the Persian name, finds only that product's rows.
    for (const q of ['gear-9', 'کالا GEAR']) {
      const page = await ok('GET', `/api/v1/stock?q=${encodeURIComponent(q)}&sort=quantity&total=true`);
      expect(page.total).toBe(2);
      expect(page.items).toEqual([
        expect.objectContaining({
          warehouseId: second,
          quantity: '2.5',
          productQuantity: '7',
          threshold: '8',
        }),
        expect.objectContaining({ warehouseId: main, quantity: '4.5', sku: 'GEAR-9', nameFa: 'کالا GEAR-9' }),
      ]);
    }
    // By SKU, one row a page: the keyset over a joined product's column skips and repeats nothing.
    const skus: string[] = [];
    let cursor = '';
    do {
      const page = await ok('GET', `/api/v1/stock?limit=1&sort=-sku${cursor && `&cursor=${cursor}`}`);
      skus.push(...page.items.map((l: { sku: string }) => l.sku));
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(skus).toEqual([...skus].sort().reverse());
    expect(skus.filter((sku) => sku === 'GEAR-9')).toHaveLength(2);
    const none = await ok('GET', '/api/v1/stock?q=nothing-like-it&total=true');
    expect(none.total).toBe(0);
    const movements = await ok('GET', `/api/v1/stock/movements?productId=${gear}&sort=createdAt`);
    expect(movements.items.every((m: { purchaseOrderId: string | null }) => m.purchaseOrderId === null)).toBe(
      true,
    );
    expect(movements.items.map((m: { reason: string; sku: string }) => [m.reason, m.sku])).toEqual([
      ['adjustment', 'GEAR-9'],
      ['transfer_out', 'GEAR-9'],
      ['transfer_in', 'GEAR-9'],
    ]);
  });

  it('gives organisations that existed before it the same inventory rights as code gives new ones', async () => {
    const migration = readFileSync(new URL('./migrations/0110_inventory.sql', import.meta.url), 'utf8');
    const grant = migration.slice(migration.indexOf('UPDATE roles'));
    // Play an organisation from before the migration: its built-in roles know nothing of inventory.
    await t.db.query(`UPDATE roles SET rights = rights - 'inventory' WHERE tenant_id = $1`, [org.tenantId]);
    await t.db.exec(grant);
    const { rows } = await t.db.query<{ key: BuiltinRoleKey; rights: Record<string, string[]> }>(
      `SELECT key, rights FROM roles WHERE tenant_id = $1 AND builtin`,
      [org.tenantId],
    );
    expect(rows).toHaveLength(5);
    for (const r of rows)
      expect([r.key, r.rights.inventory]).toEqual([r.key, builtinRole(r.key).rights.inventory]);
  });

  it.skipIf(engine === 'pglite')(
    // PGlite has one connection: its transactions run one after another and cannot race.
    'of two transactions taking the last unit on parallel connections, exactly one succeeds unless negative stock is allowed',
    async () => {
      const last = await product(`LAST-${newId()}`.slice(0, 30));
      const take = () => ({ productId: last, warehouseId: main, quantity: '-1', reason: 'issue' as const });
      const race = async () => {
        await inOrg((tx) =>
          moveStock(tx, ctx, { type: 'goods_receipt', id: newId() }, [
            { productId: last, warehouseId: main, quantity: '1', reason: 'receipt' },
          ]),
        );
        // The first holds the level row until the second is seen waiting for it on its own connection.
        let release: () => void = () => {};
        const holding = new Promise<void>((resolve) => {
          release = resolve;
        });
        let locked: () => void = () => {};
        const firstLocked = new Promise<void>((resolve) => {
          locked = resolve;
        });
        const first = inOrg(async (tx) => {
          await moveStock(tx, ctx, { type: 'invoice', id: newId() }, [take()]);
          locked();
          await holding;
        });
        await firstLocked;
        const second = inOrg((tx) => moveStock(tx, ctx, { type: 'invoice', id: newId() }, [take()]));
        for (let look = 0; ; look++) {
          const { rows } = await t.db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (rows[0]?.n) break;
          if (look > 5000) throw new Error('The second transaction never waited for the first');
        }
        release();
        return Promise.allSettled([first, second]);
      };
      const [a, b] = await race();
      expect(a.status).toBe('fulfilled');
      expect(b.status).toBe('rejected');
      expect(b.status === 'rejected' && (b.reason as { status: number }).status).toBe(409);
      expect(await level(last, main)).toBe('0');

      // Many at once (no choreography): still exactly one.
      await inOrg((tx) =>
        moveStock(tx, ctx, { type: 'goods_receipt', id: newId() }, [
          { productId: last, warehouseId: main, quantity: '1', reason: 'receipt' },
        ]),
      );
      const many = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          inOrg((tx) => moveStock(tx, ctx, { type: 'invoice', id: newId() }, [take()])),
        ),
      );
      expect(many.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await level(last, main)).toBe('0');

      await ok('PATCH', '/api/v1/inventory-settings', { allowNegativeStock: true });
      const [c, d] = await race();
      expect([c.status, d.status]).toEqual(['fulfilled', 'fulfilled']);
      expect(await level(last, main)).toBe('-1');
      await ok('PATCH', '/api/v1/inventory-settings', { allowNegativeStock: false });
    },
  );
});

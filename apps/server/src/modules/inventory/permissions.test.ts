import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  assertPermissionMatrix,
  buildWorld,
  type Member,
  type Relation,
  type RouteCase,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';
import { expectOtherTenantNotFound } from '../interactions/test-support.js';

// Every inventory endpoint × built-in role, on the organisation's own records and on another
// organisation's (404, or 422 naming the field where the id is in the body). Inventory records have no
// owner, so the role's scope plays no part: everyone reads, managers and above keep stock, owners and
// administrators change the settings.
describe.each(testEngines())('permission matrix of inventory on %s', (engine) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  // Records written straight to their tables in the owner's organisation.
  const q = (text: string, values: unknown[]) => t.db.query(text, values);
  const defaultWarehouse = async (owner: Member) =>
    (
      await t.db.query<{ id: string }>(`SELECT id FROM warehouses WHERE tenant_id = $1 AND is_default`, [
        owner.tenantId,
      ])
    ).rows[0]?.id as string;
  const warehouse = async (owner: Member) => {
    const id = newId();
    await q(`INSERT INTO warehouses (tenant_id, id, name) VALUES ($1, $2, $3)`, [
      owner.tenantId,
      id,
      `W ${id}`,
    ]);
    return id;
  };
  /** A stock-tracked product with 100 in the default warehouse (a receipt in the ledger). */
  const product = async (owner: Member) => {
    const id = newId();
    await q(
      `INSERT INTO products (tenant_id, id, kind, sku, name_fa, unit, base_price, currency, tax_class_id, stock_tracked)
       SELECT $1, $2, 'good', upper($3), $3, 'عدد', 1000, 'IRR', id, true FROM tax_classes WHERE tenant_id = $1 AND is_default`,
      [owner.tenantId, id, `p-${id}`],
    );
    const w = await defaultWarehouse(owner);
    await q(
      `INSERT INTO stock_levels (tenant_id, product_id, warehouse_id, quantity) VALUES ($1, $2, $3, 100)`,
      [owner.tenantId, id, w],
    );
    await q(
      `INSERT INTO stock_movements (tenant_id, id, product_id, warehouse_id, quantity, reason, document_type, document_id)
       VALUES ($1, $2, $3, $4, 100, 'receipt', 'goods_receipt', $5)`,
      [owner.tenantId, newId(), id, w, newId()],
    );
    return id;
  };
  const vendor = async (owner: Member) => {
    const id = newId();
    await q(`INSERT INTO vendors (tenant_id, id, name) VALUES ($1, $2, $3)`, [owner.tenantId, id, `V ${id}`]);
    return id;
  };
  const order = async (owner: Member, status: 'draft' | 'ordered') => {
    const id = newId();
    await q(
      `INSERT INTO purchase_orders (tenant_id, id, vendor_id, warehouse_id, status, currency, created_by)
       VALUES ($1, $2, $3, $4, $5, 'IRR', $6)`,
      [owner.tenantId, id, await vendor(owner), await defaultWarehouse(owner), status, owner.userId],
    );
    await q(
      `INSERT INTO purchase_order_lines (tenant_id, purchase_order_id, line_no, product_id, quantity, unit_cost)
       VALUES ($1, $2, 0, $3, 5, 100)`,
      [owner.tenantId, id, await product(owner)],
    );
    return id;
  };
  const threshold = async (owner: Member) => {
    const id = await product(owner);
    await q(
      `INSERT INTO low_stock_thresholds (tenant_id, product_id, threshold, created_by) VALUES ($1, $2, 1, $3)`,
      [owner.tenantId, id, owner.userId],
    );
    return id;
  };

  const readers = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
  const keepers = rolesMay('owner', 'admin', 'manager');
  const own: readonly Relation[] = ['own'];
  const both: readonly Relation[] = ['own', 'otherTenant'];
  const get = (route: string, url: (owner: Member) => Promise<string>, relations = both): RouteCase => ({
    route,
    relations: [...relations],
    allowed: readers,
    request: async (_a, owner) => ({ method: 'GET', url: await url(owner) }),
  });

  const cases: RouteCase[] = [
    get('GET /api/v1/warehouses', async () => '/api/v1/warehouses', own),
    {
      route: 'POST /api/v1/warehouses',
      relations: [...own],
      allowed: keepers,
      request: async () => ({ method: 'POST', url: '/api/v1/warehouses', body: { name: `W ${newId()}` } }),
    },
    get('GET /api/v1/warehouses/:id', async (o) => `/api/v1/warehouses/${await warehouse(o)}`),
    {
      route: 'PATCH /api/v1/warehouses/:id',
      relations: [...both],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'PATCH',
        url: `/api/v1/warehouses/${await warehouse(o)}`,
        body: { address: 'x' },
      }),
    },
    {
      route: 'DELETE /api/v1/warehouses/:id',
      relations: [...both],
      allowed: keepers,
      request: async (_a, o) => ({ method: 'DELETE', url: `/api/v1/warehouses/${await warehouse(o)}` }),
    },
    get('GET /api/v1/stock', async (o) => `/api/v1/stock?productId=${await product(o)}`, own),
    get('GET /api/v1/stock/movements', async () => '/api/v1/stock/movements', own),
    get('GET /api/v1/stock/movements/fields', async () => '/api/v1/stock/movements/fields', own),
    {
      route: 'POST /api/v1/stock/transfers',
      relations: [...own],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'POST',
        url: '/api/v1/stock/transfers',
        body: {
          fromWarehouseId: await defaultWarehouse(o),
          toWarehouseId: await warehouse(o),
          lines: [{ productId: await product(o), quantity: '1' }],
        },
      }),
    },
    {
      route: 'POST /api/v1/stock/adjustments',
      relations: [...own],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'POST',
        url: '/api/v1/stock/adjustments',
        body: {
          warehouseId: await defaultWarehouse(o),
          reason: 'شمارش',
          lines: [{ productId: await product(o), countedQuantity: '99' }],
        },
      }),
    },
    get('GET /api/v1/inventory-settings', async () => '/api/v1/inventory-settings', own),
    {
      route: 'PATCH /api/v1/inventory-settings',
      relations: [...own],
      allowed: rolesMay('owner', 'admin'),
      request: async () => ({
        method: 'PATCH',
        url: '/api/v1/inventory-settings',
        body: { allowNegativeStock: false },
      }),
    },
    get('GET /api/v1/low-stock-thresholds', async () => '/api/v1/low-stock-thresholds', own),
    get(
      'GET /api/v1/low-stock-thresholds/:productId',
      async (o) => `/api/v1/low-stock-thresholds/${await threshold(o)}`,
    ),
    {
      route: 'PUT /api/v1/low-stock-thresholds/:productId',
      relations: [...both],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'PUT',
        url: `/api/v1/low-stock-thresholds/${await product(o)}`,
        body: { threshold: '3' },
      }),
    },
    {
      route: 'DELETE /api/v1/low-stock-thresholds/:productId',
      relations: [...both],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'DELETE',
        url: `/api/v1/low-stock-thresholds/${await threshold(o)}`,
      }),
    },
    get('GET /api/v1/vendors', async () => '/api/v1/vendors', own),
    {
      route: 'POST /api/v1/vendors',
      relations: [...own],
      allowed: keepers,
      request: async () => ({ method: 'POST', url: '/api/v1/vendors', body: { name: `V ${newId()}` } }),
    },
    get('GET /api/v1/vendors/:id', async (o) => `/api/v1/vendors/${await vendor(o)}`),
    {
      route: 'PATCH /api/v1/vendors/:id',
      relations: [...both],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'PATCH',
        url: `/api/v1/vendors/${await vendor(o)}`,
        body: { phone: '021' },
      }),
    },
    {
      route: 'DELETE /api/v1/vendors/:id',
      relations: [...both],
      allowed: keepers,
      request: async (_a, o) => ({ method: 'DELETE', url: `/api/v1/vendors/${await vendor(o)}` }),
    },
    get('GET /api/v1/purchase-orders', async () => '/api/v1/purchase-orders', own),
    get('GET /api/v1/purchase-orders/fields', async () => '/api/v1/purchase-orders/fields', own),
    {
      route: 'POST /api/v1/purchase-orders',
      relations: [...own],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'POST',
        url: '/api/v1/purchase-orders',
        body: {
          vendorId: await vendor(o),
          lines: [{ productId: await product(o), quantity: '2', unitCost: '10' }],
        },
      }),
    },
    get('GET /api/v1/purchase-orders/:id', async (o) => `/api/v1/purchase-orders/${await order(o, 'draft')}`),
    {
      route: 'PATCH /api/v1/purchase-orders/:id',
      relations: [...both],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'PATCH',
        url: `/api/v1/purchase-orders/${await order(o, 'draft')}`,
        body: { status: 'ordered' },
      }),
    },
    {
      route: 'POST /api/v1/purchase-orders/:id/receipts',
      relations: [...both],
      allowed: keepers,
      request: async (_a, o) => ({
        method: 'POST',
        url: `/api/v1/purchase-orders/${await order(o, 'ordered')}/receipts`,
        body: { lines: [{ lineNo: 0, quantity: '2' }] },
      }),
    },
  ];

  it('every route', async () => {
    await assertPermissionMatrix(world, cases);
    await expectOtherTenantNotFound(world, cases);
  });

  it("never moves another organisation's stock or names its records: they are unknown (422 naming the field)", async () => {
    const mine = world.members.owner;
    const theirs = world.stranger;
    const tries: [string, unknown, string][] = [
      [
        '/api/v1/stock/transfers',
        {
          fromWarehouseId: await defaultWarehouse(theirs),
          toWarehouseId: await defaultWarehouse(mine),
          lines: [{ productId: await product(mine), quantity: '1' }],
        },
        'fromWarehouseId',
      ],
      [
        '/api/v1/stock/transfers',
        {
          fromWarehouseId: await defaultWarehouse(mine),
          toWarehouseId: await warehouse(mine),
          lines: [{ productId: await product(theirs), quantity: '1' }],
        },
        'lines.0.productId',
      ],
      [
        '/api/v1/stock/adjustments',
        {
          warehouseId: await defaultWarehouse(theirs),
          reason: 'x',
          lines: [{ productId: await product(mine), countedQuantity: '1' }],
        },
        'warehouseId',
      ],
      [
        '/api/v1/purchase-orders',
        {
          vendorId: await vendor(theirs),
          lines: [{ productId: await product(mine), quantity: '1', unitCost: '1' }],
        },
        'vendorId',
      ],
    ];
    for (const [url, body, path] of tries) {
      const res = await call(t.app, { method: 'POST', url, body, cookie: mine.cookie });
      expect([url, res.statusCode, res.json().errors?.[0]?.path]).toEqual([url, 422, path]);
    }
    const stock = await call(t.app, {
      method: 'GET',
      url: `/api/v1/stock?productId=${await product(theirs)}`,
      cookie: mine.cookie,
    });
    expect(stock.json().items).toEqual([]);
  });
});

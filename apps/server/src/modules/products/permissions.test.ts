import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  assertPermissionMatrix,
  buildWorld,
  type Member,
  type RouteCase,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';
import { expectOtherTenantNotFound } from '../interactions/test-support.js';

type Kind = 'tax-classes' | 'product-categories' | 'products' | 'customer-groups' | 'price-lists';

// Every catalogue endpoint × built-in role, on the organisation's own records and on another
// organisation's (always 404). Catalogue records have no owner, so the role's scope plays no part:
// everyone reads, managers, administrators and owners write.
describe.each(testEngines())('permission matrix of the product catalogue on %s', (engine) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  /** A record of `kind` in the owner's organisation, written straight to its table. */
  const fresh = async (kind: Kind, owner: Member) => {
    const id = newId();
    const name = `${kind}-${id}`;
    const insert: Record<Kind, string> = {
      'tax-classes': `INSERT INTO tax_classes (tenant_id, id, name, rate) VALUES ($1, $2, $3, 5)`,
      'product-categories': `INSERT INTO product_categories (tenant_id, id, name_fa) VALUES ($1, $2, $3)`,
      products: `INSERT INTO products (tenant_id, id, kind, sku, name_fa, unit, base_price, currency, tax_class_id)
        SELECT $1, $2, 'good', upper($3), $3, 'عدد', 1000, 'IRR', id FROM tax_classes WHERE tenant_id = $1 AND is_default`,
      'customer-groups': `INSERT INTO customer_groups (tenant_id, id, name) VALUES ($1, $2, $3)`,
      'price-lists': `INSERT INTO price_lists (tenant_id, id, name, currency) VALUES ($1, $2, $3, 'IRR')`,
    };
    await t.db.query(insert[kind], [owner.tenantId, id, name]);
    return id;
  };

  const readers = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
  const keepers = rolesMay('owner', 'admin', 'manager');
  const created: Record<Kind, () => unknown> = {
    'tax-classes': () => ({ name: `نرخ ${newId()}`, rate: '9' }),
    'product-categories': () => ({ nameFa: `گروه ${newId()}` }),
    products: () => ({ sku: `P-${newId()}`.slice(0, 40), nameFa: 'کالا', unit: 'عدد', basePrice: '1000' }),
    'customer-groups': () => ({ name: `گروه ${newId()}` }),
    'price-lists': () => ({ name: `فهرست ${newId()}`, currency: 'IRR' }),
  };
  const patched: Record<Kind, () => unknown> = {
    'tax-classes': () => ({ rate: '7' }),
    'product-categories': () => ({ nameEn: 'Renamed' }),
    products: () => ({ unit: 'جعبه' }),
    'customer-groups': () => ({ name: `گروه ${newId()}` }),
    'price-lists': () => ({ validTo: '2030-01-01' }),
  };

  const crud = (kind: Kind): RouteCase[] => [
    {
      route: `GET /api/v1/${kind}`,
      relations: ['own'],
      allowed: readers,
      request: async () => ({ method: 'GET', url: `/api/v1/${kind}` }),
    },
    {
      route: `POST /api/v1/${kind}`,
      relations: ['own'],
      allowed: keepers,
      request: async () => ({ method: 'POST', url: `/api/v1/${kind}`, body: created[kind]() }),
    },
    {
      route: `GET /api/v1/${kind}/:id`,
      relations: ['own', 'otherTenant'],
      allowed: readers,
      request: async (_actor, owner) => ({
        method: 'GET',
        url: `/api/v1/${kind}/${await fresh(kind, owner)}`,
      }),
    },
    {
      route: `PATCH /api/v1/${kind}/:id`,
      relations: ['own', 'otherTenant'],
      allowed: keepers,
      request: async (_actor, owner) => ({
        method: 'PATCH',
        url: `/api/v1/${kind}/${await fresh(kind, owner)}`,
        body: patched[kind](),
      }),
    },
    {
      route: `DELETE /api/v1/${kind}/:id`,
      relations: ['own', 'otherTenant'],
      allowed: keepers,
      request: async (_actor, owner) => ({
        method: 'DELETE',
        url: `/api/v1/${kind}/${await fresh(kind, owner)}`,
      }),
    },
  ];

  it('every route', async () => {
    const cases: RouteCase[] = [
      ...(
        ['tax-classes', 'product-categories', 'products', 'customer-groups', 'price-lists'] as const
      ).flatMap(crud),
      {
        route: 'GET /api/v1/products/fields',
        relations: ['own'],
        allowed: readers,
        request: async () => ({ method: 'GET', url: '/api/v1/products/fields' }),
      },
      {
        route: 'POST /api/v1/products/:id/configure',
        relations: ['own', 'otherTenant'],
        allowed: readers,
        request: async (_actor, owner) => ({
          method: 'POST',
          url: `/api/v1/products/${await fresh('products', owner)}/configure`,
          body: { quantity: '2' },
        }),
      },
      {
        route: 'GET /api/v1/prices',
        relations: ['own'],
        allowed: readers,
        request: async (_actor, owner) => ({
          method: 'GET',
          url: `/api/v1/prices?productId=${await fresh('products', owner)}`,
        }),
      },
    ];
    await assertPermissionMatrix(world, cases);
    await expectOtherTenantNotFound(world, cases);
  });

  it("never prices another organisation's product: it is unknown (422 naming productId)", async () => {
    const res = await call(t.app, {
      method: 'GET',
      url: `/api/v1/prices?productId=${await fresh('products', world.stranger)}`,
      cookie: world.members.owner.cookie,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'productId', code: 'not_found' })]);
  });
});

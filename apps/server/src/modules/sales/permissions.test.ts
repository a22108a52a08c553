import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  assertPermissionMatrix,
  buildWorld,
  byScope,
  type Member,
  type Relation,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';

// Every endpoint of the sales module × every built-in role × whose record it is (own, a teammate's,
// another team's, another organisation's). Deals are owned per relation so the agent (own) and
// manager (team) scopes are exercised; the set-up (pipelines, lost reasons) is the admins'.
describe.each(testEngines())('permission matrix of sales on %s', (engine) => {
  let t: TestApp;
  let world: World;
  /** A product of each organisation (by tenant), for deal lines. */
  const products = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
    for (const member of [world.members.owner, world.stranger]) {
      const product = await call(t.app, {
        method: 'POST',
        url: '/api/v1/products',
        cookie: member.cookie,
        body: { sku: `P-${newId()}`, nameFa: 'کالا', unit: 'عدد', basePrice: '1000' },
      });
      products.set(member.tenantId, (product.json() as { id: string }).id);
      const field = await call(t.app, {
        method: 'POST',
        url: '/api/v1/custom-fields',
        cookie: member.cookie,
        body: {
          entity: 'deal',
          key: 'champion',
          labelFa: 'حامی',
          type: 'relation',
          relationEntity: 'contact',
        },
      });
      if (field.statusCode !== 201) throw new Error(field.body);
    }
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const everyRelation: Relation[] = ['own', 'teammate', 'otherTeam', 'otherTenant'];
  const inOrg: Relation[] = ['own', 'otherTenant'];
  const everyone = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
  const admins = rolesMay('owner', 'admin');
  /** The owner of the record's organisation, who creates records there (scope all). */
  const ownerCookie = (owner: Member) =>
    owner.tenantId === world.stranger.tenantId ? world.stranger.cookie : world.members.owner.cookie;

  async function make(owner: Member, url: string, body: unknown): Promise<string> {
    const res = await call(t.app, { method: 'POST', url, cookie: ownerCookie(owner), body });
    if (res.statusCode !== 201) throw new Error(`POST ${url}: ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  }
  const dealOf = (owner: Member) =>
    make(owner, '/api/v1/deals', { title: `فرصت ${newId()}`, ownerId: owner.userId });
  const pipelineOf = (owner: Member) =>
    make(owner, '/api/v1/pipelines', {
      name: `قیف ${newId()}`,
      stages: [
        { name: 'اول', probability: 20 },
        { name: 'برنده', probability: 100, kind: 'won' },
        { name: 'بازنده', probability: 0, kind: 'lost' },
      ],
    });
  const reasonOf = (owner: Member) => make(owner, '/api/v1/lost-reasons', { name: `دلیل ${newId()}` });
  async function binnedDealOf(owner: Member) {
    const id = await dealOf(owner);
    await call(t.app, { method: 'DELETE', url: `/api/v1/deals/${id}`, cookie: ownerCookie(owner) });
    return id;
  }

  it('allows each endpoint exactly to the roles and scopes it should', async () => {
    await assertPermissionMatrix(world, [
      // Set-up: everyone in sales reads it; owners and administrators change it.
      {
        route: 'GET /api/v1/pipelines',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/pipelines' }),
      },
      {
        route: 'GET /api/v1/pipelines/:id',
        relations: inOrg,
        allowed: everyone,
        request: async (_a, owner) => ({
          method: 'GET',
          url: `/api/v1/pipelines/${await pipelineOf(owner)}`,
        }),
      },
      {
        route: 'GET /api/v1/pipelines/:id/totals',
        relations: inOrg,
        allowed: everyone,
        request: async (_a, owner) => ({
          method: 'GET',
          url: `/api/v1/pipelines/${await pipelineOf(owner)}/totals`,
        }),
      },
      {
        route: 'POST /api/v1/pipelines',
        relations: ['own'],
        allowed: admins,
        request: async () => ({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: {
            name: `قیف ${newId()}`,
            stages: [
              { name: 'الف', probability: 10 },
              { name: 'برنده', probability: 100, kind: 'won' },
              { name: 'بازنده', probability: 0, kind: 'lost' },
            ],
          },
        }),
      },
      {
        route: 'PATCH /api/v1/pipelines/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/pipelines/${await pipelineOf(owner)}`,
          body: { name: `قیف ${newId()}` },
        }),
      },
      {
        route: 'DELETE /api/v1/pipelines/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'DELETE',
          url: `/api/v1/pipelines/${await pipelineOf(owner)}`,
        }),
      },
      {
        route: 'GET /api/v1/lost-reasons',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/lost-reasons' }),
      },
      {
        route: 'POST /api/v1/lost-reasons',
        relations: ['own'],
        allowed: admins,
        request: async () => ({
          method: 'POST',
          url: '/api/v1/lost-reasons',
          body: { name: `دلیل ${newId()}` },
        }),
      },
      {
        route: 'PATCH /api/v1/lost-reasons/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/lost-reasons/${await reasonOf(owner)}`,
          body: { position: 3 },
        }),
      },
      {
        route: 'DELETE /api/v1/lost-reasons/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'DELETE',
          url: `/api/v1/lost-reasons/${await reasonOf(owner)}`,
        }),
      },
      // Deals: by the role's scope over the deal's owner.
      {
        route: 'GET /api/v1/deals',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/deals' }),
      },
      {
        route: 'GET /api/v1/deals/fields',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/deals/fields' }),
      },
      {
        route: 'GET /api/v1/deals?deleted=true',
        relations: ['own'],
        allowed: rolesMay('owner', 'admin', 'manager'),
        request: async () => ({ method: 'GET', url: '/api/v1/deals?deleted=true' }),
      },
      {
        // Another organisation's member is not a member here: 422, so that relation is left out.
        route: 'POST /api/v1/deals',
        relations: ['own', 'teammate', 'otherTeam'],
        allowed: byScope('owner', 'admin', 'manager', 'agent'),
        request: async (_a, owner) => ({
          method: 'POST',
          url: '/api/v1/deals',
          body: { title: `فرصت ${newId()}`, ownerId: owner.userId },
        }),
      },
      {
        route: 'GET /api/v1/deals/:id',
        relations: everyRelation,
        allowed: byScope('owner', 'admin', 'manager', 'agent', 'read_only'),
        request: async (_a, owner) => ({ method: 'GET', url: `/api/v1/deals/${await dealOf(owner)}` }),
      },
      {
        route: 'GET /api/v1/deals/:id/history',
        relations: everyRelation,
        allowed: byScope('owner', 'admin', 'manager', 'agent', 'read_only'),
        request: async (_a, owner) => ({
          method: 'GET',
          url: `/api/v1/deals/${await dealOf(owner)}/history`,
        }),
      },
      {
        route: 'PATCH /api/v1/deals/:id',
        relations: everyRelation,
        allowed: byScope('owner', 'admin', 'manager', 'agent'),
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/deals/${await dealOf(owner)}`,
          body: { amount: '12.5' },
        }),
      },
      {
        route: 'PATCH /api/v1/deals/:id (lines)',
        relations: everyRelation,
        allowed: byScope('owner', 'admin', 'manager', 'agent'),
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/deals/${await dealOf(owner)}`,
          body: { lines: [{ productId: products.get(owner.tenantId), quantity: '2' }] },
        }),
      },
      {
        route: 'DELETE /api/v1/deals/:id',
        relations: everyRelation,
        allowed: byScope('owner', 'admin', 'manager'),
        request: async (_a, owner) => ({ method: 'DELETE', url: `/api/v1/deals/${await dealOf(owner)}` }),
      },
      {
        route: 'POST /api/v1/deals/:id/restore',
        relations: everyRelation,
        allowed: byScope('owner', 'admin', 'manager'),
        request: async (_a, owner) => ({
          method: 'POST',
          url: `/api/v1/deals/${await binnedDealOf(owner)}/restore`,
        }),
      },
      // Reports: over the deals each may see; team performance only for team or organisation scope.
      {
        route: 'GET /api/v1/sales/stages-report',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/sales/stages-report' }),
      },
      {
        route: 'GET /api/v1/sales/forecast',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/sales/forecast?groupBy=owner' }),
      },
      {
        route: 'GET /api/v1/sales/performance',
        relations: ['own'],
        allowed: rolesMay('owner', 'admin', 'manager', 'read_only'),
        request: async () => ({
          method: 'GET',
          url: '/api/v1/sales/performance?from=2026-01-01&to=2026-12-31',
        }),
      },
    ]);
  }, 240_000);

  it("refuses another organisation's products and records in a deal's lines and custom fields: 422, nothing written", async () => {
    const { owner } = world.members;
    const id = await dealOf(owner);
    const contact = await call(t.app, {
      method: 'POST',
      url: '/api/v1/contacts',
      cookie: world.stranger.cookie,
      body: { firstName: 'غریبه' },
    });
    const res = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/deals/${id}`,
      cookie: owner.cookie,
      body: {
        lines: [{ productId: products.get(world.stranger.tenantId), quantity: '1' }],
        custom: { champion: (contact.json() as { id: string }).id },
      },
    });
    expect(res.statusCode, res.body).toBe(422);
    expect((res.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'custom.champion',
      'lines.0.productId',
    ]);
    const deal = await call(t.app, { method: 'GET', url: `/api/v1/deals/${id}`, cookie: owner.cookie });
    expect(deal.json()).toMatchObject({ version: 1, lines: [], custom: {} });
  });
});

import { afterAll, beforeAll, describe, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { type Call, call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  assertPermissionMatrix,
  buildWorld,
  byScope,
  type Member,
  type Relation,
  type RouteCase,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';

// Every endpoint of the billing module × every built-in role × whose document it is (own, a
// teammate's, another team's, another organisation's), on both engines. Documents are owned per
// relation, so the agent (own) and manager (team) scopes are exercised; payments follow their invoice.
describe.each(testEngines())('permission matrix of billing on %s', (engine) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const everyRelation: Relation[] = ['own', 'teammate', 'otherTeam', 'otherTenant'];
  const everyone = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
  const readers = byScope('owner', 'admin', 'manager', 'agent', 'read_only');
  const writers = byScope('owner', 'admin', 'manager', 'agent');
  const ownerCookie = (owner: Member) =>
    owner.tenantId === world.stranger.tenantId ? world.stranger.cookie : world.members.owner.cookie;

  async function as(owner: Member, c: Call): Promise<{ id: string }> {
    const res = await call(t.app, { ...c, cookie: ownerCookie(owner) });
    if (res.statusCode >= 300) throw new Error(`${c.method} ${c.url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  }
  /** The owner's account: a document's account must be one its creator may read. */
  const accounts = new Map<string, string>();
  async function accountOf(owner: Member) {
    const known = accounts.get(owner.userId);
    if (known) return known;
    const { id } = await as(owner, {
      method: 'POST',
      url: '/api/v1/accounts',
      body: { name: `حساب ${owner.userId.slice(-6)}`, ownerId: owner.userId },
    });
    accounts.set(owner.userId, id);
    return id;
  }
  const body = async (owner: Member) => ({
    accountId: await accountOf(owner),
    ownerId: owner.userId,
    lines: [{ description: 'خدمت', quantity: '1', unitPrice: '1000' }],
  });
  const documentOf = async (owner: Member, plural: string) =>
    (await as(owner, { method: 'POST', url: `/api/v1/${plural}`, body: await body(owner) })).id;
  async function moved(owner: Member, plural: string, ...statuses: string[]) {
    const id = await documentOf(owner, plural);
    for (const status of statuses)
      await as(owner, { method: 'PATCH', url: `/api/v1/${plural}/${id}`, body: { status } });
    return id;
  }
  const issuedInvoiceOf = (owner: Member) => moved(owner, 'invoices', 'issued');
  async function creditNoteOf(owner: Member) {
    const id = await moved(owner, 'invoices', 'issued', 'cancelled');
    const found = await call(t.app, {
      method: 'GET',
      url: `/api/v1/credit-notes?filter=${encodeURIComponent(JSON.stringify({ field: 'sourceId', op: 'eq', value: id }))}`,
      cookie: ownerCookie(owner),
    });
    const items = (found.json() as { items: { id: string; sourceId: string }[] }).items;
    const note = items.find((n) => n.sourceId === id);
    if (!note) throw new Error(`no credit note for ${id}: ${found.body.slice(0, 200)}`);
    return note.id;
  }

  const get = (route: string, url: string, allowed = everyone): RouteCase => ({
    route,
    relations: ['own'],
    allowed,
    request: async () => ({ method: 'GET', url }),
  });

  it('allows each endpoint exactly to the roles and scopes it should', async () => {
    const cases: RouteCase[] = [];
    for (const plural of ['quotes', 'sales-orders', 'invoices', 'credit-notes']) {
      cases.push(get(`GET /api/v1/${plural}`, `/api/v1/${plural}`));
      cases.push(get(`GET /api/v1/${plural}/fields`, `/api/v1/${plural}/fields`));
      for (const tail of ['', '/pdf'])
        cases.push({
          route: `GET /api/v1/${plural}/:id${tail}`,
          relations: everyRelation,
          allowed: readers,
          request: async (_a, owner) => ({
            method: 'GET',
            url: `/api/v1/${plural}/${plural === 'credit-notes' ? await creditNoteOf(owner) : await documentOf(owner, plural)}${tail}`,
          }),
        });
      if (plural === 'credit-notes') continue;
      cases.push({
        // Another organisation's member is not a member here (422), so that relation is left out.
        route: `POST /api/v1/${plural}`,
        relations: ['own', 'teammate', 'otherTeam'],
        allowed: writers,
        request: async (_a, owner) => ({ method: 'POST', url: `/api/v1/${plural}`, body: await body(owner) }),
      });
      cases.push({
        route: `PATCH /api/v1/${plural}/:id`,
        relations: everyRelation,
        allowed: writers,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/${plural}/${await documentOf(owner, plural)}`,
          body: plural === 'sales-orders' ? { status: 'cancelled' } : { notes: 'یادداشت' },
        }),
      });
    }
    cases.push(
      {
        route: 'POST /api/v1/quotes/:id/convert',
        relations: everyRelation,
        allowed: writers,
        request: async (_a, owner) => ({
          method: 'POST',
          url: `/api/v1/quotes/${await moved(owner, 'quotes', 'sent', 'accepted')}/convert`,
        }),
      },
      {
        route: 'POST /api/v1/sales-orders/:id/convert',
        relations: everyRelation,
        allowed: writers,
        request: async (_a, owner) => ({
          method: 'POST',
          url: `/api/v1/sales-orders/${await documentOf(owner, 'sales-orders')}/convert`,
        }),
      },
      {
        route: 'GET /api/v1/invoices/:id/payments',
        relations: everyRelation,
        allowed: readers,
        request: async (_a, owner) => ({
          method: 'GET',
          url: `/api/v1/invoices/${await issuedInvoiceOf(owner)}/payments`,
        }),
      },
      {
        route: 'POST /api/v1/invoices/:id/payments',
        relations: everyRelation,
        allowed: writers,
        request: async (_a, owner) => ({
          method: 'POST',
          url: `/api/v1/invoices/${await issuedInvoiceOf(owner)}/payments`,
          body: { amount: '100', method: 'cash' },
        }),
      },
      get('GET /api/v1/payments', '/api/v1/payments'),
      get('GET /api/v1/payments/fields', '/api/v1/payments/fields'),
      get('GET /api/v1/billing/aging', '/api/v1/billing/aging'),
      get(
        'GET /api/v1/invoices/export',
        '/api/v1/invoices/export?format=json',
        rolesMay('owner', 'admin', 'manager'),
      ),
      get(
        'GET /api/v1/payments/export',
        '/api/v1/payments/export?format=csv',
        rolesMay('owner', 'admin', 'manager'),
      ),
      {
        // The account's own scope decides (customers), and billing's read right.
        route: 'GET /api/v1/accounts/:id/balance',
        relations: everyRelation,
        allowed: readers,
        request: async (_a, owner) => {
          accounts.delete(owner.userId);
          return { method: 'GET', url: `/api/v1/accounts/${await accountOf(owner)}/balance` };
        },
      },
    );
    await assertPermissionMatrix(world, cases);
  }, 600_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import type { BuiltinRoleKey } from '../../platform/permissions/rights.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
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

// Every endpoint of the customers module × every built-in role × whose record it is (own, a
// teammate's, another team's, another organisation's). Records are owned per relation, so the
// agent (own) and manager (team) scopes are exercised; other organisations' ids are 404.
describe.each(testEngines())('permission matrix of customers on %s', (engine) => {
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
  const inOrg: Relation[] = ['own', 'otherTenant'];
  const everyone = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
  const writers = rolesMay('owner', 'admin', 'manager', 'agent');
  const deleters = rolesMay('owner', 'admin', 'manager');
  const admins = rolesMay('owner', 'admin');
  /** The organisation owner of the record's organisation creates it (scope all), owned by `owner`. */
  const ownerCookie = (owner: Member) =>
    owner.tenantId === world.stranger.tenantId ? world.stranger.cookie : world.members.owner.cookie;

  const bodies: Record<string, () => Record<string, unknown>> = {
    accounts: () => ({ name: `حساب ${newId()}` }),
    contacts: () => ({ firstName: 'آزمون', lastName: newId() }),
    leads: () => ({ lastName: newId(), companyName: 'شرکت آزمون' }),
  };

  async function recordOf(
    plural: string,
    owner: Member,
    extra: Record<string, unknown> = {},
  ): Promise<string> {
    const res = await call(t.app, {
      method: 'POST',
      url: `/api/v1/${plural}`,
      cookie: ownerCookie(owner),
      body: { ...bodies[plural]?.(), ownerId: owner.userId, ...extra },
    });
    if (res.statusCode !== 201) throw new Error(`create ${plural}: ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  }
  async function binnedRecordOf(plural: string, owner: Member): Promise<string> {
    const id = await recordOf(plural, owner);
    const res = await call(t.app, {
      method: 'DELETE',
      url: `/api/v1/${plural}/${id}`,
      cookie: ownerCookie(owner),
    });
    if (res.statusCode !== 204) throw new Error(`delete ${plural}: ${res.statusCode} ${res.body}`);
    return id;
  }

  const recordCases = (plural: string): RouteCase[] => [
    {
      route: `GET /api/v1/${plural}`,
      relations: ['own'],
      allowed: everyone,
      request: async () => ({ method: 'GET', url: `/api/v1/${plural}` }),
    },
    {
      route: `GET /api/v1/${plural}?deleted=true`,
      relations: ['own'],
      allowed: deleters,
      request: async () => ({ method: 'GET', url: `/api/v1/${plural}?deleted=true` }),
    },
    {
      route: `POST /api/v1/${plural}`,
      relations: ['own'],
      allowed: writers,
      request: async () => ({ method: 'POST', url: `/api/v1/${plural}`, body: bodies[plural]?.() }),
    },
    {
      // Creating a record for someone else: only for owners the actor's scope covers.
      route: `POST /api/v1/${plural} with ownerId`,
      relations: ['own', 'teammate', 'otherTeam'],
      allowed: byScope('owner', 'admin', 'manager', 'agent'),
      request: async (_actor, owner) => ({
        method: 'POST',
        url: `/api/v1/${plural}`,
        body: { ...bodies[plural]?.(), ownerId: owner.userId },
      }),
    },
    {
      route: `POST /api/v1/${plural}/batch`,
      relations: ['own'],
      allowed: writers,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/${plural}/batch`,
        body: { items: [bodies[plural]?.(), bodies[plural]?.()] },
      }),
    },
    {
      route: `GET /api/v1/${plural}/schema`,
      relations: ['own'],
      allowed: everyone,
      request: async () => ({ method: 'GET', url: `/api/v1/${plural}/schema` }),
    },
    {
      route: `POST /api/v1/${plural}/bulk (tag)`,
      relations: everyRelation,
      allowed: byScope('owner', 'admin', 'manager', 'agent'),
      request: async (actor, owner) => ({
        method: 'POST',
        url: `/api/v1/${plural}/bulk`,
        // The actor's own record and the one under test: refused as a whole when the second is out of scope.
        body: {
          action: 'addTags',
          tags: ['bulk'],
          ids: [await recordOf(plural, actor), await recordOf(plural, owner)],
        },
      }),
    },
    {
      route: `POST /api/v1/${plural}/bulk (delete)`,
      relations: everyRelation,
      allowed: byScope('owner', 'admin', 'manager'),
      request: async (_actor, owner) => ({
        method: 'POST',
        url: `/api/v1/${plural}/bulk`,
        body: { action: 'delete', ids: [await recordOf(plural, owner)] },
      }),
    },
    {
      route: `GET /api/v1/${plural}/:id`,
      relations: everyRelation,
      allowed: byScope('owner', 'admin', 'manager', 'agent', 'read_only'),
      request: async (_actor, owner) => ({
        method: 'GET',
        url: `/api/v1/${plural}/${await recordOf(plural, owner)}`,
      }),
    },
    {
      route: `PATCH /api/v1/${plural}/:id`,
      relations: everyRelation,
      allowed: byScope('owner', 'admin', 'manager', 'agent'),
      request: async (_actor, owner) => ({
        method: 'PATCH',
        url: `/api/v1/${plural}/${await recordOf(plural, owner)}`,
        body: { tags: ['changed'] },
      }),
    },
    {
      route: `DELETE /api/v1/${plural}/:id`,
      relations: everyRelation,
      allowed: byScope('owner', 'admin', 'manager'),
      request: async (_actor, owner) => ({
        method: 'DELETE',
        url: `/api/v1/${plural}/${await recordOf(plural, owner)}`,
      }),
    },
    {
      route: `POST /api/v1/${plural}/:id/restore`,
      relations: everyRelation,
      allowed: byScope('owner', 'admin', 'manager'),
      request: async (_actor, owner) => ({
        method: 'POST',
        url: `/api/v1/${plural}/${await binnedRecordOf(plural, owner)}/restore`,
        body: {},
      }),
    },
  ];

  it('accounts', async () => {
    await assertPermissionMatrix(world, recordCases('accounts'));
  });

  it('contacts', async () => {
    await assertPermissionMatrix(world, recordCases('contacts'));
  });

  it('leads, and converting one', async () => {
    await assertPermissionMatrix(world, [
      ...recordCases('leads'),
      {
        route: 'POST /api/v1/leads/:id/convert',
        relations: everyRelation,
        allowed: byScope('owner', 'admin', 'manager', 'agent'),
        request: async (_actor, owner) => ({
          method: 'POST',
          url: `/api/v1/leads/${await recordOf('leads', owner, { firstName: 'تبدیل' })}/convert`,
          body: {},
        }),
      },
    ]);
  });

  it('custom field definitions: everyone with customer rights reads them, administrators change them', async () => {
    const fieldOf = async (owner: Member) => {
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/v1/custom-fields',
        cookie: ownerCookie(owner),
        body: {
          entity: 'contact',
          key: `f${newId().replace(/-/g, '').slice(-12)}`,
          labelFa: 'فیلد',
          type: 'text',
        },
      });
      if (res.statusCode !== 201) throw new Error(`field ${res.statusCode} ${res.body}`);
      return (res.json() as { id: string }).id;
    };
    await assertPermissionMatrix(world, [
      {
        route: 'GET /api/v1/custom-fields',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/custom-fields?entity=contact' }),
      },
      ...(['contacts', 'accounts', 'leads'] as const).map(
        (plural): RouteCase => ({
          route: `GET /api/v1/${plural}/fields`,
          relations: ['own'],
          allowed: everyone,
          request: async () => ({ method: 'GET', url: `/api/v1/${plural}/fields` }),
        }),
      ),
      {
        route: 'GET /api/v1/custom-fields/:id',
        relations: inOrg,
        allowed: everyone,
        request: async (_a, owner) => ({
          method: 'GET',
          url: `/api/v1/custom-fields/${await fieldOf(owner)}`,
        }),
      },
      {
        route: 'POST /api/v1/custom-fields',
        relations: ['own'],
        allowed: admins,
        request: async () => ({
          method: 'POST',
          url: '/api/v1/custom-fields',
          body: {
            entity: 'lead',
            key: `n${newId().replace(/-/g, '').slice(-12)}`,
            labelFa: 'نو',
            type: 'number',
          },
        }),
      },
      {
        route: 'PATCH /api/v1/custom-fields/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/custom-fields/${await fieldOf(owner)}`,
          body: { labelEn: 'Changed' },
        }),
      },
      {
        route: 'DELETE /api/v1/custom-fields/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'DELETE',
          url: `/api/v1/custom-fields/${await fieldOf(owner)}`,
        }),
      },
    ]);
  });

  it('lists show each role only the records of its scope', async () => {
    const tag = `scope-${newId()}`;
    const owners: Record<string, Member> = {
      agent: world.members.agent,
      teammate: world.teammate,
      otherTeam: world.otherTeamMember,
      manager: world.members.manager,
      admin: world.members.admin,
    };
    const ids: Record<string, string> = {};
    for (const [name, member] of Object.entries(owners))
      ids[name] = await recordOf('contacts', member, { tags: [tag] });
    await recordOf('contacts', world.stranger, { tags: [tag] });
    const seen = async (role: BuiltinRoleKey) => {
      const filter = encodeURIComponent(JSON.stringify({ field: 'tags', op: 'contains', value: tag }));
      const res = await call(t.app, {
        method: 'GET',
        url: `/api/v1/contacts?filter=${filter}&total=true`,
        cookie: world.members[role].cookie,
      });
      const body = res.json() as { items: { id: string }[]; total: number };
      expect(body.total).toBe(body.items.length);
      const names = Object.entries(ids)
        .filter(([, id]) => body.items.some((i) => i.id === id))
        .map(([name]) => name);
      return names.sort();
    };
    expect(await seen('agent')).toEqual(['agent']);
    expect(await seen('manager')).toEqual(['agent', 'manager', 'teammate']);
    expect(await seen('read_only')).toEqual(['admin', 'agent', 'manager', 'otherTeam', 'teammate']);
    expect(await seen('owner')).toEqual(['admin', 'agent', 'manager', 'otherTeam', 'teammate']);
    // Search and possible duplicates respect the scope too.
    const email = `${tag}@example.ir`;
    await recordOf('contacts', world.otherTeamMember, { email });
    const dup = await call(t.app, {
      method: 'POST',
      url: '/api/v1/contacts',
      cookie: world.members.agent.cookie,
      body: { lastName: 'x', email },
    });
    expect(dup.json().possibleDuplicates).toEqual([]);
    const dupByOwner = await call(t.app, {
      method: 'POST',
      url: '/api/v1/contacts',
      cookie: world.members.owner.cookie,
      body: { lastName: 'x', email },
    });
    expect(dupByOwner.json().possibleDuplicates.map((d: { reason: string }) => d.reason)).toContain('email');
  });

  it('an agent cannot hand a record to someone else, nor link an account it cannot see', async () => {
    const mine = await recordOf('contacts', world.members.agent);
    const give = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/contacts/${mine}`,
      cookie: world.members.agent.cookie,
      body: { ownerId: world.teammate.userId },
    });
    expect(give.statusCode).toBe(403);
    const foreignAccount = await recordOf('accounts', world.otherTeamMember);
    const link = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/contacts/${mine}`,
      cookie: world.members.agent.cookie,
      body: { accountId: foreignAccount },
    });
    expect(link.statusCode).toBe(422);
    expect(link.json().errors).toEqual([expect.objectContaining({ path: 'accountId' })]);
    // The manager may move a teammate's record within the team.
    const teammates = await recordOf('contacts', world.teammate);
    const moved = await call(t.app, {
      method: 'PATCH',
      url: `/api/v1/contacts/${teammates}`,
      cookie: world.members.manager.cookie,
      body: { ownerId: world.members.agent.userId },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  });

  it('signed-out requests get 401', async () => {
    for (const [method, url, body] of [
      ['GET', '/api/v1/contacts'],
      ['POST', '/api/v1/accounts', { name: 'x' }],
      ['POST', '/api/v1/leads/batch', { items: [{ lastName: 'x' }] }],
      ['GET', `/api/v1/leads/${newId()}`],
      ['DELETE', `/api/v1/contacts/${newId()}`],
      ['GET', '/api/v1/custom-fields'],
    ] as const) {
      const res = await call(t.app, { method, url, ...(body ? { body } : {}) });
      expect(`${method} ${url} ${res.statusCode}`).toBe(`${method} ${url} 401`);
    }
  });
});

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
  ROLES,
  type RouteCase,
  recordOwner,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';
import { expectOtherTenantNotFound, insertAccount, insertContact } from '../interactions/test-support.js';

// Relationship routes of accounts and contacts are scoped by the customer record's owner; episodes by
// their own owner. Other organisations' records are always 404.
describe.each(testEngines())('permission matrix of relationships and the customer 360 on %s', (engine) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });
  /** The matrix, and: another organisation's record is 404 even for roles that hold the right. */
  const matrix = async (cases: RouteCase[]) => {
    await assertPermissionMatrix(world, cases);
    await expectOtherTenantNotFound(world, cases);
  };

  const all: Relation[] = ['own', 'teammate', 'otherTeam', 'otherTenant'];
  const readScope = byScope('owner', 'admin', 'manager', 'agent', 'read_only');
  const writeScope = byScope('owner', 'admin', 'manager', 'agent');
  const subjectOf = async (type: 'account' | 'contact', owner: Member) =>
    type === 'account'
      ? insertAccount(t.db, owner.tenantId, owner.userId)
      : insertContact(t.db, owner.tenantId, owner.userId);
  /** A subject with one interaction and no phase: "first_touch" is suggested. */
  const withSuggestion = async (type: 'account' | 'contact', owner: Member) => {
    const id = await subjectOf(type, owner);
    await t.db.query(
      `INSERT INTO interactions (tenant_id, id, channel, direction, initiator, occurred_at, ${type}_id, owner_id)
       VALUES ($1, $2, 'call', 'in', 'customer', now() - interval '1 day', $3, $4)`,
      [owner.tenantId, newId(), id, owner.userId],
    );
    return id;
  };

  for (const type of ['account', 'contact'] as const) {
    it(`${type}s: phase, history, suggestion, signals, trust, commitment, 360 and timeline`, async () => {
      const url = async (owner: Member, tail: string) =>
        `/api/v1/${type}s/${await subjectOf(type, owner)}${tail}`;
      const reads: [string, string][] = [
        ['GET phase', '/phase'],
        ['GET phase-history', '/phase-history'],
        ['GET signals', '/signals'],
        ['GET trust', '/trust'],
        ['GET commitment', '/commitment'],
        ['GET 360', '/360'],
        ['GET timeline', '/timeline'],
      ];
      const cases: RouteCase[] = reads.map(([name, tail]) => ({
        route: `${type} ${name}`,
        relations: all,
        allowed: readScope,
        request: async (_a, owner) => ({ method: 'GET', url: await url(owner, tail) }),
      }));
      cases.push(
        {
          route: `${type} POST phase`,
          relations: all,
          allowed: writeScope,
          request: async (_a, owner) => ({
            method: 'POST',
            url: await url(owner, '/phase'),
            body: { phase: 'awareness', reason: 'نمایشگاه' },
          }),
        },
        {
          // The actor's own subject and the one under test: refused as a whole when the second is out of scope.
          route: `${type} POST relationships/phase (bulk)`,
          relations: all,
          allowed: writeScope,
          request: async (actor, owner) => ({
            method: 'POST',
            url: '/api/v1/relationships/phase',
            body: {
              type,
              ids: [await subjectOf(type, actor), await subjectOf(type, owner)],
              change: { phase: 'awareness', reason: 'نمایشگاه' },
            },
          }),
        },
        {
          route: `${type} POST phase/accept-suggestion`,
          relations: all,
          allowed: writeScope,
          request: async (_a, owner) => ({
            method: 'POST',
            url: `/api/v1/${type}s/${await withSuggestion(type, owner)}/phase/accept-suggestion`,
            body: {},
          }),
        },
        {
          route: `${type} POST trust`,
          relations: all,
          allowed: writeScope,
          request: async (_a, owner) => ({
            method: 'POST',
            url: await url(owner, '/trust'),
            body: { benevolence: 3, honesty: 4, competence: 5, basis: 'calculus' },
          }),
        },
        {
          route: `${type} POST commitment`,
          relations: all,
          allowed: writeScope,
          request: async (_a, owner) => ({
            method: 'POST',
            url: await url(owner, '/commitment'),
            body: { ours: 3, theirs: 2 },
          }),
        },
      );
      await matrix(cases);
    });
  }

  it('customers by phase: every role may list, and sees exactly the subjects in its scope', async () => {
    await matrix([
      {
        route: 'GET /api/v1/relationships',
        relations: ['own'],
        allowed: rolesMay('owner', 'admin', 'manager', 'agent', 'read_only'),
        request: async () => ({ method: 'GET', url: '/api/v1/relationships?type=contact' }),
      },
    ]);
    const wrong: string[] = [];
    for (const role of ROLES) {
      const actor = world.members[role];
      for (const relation of all) {
        const owner = recordOwner(world, actor, relation);
        const id = await subjectOf('contact', owner);
        await t.db.query(
          `INSERT INTO relationships (tenant_id, id, contact_id, phase) VALUES ($1, $2, $3, 'expansion')`,
          [owner.tenantId, newId(), id],
        );
        const res = await call(t.app, {
          method: 'GET',
          url: `/api/v1/relationships?type=contact&phase=expansion&sort=-since&limit=200`,
          cookie: actor.cookie,
        });
        const listed = (res.json() as { items: { id: string }[] }).items.some((i) => i.id === id);
        if (listed !== readScope(role, relation)) wrong.push(`${role} on ${relation}: listed=${listed}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('episodes', async () => {
    const contacts = new Map<string, string>();
    const contactIn = async (m: Member) => {
      const known = contacts.get(m.tenantId);
      if (known) return known;
      const id = await insertContact(t.db, m.tenantId, m.userId);
      contacts.set(m.tenantId, id);
      return id;
    };
    const freshEpisode = async (owner: Member) => {
      const cookie =
        owner.tenantId === world.stranger.tenantId ? world.stranger.cookie : world.members.owner.cookie;
      const res = await call(t.app, {
        method: 'POST',
        url: '/api/v1/episodes',
        cookie,
        body: { name: 'اپیزود', contactId: await contactIn(owner), ownerId: owner.userId },
      });
      if (res.statusCode !== 201) throw new Error(`episode ${res.statusCode} ${res.body}`);
      return (res.json() as { id: string }).id;
    };
    await matrix([
      {
        route: 'GET /api/v1/episodes',
        relations: ['own'],
        allowed: rolesMay('owner', 'admin', 'manager', 'agent', 'read_only'),
        request: async () => ({ method: 'GET', url: '/api/v1/episodes' }),
      },
      {
        route: 'POST /api/v1/episodes',
        relations: ['own'],
        allowed: rolesMay('owner', 'admin', 'manager', 'agent'),
        request: async (actor) => ({
          method: 'POST',
          url: '/api/v1/episodes',
          body: { name: 'تازه', contactId: await insertContact(t.db, actor.tenantId, actor.userId) },
        }),
      },
      {
        route: 'GET /api/v1/episodes/:id',
        relations: all,
        allowed: readScope,
        request: async (_a, owner) => ({
          method: 'GET',
          url: `/api/v1/episodes/${await freshEpisode(owner)}`,
        }),
      },
      {
        route: 'PATCH /api/v1/episodes/:id',
        relations: all,
        allowed: writeScope,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/episodes/${await freshEpisode(owner)}`,
          body: { endedAt: new Date().toISOString() },
        }),
      },
      {
        route: 'DELETE /api/v1/episodes/:id',
        relations: all,
        allowed: byScope('owner', 'admin', 'manager'),
        request: async (_a, owner) => ({
          method: 'DELETE',
          url: `/api/v1/episodes/${await freshEpisode(owner)}`,
        }),
      },
    ]);
  });

  it('signed-out requests get 401', async () => {
    const id = newId();
    for (const [method, url, body] of [
      ['GET', `/api/v1/accounts/${id}/360`, undefined],
      ['GET', `/api/v1/contacts/${id}/signals`, undefined],
      ['POST', `/api/v1/contacts/${id}/phase`, { phase: 'awareness', reason: 'x' }],
      [
        'POST',
        `/api/v1/accounts/${id}/trust`,
        { benevolence: 1, honesty: 1, competence: 1, basis: 'calculus' },
      ],
      ['GET', '/api/v1/episodes', undefined],
    ] as const) {
      const res = await call(t.app, { method, url, ...(body ? { body } : {}) });
      expect(`${method} ${url} ${res.statusCode}`).toBe(`${method} ${url} 401`);
    }
  });
});

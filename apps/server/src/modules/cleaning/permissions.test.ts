import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  assertPermissionMatrix,
  buildWorld,
  byScope,
  type Member,
  type RouteCase,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';
import { post } from './test-support.js';

describe.each(testEngines())('cleaning permissions (%s)', (engine) => {
  let t: TestApp;
  let world: World;
  let n = 0;

  beforeAll(async () => {
    t = await startTestApp(engine, {}, { workers: true });
    world = await buildWorld(t.app);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Two look-alike contacts owned by `owner` (made by their organisation's owner) and their stored pair. */
  const pairOwnedBy = async (owner: Member) => {
    n += 1;
    const creator = owner.tenantId === world.stranger.tenantId ? world.stranger : world.members.owner;
    const res = await post(t.app, creator.cookie, '/api/v1/contacts/batch', {
      items: [0, 1].map(() => ({
        firstName: 'Pair',
        lastName: `Person${n}`,
        ...(creator === world.stranger ? {} : { ownerId: owner.userId }),
      })),
    });
    expect(res.statusCode, res.body).toBe(201);
    const [a, b] = (res.json() as { items: { id: string }[] }).items.map((i) => i.id).sort() as [
      string,
      string,
    ];
    const { rows } = await t.db.query<{ id: string }>(
      `INSERT INTO duplicate_candidates (tenant_id, id, entity, record_a, record_b, score, reasons)
       VALUES ($1, gen_random_uuid(), 'contact', $2, $3, 1, '[{"kind":"name","similarity":1}]') RETURNING id`,
      [creator.tenantId, a, b],
    );
    return { a, b, pairId: (rows[0] as { id: string }).id, creator };
  };

  /** A merge of such a pair, done by the organisation's owner. */
  const mergeOwnedBy = async (owner: Member) => {
    const { a, b, creator } = await pairOwnedBy(owner);
    const res = await post(t.app, creator.cookie, '/api/v1/duplicates/merge', {
      type: 'contact',
      survivorId: a,
      mergedId: b,
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { id: string }).id;
  };

  it('every endpoint: role × own / teammate’s / other team’s / other organisation’s records', async () => {
    const writers = ['owner', 'admin', 'manager', 'agent'] as const;
    const mergers = ['owner', 'admin', 'manager'] as const;
    const everyone = ['owner', 'admin', 'manager', 'agent', 'read_only'] as const;
    const cases: RouteCase[] = [
      {
        route: 'POST /api/v1/duplicates/scan',
        relations: ['own'],
        request: async () => ({ method: 'POST', url: '/api/v1/duplicates/scan', body: { types: ['lead'] } }),
        allowed: rolesMay(...writers),
      },
      {
        route: 'GET /api/v1/duplicates',
        relations: ['own'],
        request: async () => ({ method: 'GET', url: '/api/v1/duplicates?type=contact' }),
        allowed: rolesMay(...everyone),
      },
      {
        route: 'POST /api/v1/duplicates/:id/dismiss',
        relations: ['own', 'teammate', 'otherTeam', 'otherTenant'],
        request: async (_actor, owner) => {
          const { pairId } = await pairOwnedBy(owner);
          return { method: 'POST', url: `/api/v1/duplicates/${pairId}/dismiss`, body: {} };
        },
        allowed: byScope(...writers),
      },
      {
        route: 'POST /api/v1/duplicates/merge',
        relations: ['own', 'teammate', 'otherTeam', 'otherTenant'],
        request: async (_actor, owner) => {
          const { a, b } = await pairOwnedBy(owner);
          return {
            method: 'POST',
            url: '/api/v1/duplicates/merge',
            body: { type: 'contact', survivorId: a, mergedId: b },
          };
        },
        allowed: byScope(...mergers),
      },
      {
        route: 'GET /api/v1/duplicates/merges/:id',
        relations: ['own', 'teammate', 'otherTeam', 'otherTenant'],
        request: async (_actor, owner) => ({
          method: 'GET',
          url: `/api/v1/duplicates/merges/${await mergeOwnedBy(owner)}`,
        }),
        allowed: byScope(...everyone),
      },
      {
        route: 'POST /api/v1/duplicates/merges/:id/undo',
        relations: ['own', 'teammate', 'otherTeam', 'otherTenant'],
        request: async (_actor, owner) => ({
          method: 'POST',
          url: `/api/v1/duplicates/merges/${await mergeOwnedBy(owner)}/undo`,
          body: {},
        }),
        allowed: byScope(...mergers),
      },
      {
        route: 'GET /api/v1/data-quality',
        relations: ['own'],
        request: async () => ({ method: 'GET', url: '/api/v1/data-quality' }),
        allowed: rolesMay(...everyone),
      },
      {
        route: 'GET /api/v1/data-quality/issues',
        relations: ['own'],
        request: async () => ({ method: 'GET', url: '/api/v1/data-quality/issues?type=contact' }),
        allowed: rolesMay(...everyone),
      },
      {
        route: 'POST /api/v1/data-quality/fix',
        relations: ['own'],
        request: async () => ({ method: 'POST', url: '/api/v1/data-quality/fix', body: { types: ['lead'] } }),
        allowed: rolesMay(...writers),
      },
    ];
    await assertPermissionMatrix(world, cases);
  }, 120_000);

  it('unauthenticated calls get 401 problems', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/duplicates'],
      ['POST', '/api/v1/duplicates/scan'],
      ['GET', '/api/v1/data-quality'],
      ['POST', '/api/v1/data-quality/fix'],
    ] as const) {
      const res = await t.app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});

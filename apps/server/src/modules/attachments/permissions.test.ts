import { afterAll, beforeAll, describe, it } from 'vitest';
import { testEngines } from '../../platform/testing/engines.js';
import { startTestApp, type TestApp } from '../../platform/testing/harness.js';
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
import { expectOtherTenantNotFound, insertContact } from '../interactions/test-support.js';

// Every attachments endpoint × built-in role × whose attachment (own, a teammate's, another team's,
// another organisation's — the last always 404).
describe.each(testEngines())('permission matrix of attachments on %s', (engine) => {
  let t: TestApp;
  let world: World;
  const contacts = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
    for (const m of [world.members.owner, world.stranger])
      contacts.set(m.tenantId, await insertContact(t.db, m.tenantId, m.userId));
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const all: Relation[] = ['own', 'teammate', 'otherTeam', 'otherTenant'];
  const everyone = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
  const writers = rolesMay('owner', 'admin', 'manager', 'agent');
  const readScope = byScope('owner', 'admin', 'manager', 'agent', 'read_only');
  const updateScope = byScope('owner', 'admin', 'manager', 'agent');
  const deleteScope = byScope('owner', 'admin', 'manager');

  /** An attachment owned by `owner`, uploaded by the owner of that organisation. */
  const freshAttachment = async (owner: Member) => {
    const uploader = owner.tenantId === world.stranger.tenantId ? world.stranger : world.members.owner;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/attachments?contactId=${contacts.get(owner.tenantId)}&ownerId=${owner.userId}&name=a.txt`,
      headers: { cookie: uploader.cookie, 'content-type': 'text/plain' },
      payload: 'متن',
    });
    if (res.statusCode !== 201) throw new Error(`upload ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  };

  it('every route', async () => {
    const cases: RouteCase[] = [
      {
        route: 'GET /api/v1/attachments',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/attachments' }),
      },
      {
        route: 'POST /api/v1/attachments',
        relations: ['own'],
        allowed: writers,
        request: async (actor) => ({
          method: 'POST',
          url: `/api/v1/attachments?contactId=${await insertContact(t.db, actor.tenantId, actor.userId)}&name=b.txt`,
          headers: { 'content-type': 'text/plain' },
          body: 'x',
        }),
      },
      {
        route: 'GET /api/v1/attachments/:id',
        relations: all,
        allowed: readScope,
        request: async (_a, owner) => ({
          method: 'GET',
          url: `/api/v1/attachments/${await freshAttachment(owner)}`,
        }),
      },
      {
        route: 'GET /api/v1/attachments/:id/content',
        relations: all,
        allowed: readScope,
        request: async (_a, owner) => ({
          method: 'GET',
          url: `/api/v1/attachments/${await freshAttachment(owner)}/content`,
        }),
      },
      {
        route: 'PATCH /api/v1/attachments/:id',
        relations: all,
        allowed: updateScope,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/attachments/${await freshAttachment(owner)}`,
          body: { description: 'تغییر' },
        }),
      },
      {
        route: 'DELETE /api/v1/attachments/:id',
        relations: all,
        allowed: deleteScope,
        request: async (_a, owner) => ({
          method: 'DELETE',
          url: `/api/v1/attachments/${await freshAttachment(owner)}`,
        }),
      },
    ];
    await assertPermissionMatrix(world, cases);
    await expectOtherTenantNotFound(world, cases);
  });
});

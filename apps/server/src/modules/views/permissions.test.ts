import { afterAll, beforeAll, describe, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import type { BuiltinRoleKey } from '../../platform/permissions/rights.js';
import { testEngines } from '../../platform/testing/engines.js';
import { startTestApp, type TestApp } from '../../platform/testing/harness.js';
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

// Every views endpoint × built-in role × whose view: the actor's own (private), a teammate's shared
// with their team, another team's member's shared with that team, another organisation's (always 404).
describe.each(testEngines())('permission matrix of saved views on %s', (engine) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  /**
   * A view of `owner`: private when it is the actor's own, else shared with the owner's team. Written
   * straight to the table, since a read-only member cannot save one through the API.
   */
  const freshView = async (actor: Member, owner: Member, entity = 'contact') => {
    const id = newId();
    const teamOf = (m: Member) =>
      m.userId === world.otherTeamMember.userId
        ? world.teamIds[1]
        : m.tenantId === world.stranger.tenantId
          ? null
          : world.teamIds[0];
    const shared = owner.userId !== actor.userId && teamOf(owner) !== null;
    await t.db.query(
      `INSERT INTO saved_views (tenant_id, id, owner_id, entity, name, visibility, team_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        owner.tenantId,
        id,
        owner.userId,
        entity,
        `v-${id}`,
        shared ? 'team' : 'private',
        shared ? teamOf(owner) : null,
      ],
    );
    return id;
  };

  const all: Relation[] = ['own', 'teammate', 'otherTeam', 'otherTenant'];
  const everyone = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
  const savers = rolesMay('owner', 'admin', 'manager', 'agent');
  /** Team members (manager and agent are in team 1) and moderators see a team's views. */
  const readers = (role: BuiltinRoleKey, relation: Relation) => {
    if (relation === 'otherTenant') return false;
    if (relation === 'own' || role === 'owner' || role === 'admin') return true;
    return relation === 'teammate' && (role === 'manager' || role === 'agent');
  };
  /** The owner with the right to save views, or a moderator. */
  const editors = (role: BuiltinRoleKey, relation: Relation) => {
    if (relation === 'otherTenant' || role === 'read_only') return false;
    return relation === 'own' || role === 'owner' || role === 'admin';
  };

  it('every route', async () => {
    const cases: RouteCase[] = [
      {
        route: 'GET /api/v1/views',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/views?entity=contact' }),
      },
      {
        route: 'POST /api/v1/views',
        relations: ['own'],
        allowed: savers,
        request: async () => ({
          method: 'POST',
          url: '/api/v1/views',
          body: {
            entity: 'lead',
            name: `نما ${newId()}`,
            filter: { field: 'status', op: 'eq', value: 'new' },
          },
        }),
      },
      {
        route: 'POST /api/v1/views (a view of the tasks list)',
        relations: ['own'],
        allowed: savers,
        request: async () => ({
          method: 'POST',
          url: '/api/v1/views',
          body: {
            entity: 'task',
            name: `نما ${newId()}`,
            filter: { field: 'priority', op: 'eq', value: 'high' },
          },
        }),
      },
      {
        route: 'PATCH /api/v1/views/:id (a view of the tasks list)',
        relations: all,
        allowed: editors,
        request: async (actor, owner) => ({
          method: 'PATCH',
          url: `/api/v1/views/${await freshView(actor, owner, 'task')}`,
          body: { sort: '-dueAt', columns: ['title', 'status'] },
        }),
      },
      {
        route: 'GET /api/v1/views/:id',
        relations: all,
        allowed: readers,
        request: async (actor, owner) => ({
          method: 'GET',
          url: `/api/v1/views/${await freshView(actor, owner)}`,
        }),
      },
      {
        route: 'PATCH /api/v1/views/:id',
        relations: all,
        allowed: editors,
        request: async (actor, owner) => ({
          method: 'PATCH',
          url: `/api/v1/views/${await freshView(actor, owner)}`,
          body: { sort: 'name' },
        }),
      },
      {
        route: 'DELETE /api/v1/views/:id',
        relations: all,
        allowed: editors,
        request: async (actor, owner) => ({
          method: 'DELETE',
          url: `/api/v1/views/${await freshView(actor, owner)}`,
        }),
      },
    ];
    await assertPermissionMatrix(world, cases);
    await expectOtherTenantNotFound(world, cases);
  });
});

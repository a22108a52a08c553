import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { testEngines } from '../../platform/testing/engines.js';
import { addMember, call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  assertPermissionMatrix,
  buildWorld,
  type Member,
  type Relation,
  type RouteCase,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';

const LOGO = readFileSync(resolve(import.meta.dirname, '../../../../web/public/icon-192.png'));

// Every endpoint of the platform and organisation administration, for every built-in role, on
// records of the actor's organisation and of another organisation.
describe.each(testEngines())('permission matrix of the platform on %s', (engine) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  const inOrg: Relation[] = ['own', 'otherTenant'];
  const admins = rolesMay('owner', 'admin');
  const everyone = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
  const ownerCookie = (owner: Member) =>
    owner.tenantId === world.stranger.tenantId ? world.stranger.cookie : world.members.owner.cookie;

  /** A fresh agent in the owner's organisation, as the target of member routes. */
  const freshMember = async (owner: Member) => addMember(t.app, ownerCookie(owner), 'agent');
  const freshTeam = async (owner: Member) => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: ownerCookie(owner),
      body: { name: `T ${newId()}` },
    });
    return (res.json() as { id: string }).id;
  };
  const freshRole = async (owner: Member) => {
    const key = `r_${newId().replace(/-/g, '').slice(-12)}`;
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/roles',
      cookie: ownerCookie(owner),
      body: { key, name: key, rights: { teams: ['read'] }, scope: 'own' },
    });
    return (res.json() as { id: string }).id;
  };
  const freshInvitation = async (owner: Member) => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/invitations',
      cookie: ownerCookie(owner),
      body: { email: `i${newId()}@example.com`, role: 'agent' },
    });
    return (res.json() as { id: string }).id;
  };
  const freshToken = async (owner: Member) => {
    const res = await call(t.app, {
      method: 'POST',
      url: '/api/v1/tokens',
      cookie: ownerCookie(owner),
      body: { name: 'x', role: 'agent' },
    });
    return (res.json() as { id: string }).id;
  };

  it('members', async () => {
    const cases: RouteCase[] = [
      {
        route: 'GET /api/v1/users',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/users' }),
      },
      {
        route: 'GET /api/v1/users/:id',
        relations: inOrg,
        allowed: everyone,
        request: async (_a, owner) => ({ method: 'GET', url: `/api/v1/users/${owner.userId}` }),
      },
      {
        route: 'PATCH /api/v1/users/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/users/${(await freshMember(owner)).userId}`,
          body: { role: 'read_only' },
        }),
      },
      {
        route: 'DELETE /api/v1/users/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'DELETE',
          url: `/api/v1/users/${(await freshMember(owner)).userId}`,
        }),
      },
      {
        route: 'POST /api/v1/users/:id/password',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'POST',
          url: `/api/v1/users/${(await freshMember(owner)).userId}/password`,
          body: { password: 'a new long password' },
        }),
      },
    ];
    await assertPermissionMatrix(world, cases);
  });

  it('invitations', async () => {
    await assertPermissionMatrix(world, [
      {
        route: 'GET /api/v1/invitations',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/invitations' }),
      },
      {
        route: 'POST /api/v1/invitations',
        relations: ['own'],
        allowed: admins,
        request: async () => ({
          method: 'POST',
          url: '/api/v1/invitations',
          body: { email: `n${newId()}@example.com`, role: 'agent' },
        }),
      },
      {
        route: 'DELETE /api/v1/invitations/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'DELETE',
          url: `/api/v1/invitations/${await freshInvitation(owner)}`,
        }),
      },
    ]);
  });

  it('teams', async () => {
    await assertPermissionMatrix(world, [
      {
        route: 'GET /api/v1/teams',
        relations: ['own'],
        allowed: everyone,
        request: async () => ({ method: 'GET', url: '/api/v1/teams' }),
      },
      {
        route: 'GET /api/v1/teams/:id',
        relations: inOrg,
        allowed: everyone,
        request: async (_a, owner) => ({ method: 'GET', url: `/api/v1/teams/${await freshTeam(owner)}` }),
      },
      {
        route: 'POST /api/v1/teams',
        relations: ['own'],
        allowed: admins,
        request: async () => ({ method: 'POST', url: '/api/v1/teams', body: { name: `N ${newId()}` } }),
      },
      {
        route: 'PATCH /api/v1/teams/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/teams/${await freshTeam(owner)}`,
          body: { name: `R ${newId()}` },
        }),
      },
      {
        route: 'DELETE /api/v1/teams/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({ method: 'DELETE', url: `/api/v1/teams/${await freshTeam(owner)}` }),
      },
    ]);
  });

  it('roles', async () => {
    await assertPermissionMatrix(world, [
      {
        route: 'GET /api/v1/roles',
        relations: ['own'],
        allowed: admins,
        request: async () => ({ method: 'GET', url: '/api/v1/roles' }),
      },
      {
        route: 'GET /api/v1/roles/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({ method: 'GET', url: `/api/v1/roles/${await freshRole(owner)}` }),
      },
      {
        route: 'POST /api/v1/roles',
        relations: ['own'],
        allowed: admins,
        request: async () => {
          const key = `c_${newId().replace(/-/g, '').slice(-12)}`;
          return {
            method: 'POST',
            url: '/api/v1/roles',
            body: { key, name: key, rights: { teams: ['read'] }, scope: 'team' },
          };
        },
      },
      {
        route: 'PATCH /api/v1/roles/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'PATCH',
          url: `/api/v1/roles/${await freshRole(owner)}`,
          body: { scope: 'all' },
        }),
      },
      {
        route: 'DELETE /api/v1/roles/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({ method: 'DELETE', url: `/api/v1/roles/${await freshRole(owner)}` }),
      },
    ]);
  });

  it('API tokens, settings and audit', async () => {
    await assertPermissionMatrix(world, [
      {
        route: 'GET /api/v1/tokens',
        relations: ['own'],
        allowed: admins,
        request: async () => ({ method: 'GET', url: '/api/v1/tokens' }),
      },
      {
        route: 'POST /api/v1/tokens',
        relations: ['own'],
        allowed: admins,
        request: async () => ({
          method: 'POST',
          url: '/api/v1/tokens',
          body: { name: 'ci', role: 'read_only' },
        }),
      },
      {
        route: 'DELETE /api/v1/tokens/:id',
        relations: inOrg,
        allowed: admins,
        request: async (_a, owner) => ({
          method: 'DELETE',
          url: `/api/v1/tokens/${await freshToken(owner)}`,
        }),
      },
      {
        route: 'GET /api/v1/settings',
        relations: ['own'],
        allowed: admins,
        request: async () => ({ method: 'GET', url: '/api/v1/settings' }),
      },
      {
        route: 'PATCH /api/v1/settings',
        relations: ['own'],
        allowed: admins,
        request: async () => ({ method: 'PATCH', url: '/api/v1/settings', body: { moneyDisplay: 'rial' } }),
      },
      {
        route: 'GET /api/v1/settings/profile',
        relations: ['own'],
        allowed: admins,
        request: async () => ({ method: 'GET', url: '/api/v1/settings/profile' }),
      },
      {
        route: 'PATCH /api/v1/settings/profile',
        relations: ['own'],
        allowed: admins,
        request: async () => ({
          method: 'PATCH',
          url: '/api/v1/settings/profile',
          body: { legalNameEn: `Co ${newId()}` },
        }),
      },
      {
        route: 'PUT /api/v1/settings/logo',
        relations: ['own'],
        allowed: admins,
        request: async () => ({
          method: 'PUT',
          url: '/api/v1/settings/logo',
          headers: { 'content-type': 'image/png' },
          body: LOGO,
        }),
      },
      {
        route: 'GET /api/v1/settings/logo',
        relations: ['own'],
        allowed: admins,
        request: async () => ({ method: 'GET', url: '/api/v1/settings/logo' }),
      },
      {
        route: 'DELETE /api/v1/settings/logo',
        relations: ['own'],
        allowed: admins,
        request: async () => ({ method: 'DELETE', url: '/api/v1/settings/logo' }),
      },
      {
        route: 'GET /api/v1/audit',
        relations: ['own'],
        allowed: admins,
        request: async (actor) => ({
          method: 'GET',
          url: `/api/v1/audit?entity=membership&id=${actor.userId}`,
        }),
      },
    ]);
  });

  it('jobs: the creator sees their job, administrators see all, nobody sees another organisation’s', async () => {
    const jobOf = async (owner: Member) => {
      const id = newId();
      await t.db.query(
        `INSERT INTO job_runs (tenant_id, id, queue, created_by) VALUES ($1, $2, 'test', $3)`,
        [owner.tenantId, id, owner.userId],
      );
      return id;
    };
    await assertPermissionMatrix(world, [
      {
        route: 'GET /api/v1/jobs/:id',
        relations: ['own', 'teammate', 'otherTeam', 'otherTenant'],
        allowed: (role, relation) =>
          relation !== 'otherTenant' && (relation === 'own' || role === 'owner' || role === 'admin'),
        request: async (_a, owner) => ({ method: 'GET', url: `/api/v1/jobs/${await jobOf(owner)}` }),
      },
    ]);
  });

  it('signed-out requests get 401 on every protected route', async () => {
    const urls: [string, string][] = [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/users'],
      ['GET', '/api/v1/teams'],
      ['GET', '/api/v1/roles'],
      ['GET', '/api/v1/tokens'],
      ['GET', '/api/v1/settings'],
      ['GET', '/api/v1/settings/profile'],
      ['GET', '/api/v1/settings/logo'],
      ['GET', '/api/v1/invitations'],
      ['GET', `/api/v1/jobs/${newId()}`],
      ['GET', '/api/v1/audit?entity=team&id=x'],
      ['POST', '/api/v1/tenants'],
    ];
    for (const [method, url] of urls) {
      const res = await call(t.app, {
        method: method as 'GET',
        url,
        body: method === 'POST' ? { name: 'x' } : undefined,
      });
      expect(`${method} ${url} ${res.statusCode}`).toBe(`${method} ${url} 401`);
    }
  });
});

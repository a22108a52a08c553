/**
 * Every import and export endpoint × role × whose import/export it is (own, a teammate's, another
 * team's, another organisation's). Imports need the right to create customer records, exports the
 * export right; someone else's import or export is reachable within the role's scope only, and
 * another organisation's is always a 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeStream } from '../../platform/files/storage.js';
import { newId } from '../../platform/ids.js';
import { testEngines } from '../../platform/testing/engines.js';
import { call, startTestApp, type TestApp } from '../../platform/testing/harness.js';
import {
  assertPermissionMatrix,
  buildWorld,
  byScope,
  type Member,
  type RouteCase,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';
import { upload } from './test-support.js';

describe.each(testEngines())('import and export permissions on %s', (engine) => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await startTestApp(engine);
    world = await buildWorld(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The organisation's owner uploads; the import is then handed to `owner` (who may lack the right to upload). */
  async function importOf(owner: Member, status?: 'running' | 'stopped') {
    const uploader = owner.tenantId === world.stranger.tenantId ? world.stranger : world.members.owner;
    const res = await upload(t.app, uploader.cookie, 'contact', 'نام,موبایل\nعلی,09121234567\n', 'text/csv');
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    await t.db.query(`UPDATE imports SET created_by = $2, status = COALESCE($3, status) WHERE id = $1`, [
      id,
      owner.userId,
      status ?? null,
    ]);
    return id;
  }
  /** A finished export of `owner`'s, with a small file. */
  async function exportOf(owner: Member, entity = 'contact') {
    const file = await storeStream(t.db, owner.tenantId, [Buffer.from('\uFEFFنام\nعلی\n')], {
      purpose: 'export',
      name: 'contacts.csv',
      contentType: 'text/csv; charset=utf-8',
      createdBy: owner.userId,
    });
    const id = newId();
    await t.db.query(
      `INSERT INTO exports (tenant_id, id, entity, format, status, rows_written, file_id, created_by, finished_at)
       VALUES ($1, $2, $3, 'csv', 'completed', 1, $4, $5, now())`,
      [owner.tenantId, id, entity, file.id, owner.userId],
    );
    return id;
  }

  const importers = byScope('owner', 'admin', 'manager', 'agent');
  const exporters = byScope('owner', 'admin', 'manager');
  const records = ['own', 'teammate', 'otherTeam', 'otherTenant'] as const;
  const onImport = (
    route: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    options: { status?: 'running' | 'stopped'; body?: unknown } = {},
  ): RouteCase => ({
    route,
    relations: [...records],
    request: async (_actor, owner) => ({
      method,
      url: `/api/v1/imports/${await importOf(owner, options.status)}${path}`,
      ...(options.body !== undefined ? { body: options.body } : {}),
    }),
    allowed: importers,
  });

  it('matches the matrix for every endpoint', { timeout: 600_000 }, async () => {
    const cases: RouteCase[] = [
      {
        route: 'POST /api/v1/imports',
        relations: ['own'],
        request: async () => ({
          method: 'POST',
          url: '/api/v1/imports?type=lead',
          headers: { 'content-type': 'text/csv' },
          body: 'نام\nعلی\n',
        }),
        allowed: rolesMay('owner', 'admin', 'manager', 'agent'),
      },
      {
        route: 'GET /api/v1/imports',
        relations: ['own'],
        request: async () => ({ method: 'GET', url: '/api/v1/imports' }),
        allowed: rolesMay('owner', 'admin', 'manager', 'agent'),
      },
      onImport('GET /api/v1/imports/:id', 'GET', ''),
      onImport('PATCH /api/v1/imports/:id', 'PATCH', '', { body: { duplicatePolicy: 'update' } }),
      onImport('DELETE /api/v1/imports/:id', 'DELETE', ''),
      onImport('POST /api/v1/imports/:id/dry-run', 'POST', '/dry-run'),
      onImport('POST /api/v1/imports/:id/run', 'POST', '/run'),
      onImport('POST /api/v1/imports/:id/resume', 'POST', '/resume', { status: 'stopped' }),
      onImport('POST /api/v1/imports/:id/stop', 'POST', '/stop', { status: 'running' }),
      onImport('GET /api/v1/imports/:id/rows', 'GET', '/rows'),
      onImport('GET /api/v1/imports/:id/rejects.csv', 'GET', '/rejects.csv'),
      {
        route: 'POST /api/v1/exports',
        relations: ['own'],
        request: async () => ({
          method: 'POST',
          url: '/api/v1/exports',
          body: { type: 'contact', format: 'xlsx' },
        }),
        allowed: rolesMay('owner', 'admin', 'manager'),
      },
      {
        route: 'POST /api/v1/exports (tasks)',
        relations: ['own'],
        request: async () => ({
          method: 'POST',
          url: '/api/v1/exports',
          body: { type: 'task', filter: { field: 'status', op: 'eq', value: 'open' } },
        }),
        allowed: rolesMay('owner', 'admin', 'manager'),
      },
      {
        route: 'GET /api/v1/exports/columns?type=task',
        relations: ['own'],
        request: async () => ({ method: 'GET', url: '/api/v1/exports/columns?type=task' }),
        allowed: rolesMay('owner', 'admin', 'manager'),
      },
      {
        route: 'GET /api/v1/exports/:id (tasks)',
        relations: [...records],
        request: async (_actor, owner) => ({
          method: 'GET',
          url: `/api/v1/exports/${await exportOf(owner, 'task')}/file`,
        }),
        allowed: exporters,
      },
      {
        route: 'GET /api/v1/exports/columns',
        relations: ['own'],
        request: async () => ({ method: 'GET', url: '/api/v1/exports/columns?type=account' }),
        allowed: rolesMay('owner', 'admin', 'manager'),
      },
      {
        route: 'GET /api/v1/exports/:id',
        relations: [...records],
        request: async (_actor, owner) => ({
          method: 'GET',
          url: `/api/v1/exports/${await exportOf(owner)}`,
        }),
        allowed: exporters,
      },
      {
        route: 'GET /api/v1/exports/:id/file',
        relations: [...records],
        request: async (_actor, owner) => ({
          method: 'GET',
          url: `/api/v1/exports/${await exportOf(owner)}/file`,
        }),
        allowed: exporters,
      },
    ];
    await assertPermissionMatrix(world, cases);
  });

  it('signed out: 401 everywhere; another organisation never learns an id exists (404, not 403)', async () => {
    const id = await importOf(world.members.agent);
    for (const [method, url] of [
      ['GET', `/api/v1/imports/${id}`],
      ['GET', '/api/v1/imports'],
      ['POST', `/api/v1/imports/${id}/run`],
      ['GET', `/api/v1/exports/${id}`],
    ] as const) {
      expect((await call(t.app, { method, url })).statusCode).toBe(401);
      expect(
        (await call(t.app, { method, url: url.replace(id, newId()), cookie: world.stranger.cookie }))
          .statusCode,
      ).toBe(url.endsWith('/imports') ? 200 : 404);
    }
    for (const path of ['', '/run', '/rows', '/rejects.csv']) {
      const res = await call(t.app, {
        method: path === '/run' ? 'POST' : 'GET',
        url: `/api/v1/imports/${id}${path}`,
        cookie: world.stranger.cookie,
      });
      expect(res.statusCode).toBe(404);
    }
    // Even an organisation's owner sees another organisation's export as missing.
    const exp = await exportOf(world.members.owner);
    expect(
      (
        await call(t.app, {
          method: 'GET',
          url: `/api/v1/exports/${exp}/file`,
          cookie: world.stranger.cookie,
        })
      ).statusCode,
    ).toBe(404);
  });
});

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
  type RouteCase,
  rolesMay,
  type World,
} from '../../platform/testing/permission-matrix.js';
import { expectOtherTenantNotFound, insertContact } from './test-support.js';

// Every endpoint of the interactions module × built-in role × whose record (own, a teammate's, another
// team's, another organisation's — the last always 404).
describe.each(testEngines())(
  'permission matrix of interactions, notes, tasks and notifications on %s',
  (engine) => {
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
    /** The matrix, and: another organisation's record is 404 even for roles that hold the right. */
    const matrix = async (cases: RouteCase[]) => {
      await assertPermissionMatrix(world, cases);
      await expectOtherTenantNotFound(world, cases);
    };

    const all: Relation[] = ['own', 'teammate', 'otherTeam', 'otherTenant'];
    const everyone = rolesMay('owner', 'admin', 'manager', 'agent', 'read_only');
    const writers = rolesMay('owner', 'admin', 'manager', 'agent');
    const readScope = byScope('owner', 'admin', 'manager', 'agent', 'read_only');
    const updateScope = byScope('owner', 'admin', 'manager', 'agent');
    const deleteScope = byScope('owner', 'admin', 'manager');
    /** The owner of the record's organisation creates it, owned by `owner`. */
    const creator = (owner: Member) =>
      owner.tenantId === world.stranger.tenantId ? world.stranger.cookie : world.members.owner.cookie;
    const contactOf = (m: Member) => contacts.get(m.tenantId) as string;
    const fresh = async (owner: Member, url: string, body: Record<string, unknown>) => {
      const res = await call(t.app, { method: 'POST', url, cookie: creator(owner), body });
      if (res.statusCode !== 201) throw new Error(`${url} ${res.statusCode} ${res.body}`);
      return (res.json() as { id: string }).id;
    };
    const freshInteraction = (owner: Member) =>
      fresh(owner, '/api/v1/interactions', {
        channel: 'call',
        direction: 'out',
        contactId: contactOf(owner),
        ownerId: owner.userId,
      });
    const freshNote = (owner: Member) =>
      fresh(owner, '/api/v1/notes', { body: 'یادداشت', contactId: contactOf(owner), ownerId: owner.userId });
    const freshTask = (owner: Member) =>
      fresh(owner, '/api/v1/tasks', { title: 'کار', assigneeId: owner.userId });

    it('interactions', async () => {
      await matrix([
        {
          route: 'GET /api/v1/interactions',
          relations: ['own'],
          allowed: everyone,
          request: async () => ({ method: 'GET', url: '/api/v1/interactions' }),
        },
        {
          route: 'POST /api/v1/interactions',
          relations: ['own'],
          allowed: writers,
          request: async (actor) => ({
            method: 'POST',
            url: '/api/v1/interactions',
            body: {
              channel: 'sms',
              direction: 'out',
              contactId: await insertContact(t.db, actor.tenantId, actor.userId),
            },
          }),
        },
        {
          route: 'GET /api/v1/interactions/:id',
          relations: all,
          allowed: readScope,
          request: async (_a, owner) => ({
            method: 'GET',
            url: `/api/v1/interactions/${await freshInteraction(owner)}`,
          }),
        },
        {
          route: 'PATCH /api/v1/interactions/:id',
          relations: all,
          allowed: updateScope,
          request: async (_a, owner) => ({
            method: 'PATCH',
            url: `/api/v1/interactions/${await freshInteraction(owner)}`,
            body: { outcome: 'ok' },
          }),
        },
        {
          route: 'DELETE /api/v1/interactions/:id',
          relations: all,
          allowed: deleteScope,
          request: async (_a, owner) => ({
            method: 'DELETE',
            url: `/api/v1/interactions/${await freshInteraction(owner)}`,
          }),
        },
      ]);
    });

    it('notes', async () => {
      await matrix([
        {
          route: 'GET /api/v1/notes',
          relations: ['own'],
          allowed: everyone,
          request: async () => ({ method: 'GET', url: '/api/v1/notes' }),
        },
        {
          route: 'POST /api/v1/notes',
          relations: ['own'],
          allowed: writers,
          request: async (actor) => ({
            method: 'POST',
            url: '/api/v1/notes',
            body: { body: 'x', contactId: await insertContact(t.db, actor.tenantId, actor.userId) },
          }),
        },
        {
          route: 'GET /api/v1/notes/:id',
          relations: all,
          allowed: readScope,
          request: async (_a, owner) => ({ method: 'GET', url: `/api/v1/notes/${await freshNote(owner)}` }),
        },
        {
          route: 'PATCH /api/v1/notes/:id',
          relations: all,
          allowed: updateScope,
          request: async (_a, owner) => ({
            method: 'PATCH',
            url: `/api/v1/notes/${await freshNote(owner)}`,
            body: { pinned: true },
          }),
        },
        {
          route: 'DELETE /api/v1/notes/:id',
          relations: all,
          allowed: deleteScope,
          request: async (_a, owner) => ({
            method: 'DELETE',
            url: `/api/v1/notes/${await freshNote(owner)}`,
          }),
        },
      ]);
    });

    it('tasks, agenda and calendar feed', async () => {
      await matrix([
        {
          route: 'GET /api/v1/tasks',
          relations: ['own'],
          allowed: everyone,
          request: async () => ({ method: 'GET', url: '/api/v1/tasks' }),
        },
        {
          route: 'GET /api/v1/tasks?assigned=team&overdue=true',
          relations: ['own'],
          allowed: everyone,
          request: async () => ({
            method: 'GET',
            url: '/api/v1/tasks?assigned=team&overdue=true&total=true',
          }),
        },
        {
          route: 'POST /api/v1/tasks',
          relations: ['own'],
          allowed: writers,
          request: async () => ({ method: 'POST', url: '/api/v1/tasks', body: { title: 'x' } }),
        },
        {
          route: 'GET /api/v1/tasks/:id',
          relations: all,
          allowed: readScope,
          request: async (_a, owner) => ({ method: 'GET', url: `/api/v1/tasks/${await freshTask(owner)}` }),
        },
        {
          route: 'PATCH /api/v1/tasks/:id',
          relations: all,
          allowed: updateScope,
          request: async (_a, owner) => ({
            method: 'PATCH',
            url: `/api/v1/tasks/${await freshTask(owner)}`,
            body: { status: 'done' },
          }),
        },
        {
          route: 'DELETE /api/v1/tasks/:id',
          relations: all,
          allowed: deleteScope,
          request: async (_a, owner) => ({
            method: 'DELETE',
            url: `/api/v1/tasks/${await freshTask(owner)}`,
          }),
        },
        {
          route: 'GET /api/v1/tasks/fields',
          relations: ['own'],
          allowed: everyone,
          request: async () => ({ method: 'GET', url: '/api/v1/tasks/fields' }),
        },
        ...(['complete', 'reopen', 'reschedule', 'assign'] as const).map(
          (action): RouteCase => ({
            route: `POST /api/v1/tasks/bulk (${action})`,
            relations: all,
            allowed: updateScope,
            request: async (actor, owner) => ({
              method: 'POST',
              url: '/api/v1/tasks/bulk',
              body: {
                action,
                // A done task, so reopening changes it.
                ids: [
                  action === 'reopen'
                    ? await fresh(owner, '/api/v1/tasks', {
                        title: 'کار',
                        assigneeId: owner.userId,
                        status: 'done',
                      })
                    : await freshTask(owner),
                ],
                ...(action === 'reschedule' ? { dueAt: '2031-01-01T09:00:00Z' } : {}),
                ...(action === 'assign' ? { assigneeId: actor.userId } : {}),
              },
            }),
          }),
        ),
        {
          route: 'POST /api/v1/tasks/bulk (delete)',
          relations: all,
          allowed: deleteScope,
          request: async (_a, owner) => ({
            method: 'POST',
            url: '/api/v1/tasks/bulk',
            body: { action: 'delete', ids: [await freshTask(owner)] },
          }),
        },
        {
          route: 'GET /api/v1/agenda',
          relations: ['own'],
          allowed: everyone,
          request: async () => ({
            method: 'GET',
            url: '/api/v1/agenda?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
          }),
        },
        {
          route: 'POST /api/v1/agenda/feed',
          relations: ['own'],
          allowed: everyone,
          request: async () => ({ method: 'POST', url: '/api/v1/agenda/feed' }),
        },
        {
          route: 'DELETE /api/v1/agenda/feed',
          relations: ['own'],
          allowed: everyone,
          request: async (actor) => {
            await call(t.app, { method: 'POST', url: '/api/v1/agenda/feed', cookie: actor.cookie });
            return { method: 'DELETE', url: '/api/v1/agenda/feed' };
          },
        },
      ]);
    });

    it('notifications: each person reads and marks only their own', async () => {
      const notificationOf = async (owner: Member) => {
        const id = newId();
        await t.db.query(
          `INSERT INTO notifications (tenant_id, id, user_id, kind, title, dedupe_key) VALUES ($1, $2, $3, 'test', 'x', $4)`,
          [owner.tenantId, id, owner.userId, `test:${id}`],
        );
        return id;
      };
      await matrix([
        {
          route: 'GET /api/v1/notifications',
          relations: ['own'],
          allowed: everyone,
          request: async () => ({ method: 'GET', url: '/api/v1/notifications' }),
        },
        {
          route: 'POST /api/v1/notifications/:id/read',
          relations: all,
          allowed: (_role, relation) => relation === 'own',
          request: async (_a, owner) => ({
            method: 'POST',
            url: `/api/v1/notifications/${await notificationOf(owner)}/read`,
          }),
        },
      ]);
    });

    it('signed-out requests get 401', async () => {
      const id = newId();
      for (const [method, url] of [
        ['GET', '/api/v1/interactions'],
        ['POST', '/api/v1/interactions'],
        ['GET', `/api/v1/notes/${id}`],
        ['PATCH', `/api/v1/tasks/${id}`],
        ['GET', '/api/v1/tasks/fields'],
        ['POST', '/api/v1/tasks/bulk'],
        ['GET', '/api/v1/agenda?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z'],
        ['POST', '/api/v1/agenda/feed'],
        ['GET', '/api/v1/notifications'],
        ['POST', `/api/v1/notifications/${id}/read`],
      ] as const) {
        // A valid body: validation comes before authentication.
        const body =
          url === '/api/v1/interactions'
            ? { channel: 'call', direction: 'out' }
            : url === '/api/v1/tasks/bulk'
              ? { action: 'complete', ids: [id] }
              : {};
        const res = await call(t.app, { method, url, ...(method === 'GET' ? {} : { body }) });
        expect(`${method} ${url} ${res.statusCode}`).toBe(`${method} ${url} 401`);
      }
    });
  },
);

import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import { MAX_BULK } from '../../platform/http/bulk.js';
import {
  idempotent,
  ifMatchVersion,
  sendCreated,
  setVersionHeader,
} from '../../platform/http/concurrency.js';
import { listPageSchema } from '../../platform/http/list-query.js';
import { listFieldsRoute } from '../../platform/http/list-registry.js';
import { notFound, ProblemSchema } from '../../platform/http/problem.js';
import { assertCan, can } from '../../platform/permissions/can.js';
import type { PlatformDeps } from '../../platform/routes.js';
import { inTenant } from '../../platform/tenancy/context.js';
import { FEED_FILE, feedCalendar, regenerateFeed, revokeFeed } from './calendar.js';
import { listNotifications, markNotificationRead } from './notifications.js';
import { INTERACTIONS_MODULE, NOTES_MODULE, NOTIFICATIONS_MODULE, TASKS_MODULE } from './permissions.js';
import { startReminderSweep } from './reminders.js';
import {
  AgendaQuerySchema,
  CalendarFeedSchema,
  InteractionCreateSchema,
  InteractionListQuerySchema,
  InteractionPatchSchema,
  InteractionSchema,
  NoteCreateSchema,
  NoteListQuerySchema,
  NotePatchSchema,
  NoteSchema,
  NotificationListQuerySchema,
  NotificationSchema,
  TaskBulkActionSchema,
  TaskBulkResultSchema,
  TaskCreateSchema,
  TaskListQuerySchema,
  TaskPatchSchema,
  TaskSchema,
} from './schemas.js';
import * as svc from './service.js';
import { applyTaskBulk } from './task-bulk.js';
import * as tasks from './tasks.js';
import './lead-conversion.js';
import './merge-movers.js';
import './timeline-sources.js';

const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};
const byId = z.object({ id: z.uuid() });

export function interactionsRoutes(app: FastifyInstance, { db, jobs, config }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Due reminders become notifications: every serving process sweeps (claims are exclusive), the job
  // system's workers deliver them.
  let stopSweep: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopSweep = startReminderSweep(db, jobs, app.log);
  });
  app.addHook('onClose', async () => {
    await stopSweep?.();
  });

  // ---- interactions (تعامل‌ها) ----
  r.get(
    '/api/v1/interactions',
    {
      schema: {
        tags: ['interactions'],
        summary:
          'Interactions you may see (filter: channel, contactId, accountId, leadId, episodeId, from, to; or ?filter=)',
        querystring: InteractionListQuerySchema,
        response: { 200: listPageSchema(InteractionSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: INTERACTIONS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => svc.listInteractions(tx, ctx, request.query));
    },
  );

  r.post(
    '/api/v1/interactions',
    {
      schema: {
        tags: ['interactions'],
        summary: 'Log an interaction (at least one of contactId, accountId, leadId)',
        body: InteractionCreateSchema,
        response: { 201: InteractionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: INTERACTIONS_MODULE });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await svc.createInteraction(tx, ctx, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );

  r.get(
    '/api/v1/interactions/:id',
    {
      schema: {
        tags: ['interactions'],
        summary: 'One interaction',
        params: byId,
        response: { 200: InteractionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: INTERACTIONS_MODULE });
      const item = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.getInteraction(tx, ctx, request.params.id),
      );
      setVersionHeader(reply, item.version);
      return item;
    },
  );

  r.patch(
    '/api/v1/interactions/:id',
    {
      schema: {
        tags: ['interactions'],
        summary: 'Change an interaction (If-Match: version)',
        params: byId,
        body: InteractionPatchSchema,
        response: { 200: InteractionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: INTERACTIONS_MODULE });
      const item = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.updateInteraction(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, item.version);
      return item;
    },
  );

  r.delete(
    '/api/v1/interactions/:id',
    {
      schema: {
        tags: ['interactions'],
        summary: 'Delete an interaction (to the recycle bin)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: INTERACTIONS_MODULE });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.deleteInteraction(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  // ---- notes (یادداشت‌ها) ----
  r.get(
    '/api/v1/notes',
    {
      schema: {
        tags: ['notes'],
        summary: 'Notes you may see (filter: contactId, accountId, leadId; q searches the text)',
        querystring: NoteListQuerySchema,
        response: { 200: listPageSchema(NoteSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: NOTES_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => svc.listNotes(tx, ctx, request.query));
    },
  );

  r.post(
    '/api/v1/notes',
    {
      schema: {
        tags: ['notes'],
        summary: 'Write a note on a contact, account or lead (rich text, sanitised)',
        body: NoteCreateSchema,
        response: { 201: NoteSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: NOTES_MODULE });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await svc.createNote(tx, ctx, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );

  r.get(
    '/api/v1/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'One note',
        params: byId,
        response: { 200: NoteSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: NOTES_MODULE });
      const note = await inTenant(db, ctx.actor.tenantId, (tx) => svc.getNote(tx, ctx, request.params.id));
      setVersionHeader(reply, note.version);
      return note;
    },
  );

  r.patch(
    '/api/v1/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'Change a note (If-Match: version)',
        params: byId,
        body: NotePatchSchema,
        response: { 200: NoteSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: NOTES_MODULE });
      const note = await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.updateNote(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, note.version);
      return note;
    },
  );

  r.delete(
    '/api/v1/notes/:id',
    {
      schema: {
        tags: ['notes'],
        summary: 'Delete a note (to the recycle bin)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: NOTES_MODULE });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        svc.deleteNote(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  // ---- tasks (وظایف) ----
  r.get(
    '/api/v1/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Tasks you may see (filter: status, assigned me/team, overdue, assigneeId, contactId, accountId, leadId; or ?filter=)',
        querystring: TaskListQuerySchema,
        response: { 200: listPageSchema(TaskSchema), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: TASKS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => tasks.listTasks(tx, ctx, request.query));
    },
  );

  r.post(
    '/api/v1/tasks',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Create a task, call or meeting (assigned to you unless assigneeId)',
        body: TaskCreateSchema,
        response: { 201: TaskSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'create', { module: TASKS_MODULE });
      const result = await inTenant(db, ctx.actor.tenantId, (tx) =>
        idempotent(tx, ctx, request, async () => ({
          status: 201,
          body: await tasks.createTask(tx, ctx, request.body),
        })),
      );
      return sendCreated(reply, result);
    },
  );

  r.get(
    '/api/v1/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'One task',
        params: byId,
        response: { 200: TaskSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: TASKS_MODULE });
      const task = await inTenant(db, ctx.actor.tenantId, (tx) => tasks.getTask(tx, ctx, request.params.id));
      setVersionHeader(reply, task.version);
      return task;
    },
  );

  r.patch(
    '/api/v1/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Change a task; status "done" records doneAt (If-Match: version)',
        params: byId,
        body: TaskPatchSchema,
        response: { 200: TaskSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'update', { module: TASKS_MODULE });
      const task = await inTenant(db, ctx.actor.tenantId, (tx) =>
        tasks.updateTask(tx, ctx, request.params.id, request.body, ifMatchVersion(request)),
      );
      setVersionHeader(reply, task.version);
      return task;
    },
  );

  r.delete(
    '/api/v1/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Delete a task (to the recycle bin)',
        params: byId,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'delete', { module: TASKS_MODULE });
      await inTenant(db, ctx.actor.tenantId, (tx) =>
        tasks.deleteTask(tx, ctx, request.params.id, ifMatchVersion(request)),
      );
      return reply.status(204).send(null);
    },
  );

  listFieldsRoute(app, db, { entity: 'task', plural: 'tasks', tags: ['tasks'] });

  r.post(
    '/api/v1/tasks/bulk',
    {
      schema: {
        tags: ['tasks'],
        summary: `Assign, complete, reopen, reschedule or delete up to ${MAX_BULK} tasks at once: all or none (errors at ids.N)`,
        body: TaskBulkActionSchema,
        response: { 200: TaskBulkResultSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, request.body.action === 'delete' ? 'delete' : 'update', { module: TASKS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => applyTaskBulk(tx, ctx, request.body));
    },
  );

  // ---- agenda and calendar feed ----
  r.get(
    '/api/v1/agenda',
    {
      schema: {
        tags: ['tasks'],
        summary:
          'Your tasks, calls and meetings due in [from, to) (at most 400 days), and your calls, meetings and in-person touchpoints then',
        querystring: AgendaQuerySchema,
        response: {
          200: z.object({
            from: z.date(),
            to: z.date(),
            items: z.array(TaskSchema),
            interactions: z
              .array(InteractionSchema)
              .describe('Empty for a role that may not read interactions'),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: TASKS_MODULE });
      return inTenant(db, ctx.actor.tenantId, async (tx) => {
        const due = await tasks.agenda(tx, ctx, request.query);
        const interactions = can(ctx.actor, 'read', { module: INTERACTIONS_MODULE })
          ? await svc.agendaInteractions(tx, ctx, request.query)
          : [];
        return { ...due, interactions };
      });
    },
  );

  r.post(
    '/api/v1/agenda/feed',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Make a new secret iCalendar feed URL of your agenda (revokes the previous one)',
        response: { 201: CalendarFeedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: TASKS_MODULE });
      const feed = await inTenant(db, ctx.actor.tenantId, (tx) => regenerateFeed(tx, ctx, config.publicUrl));
      return reply.status(201).send(feed);
    },
  );

  r.delete(
    '/api/v1/agenda/feed',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Revoke your calendar feed URL',
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: TASKS_MODULE });
      await inTenant(db, ctx.actor.tenantId, (tx) => revokeFeed(tx, ctx));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/calendar/:file',
    {
      schema: {
        tags: ['tasks'],
        summary: 'iCalendar feed (text/calendar) by its secret file name <secret>.ics; no sign-in',
        security: [],
        params: z.object({ file: z.string().max(100) }),
        response: { 200: z.string().describe('text/calendar'), 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const match = FEED_FILE.exec(request.params.file);
      if (!match?.[1]) throw notFound('Calendar feed');
      const text = await feedCalendar(db, match[1]);
      return reply
        .header('cache-control', 'private, max-age=300')
        .type('text/calendar; charset=utf-8')
        .serializer((payload: unknown) => payload as string)
        .send(text);
    },
  );

  // ---- notifications (اعلان‌ها) ----
  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your notifications, newest first (unread=true for unread only)',
        querystring: NotificationListQuerySchema,
        response: {
          200: z.object({
            items: z.array(NotificationSchema),
            nextCursor: z.string().nullable(),
            unreadCount: z.number().int(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: NOTIFICATIONS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => listNotifications(tx, ctx, request.query));
    },
  );

  r.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of your notifications read',
        params: byId,
        response: { 200: NotificationSchema, ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: NOTIFICATIONS_MODULE });
      return inTenant(db, ctx.actor.tenantId, (tx) => markNotificationRead(tx, ctx, request.params.id));
    },
  );
}

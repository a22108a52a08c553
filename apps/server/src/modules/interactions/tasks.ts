import type { z } from 'zod';
import { audit } from '../../platform/audit/audit.js';
import { allOf, raw, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import {
  escapeLike,
  type ListQuery,
  type ListResource,
  runListQuery,
} from '../../platform/http/list-query.js';
import { registerList } from '../../platform/http/list-registry.js';
import { fieldError, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { visibleTo } from '../../platform/permissions/can.js';
import { assertAssignable, assertRecordAccess, ownerTeamsSql } from '../../platform/permissions/records.js';
import { moveToRecycleBin } from '../../platform/recycle-bin/recycle-bin.js';
import type { Context } from '../../platform/tenancy/context.js';
import { assertCustomerRefs } from './customer-refs.js';
import { TASKS_MODULE } from './permissions.js';
import { sanitizeRichText } from './rich-text.js';
import {
  PRIORITIES,
  TASK_KINDS,
  TASK_STATUSES,
  type TaskAssigned,
  type TaskCreateSchema,
  type TaskListQuerySchema,
  type TaskPatchSchema,
  type TaskView,
} from './schemas.js';

/** Tasks (I-08): calls, meetings and to-dos. The assignee owns the task for permission scopes. */

export const TASK_COLUMNS = `t.id, t.kind, t.title, t.description, t.due_at AS "dueAt", t.duration_minutes AS "durationMinutes",
  t.remind_at AS "remindAt", t.status, t.done_at AS "doneAt", t.priority, t.assignee_id AS "assigneeId",
  t.created_by AS "createdBy", t.contact_id AS "contactId", t.account_id AS "accountId", t.lead_id AS "leadId",
  t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;
type TaskRow = TaskView & { owner_team_ids: string[] };

const taskList: ListResource = {
  idColumn: sql`t.id`,
  defaultSort: 'dueAt',
  fields: {
    id: { column: sql`t.id`, type: 'uuid' },
    kind: { column: sql`t.kind`, type: 'enum', values: TASK_KINDS },
    status: { column: sql`t.status`, type: 'enum', values: TASK_STATUSES },
    priority: { column: sql`t.priority`, type: 'enum', values: PRIORITIES },
    title: { column: sql`t.title`, type: 'text', collate: 'und-x-icu' },
    dueAt: { column: sql`t.due_at`, type: 'datetime' },
    remindAt: { column: sql`t.remind_at`, type: 'datetime' },
    doneAt: { column: sql`t.done_at`, type: 'datetime' },
    createdAt: { column: sql`t.created_at`, type: 'datetime' },
    updatedAt: { column: sql`t.updated_at`, type: 'datetime' },
    assigneeId: { column: sql`t.assignee_id`, type: 'uuid', references: 'member' },
    contactId: { column: sql`t.contact_id`, type: 'uuid' },
    accountId: { column: sql`t.account_id`, type: 'uuid' },
    leadId: { column: sql`t.lead_id`, type: 'uuid' },
  },
  search: (q) => sql`t.title ILIKE ${`%${escapeLike(q)}%`}`,
};
// Tasks have no custom fields: the catalogue is the same for every organisation.
registerList({ entity: 'task', module: TASKS_MODULE, resource: async () => taskList });

const view = (row: TaskRow): TaskView => {
  const { owner_team_ids: _, ...rest } = row;
  return rest;
};

/** Still to do and past its due time; a task with no due date is never overdue. */
const OVERDUE = sql`(t.status IN ('open', 'in_progress') AND t.due_at IS NOT NULL AND t.due_at < now())`;

function assignedTo(ctx: Context, who: TaskAssigned) {
  if (who === 'me') return sql`t.assignee_id = ${ctx.actor.userId}::uuid`;
  return sql`(t.assignee_id = ${ctx.actor.userId}::uuid OR t.assignee_id IN (
    SELECT tm.user_id FROM team_members tm WHERE tm.team_id = ANY(${ctx.actor.teamIds}::uuid[])))`;
}

/** The list query with the tasks list's own filters (all optional: exports pass a plain list query). */
type TaskListInput = ListQuery & Omit<z.infer<typeof TaskListQuerySchema>, keyof ListQuery>;

export async function listTasks(tx: Transaction, ctx: Context, query: TaskListInput) {
  return runListQuery<TaskView>(tx, taskList, query, {
    from: sql`tasks t`,
    select: raw(TASK_COLUMNS),
    where: allOf([
      sql`t.deleted_at IS NULL`,
      visibleTo(ctx.actor, sql`t.assignee_id`),
      query.status && sql`t.status = ${query.status}`,
      query.assigned && assignedTo(ctx, query.assigned),
      query.overdue !== undefined && (query.overdue ? OVERDUE : sql`NOT ${OVERDUE}`),
      query.assigneeId && sql`t.assignee_id = ${query.assigneeId}::uuid`,
      query.contactId && sql`t.contact_id = ${query.contactId}::uuid`,
      query.accountId && sql`t.account_id = ${query.accountId}::uuid`,
      query.leadId && sql`t.lead_id = ${query.leadId}::uuid`,
    ]),
  });
}

async function taskRow(tx: Transaction, id: string, lock = false): Promise<TaskRow | undefined> {
  const { rows } = await tx.query<TaskRow>(
    `SELECT ${TASK_COLUMNS}, ${ownerTeamsSql('t', 'assignee_id')} FROM tasks t
     WHERE t.id = $1 AND t.deleted_at IS NULL${lock ? ' FOR UPDATE OF t' : ''}`,
    [id],
  );
  return rows[0];
}

async function loadTask(tx: Transaction, ctx: Context, id: string, action: 'read' | 'update' | 'delete') {
  const row = await taskRow(tx, id, action !== 'read');
  if (!row) throw notFound('Task');
  assertRecordAccess(
    ctx.actor,
    action,
    TASKS_MODULE,
    { ownerId: row.assigneeId, ownerTeamIds: row.owner_team_ids },
    'Task',
  );
  return row;
}

export async function getTask(tx: Transaction, ctx: Context, id: string): Promise<TaskView> {
  return view(await loadTask(tx, ctx, id, 'read'));
}

const taskEvent = (t: TaskView) => ({
  taskId: t.id,
  kind: t.kind,
  status: t.status,
  dueAt: t.dueAt,
  assigneeId: t.assigneeId,
  contactId: t.contactId,
  accountId: t.accountId,
  leadId: t.leadId,
});

export async function createTask(
  tx: Transaction,
  ctx: Context,
  input: z.infer<typeof TaskCreateSchema>,
): Promise<TaskView> {
  const assigneeId = input.assigneeId ?? ctx.actor.userId;
  if (assigneeId !== ctx.actor.userId)
    await assertAssignable(tx, ctx.actor, 'create', TASKS_MODULE, assigneeId, 'assigneeId');
  await assertCustomerRefs(tx, ctx.actor, input, false);
  const description = sanitizeRichText(input.description ?? '');
  const status = input.status ?? 'open';
  const id = newId();
  await tx.query(
    `INSERT INTO tasks (tenant_id, id, kind, title, description, due_at, duration_minutes, remind_at, status, done_at,
       priority, assignee_id, created_by, contact_id, account_id, lead_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 = 'done' THEN now() END, $10, $11, $12, $13, $14, $15)`,
    [
      ctx.actor.tenantId,
      id,
      input.kind ?? 'todo',
      input.title,
      description,
      input.dueAt ?? null,
      input.durationMinutes ?? null,
      input.remindAt ?? null,
      status,
      input.priority ?? 'normal',
      assigneeId,
      ctx.actor.userId,
      input.contactId ?? null,
      input.accountId ?? null,
      input.leadId ?? null,
    ],
  );
  const after = view((await taskRow(tx, id)) as TaskRow);
  await audit(tx, ctx, { entity: 'task', entityId: id, action: 'create', after });
  await emit(tx, ctx, 'task.created', taskEvent(after));
  return after;
}

export async function updateTask(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: z.infer<typeof TaskPatchSchema>,
  expectedVersion?: number,
): Promise<TaskView> {
  const row = await loadTask(tx, ctx, id, 'update');
  assertVersion(expectedVersion, row.version, 'This task');
  const before = view(row);
  if (patch.assigneeId !== undefined && patch.assigneeId !== before.assigneeId)
    await assertAssignable(tx, ctx.actor, 'update', TASKS_MODULE, patch.assigneeId, 'assigneeId');
  await assertCustomerRefs(tx, ctx.actor, patch, false);
  const has = (k: keyof typeof patch) => patch[k] !== undefined;
  const description = has('description') ? sanitizeRichText(patch.description as string) : before.description;
  const status = patch.status ?? before.status;
  // A changed reminder time is a new reminder: the sweep will queue it again.
  const remindChanged = has('remindAt');
  await tx.query(
    `UPDATE tasks SET kind = $2, title = $3, description = $4, due_at = $5, duration_minutes = $6,
       remind_at = $7, reminder_queued_at = CASE WHEN $8 THEN NULL ELSE reminder_queued_at END,
       status = $9, done_at = CASE WHEN $9 = 'done' THEN COALESCE(done_at, now()) END,
       priority = $10, assignee_id = $11, contact_id = $12, account_id = $13, lead_id = $14,
       updated_at = now(), version = version + 1
     WHERE id = $1`,
    [
      id,
      patch.kind ?? before.kind,
      patch.title ?? before.title,
      description,
      has('dueAt') ? patch.dueAt : before.dueAt,
      has('durationMinutes') ? patch.durationMinutes : before.durationMinutes,
      remindChanged ? patch.remindAt : before.remindAt,
      remindChanged,
      status,
      patch.priority ?? before.priority,
      patch.assigneeId ?? before.assigneeId,
      has('contactId') ? patch.contactId : before.contactId,
      has('accountId') ? patch.accountId : before.accountId,
      has('leadId') ? patch.leadId : before.leadId,
    ],
  );
  const after = view((await taskRow(tx, id)) as TaskRow);
  await audit(tx, ctx, { entity: 'task', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'task.updated', taskEvent(after));
  if (before.status !== 'done' && after.status === 'done')
    await emit(tx, ctx, 'task.completed', taskEvent(after));
  return after;
}

export async function deleteTask(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await loadTask(tx, ctx, id, 'delete');
  assertVersion(expectedVersion, row.version, 'This task');
  const before = view(row);
  await moveToRecycleBin(tx, ctx, { table: 'tasks', entity: 'task', id, before, event: taskEvent(before) });
}

const MAX_AGENDA_DAYS = 400;

/** The signed-in person's tasks, calls and meetings due in [from, to), by due time. */
export async function agenda(tx: Transaction, ctx: Context, range: { from: string; to: string }) {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (!(to > from)) throw fieldError('query.to', 'Must be after from', 'invalid_range');
  if (to - from > MAX_AGENDA_DAYS * 86_400_000)
    throw fieldError('query.to', `At most ${MAX_AGENDA_DAYS} days after from`, 'invalid_range');
  const { rows } = await tx.query<TaskView>(
    `SELECT ${TASK_COLUMNS} FROM tasks t
     WHERE t.assignee_id = $1 AND t.deleted_at IS NULL AND t.status <> 'cancelled'
       AND t.due_at >= $2::timestamptz AND t.due_at < $3::timestamptz
     ORDER BY t.due_at, t.id LIMIT 2000`,
    [ctx.actor.userId, range.from, range.to],
  );
  return { from: new Date(from), to: new Date(to), items: rows };
}

/** Open tasks linked to a customer record (for the customer 360), soonest first. */
export async function openTasksOf(
  tx: Transaction,
  ctx: Context,
  subject: { type: 'account' | 'contact'; id: string },
  limit = 20,
): Promise<TaskView[]> {
  const column = subject.type === 'account' ? sql`t.account_id` : sql`t.contact_id`;
  const { rows } = await tx.query<TaskView>(
    sql`SELECT ${raw(TASK_COLUMNS)} FROM tasks t
     WHERE ${column} = ${subject.id}::uuid AND t.deleted_at IS NULL AND t.status IN ('open', 'in_progress')
       AND ${visibleTo(ctx.actor, sql`t.assignee_id`)}
     ORDER BY t.due_at ASC NULLS LAST, t.id LIMIT ${limit}`,
  );
  return rows;
}

/**
 * Task reminders become in-app notifications through the job system.
 *
 * 1. The sweep (every 30 s in each serving process, see startReminderSweep) claims due reminders across
 *    organisations — `remind_at <= now()`, not yet queued, task open — with FOR UPDATE SKIP LOCKED, marks
 *    them queued, and in the same transaction queues one `tasks.reminders` job per organisation. Several
 *    processes sweeping at once never queue one reminder twice.
 * 2. The job writes one notification per reminder for the assignee. Its dedupe key is the task and the
 *    reminder time, unique per person: a job delivered twice (retry after a crash) inserts nothing new.
 *    It re-reads each task, so a reminder of a task that was done, cancelled, deleted or re-timed in the
 *    meantime is dropped.
 * Changing a task's remindAt clears its queued mark, so the new time is reminded again.
 */
import type { Logger } from 'pino';
import type { Database, Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { newId } from '../../platform/ids.js';
import { defineJob, type Jobs } from '../../platform/jobs/jobs.js';
import { startPeriodic } from '../../platform/periodic.js';
import { builtinRole } from '../../platform/permissions/rights.js';
import { type Context, inTenant } from '../../platform/tenancy/context.js';
import { plainText } from './rich-text.js';

export const REMINDER_QUEUE = 'tasks.reminders';
export const REMINDER_SWEEP_MS = 30_000;

interface Reminder {
  taskId: string;
  /** remind_at as UTC text with microseconds, so equality (and the dedupe key) is exact. */
  remindAt: string;
}

/** A context for work the system does on a person's behalf (events and job runs name that person). */
function systemContext(tenantId: string, userId: string): Context {
  return {
    actor: {
      kind: 'user',
      userId,
      tenantId,
      role: { id: userId, key: 'system', ...builtinRole('read_only') },
      teamIds: [],
    },
    requestId: `reminders:${newId()}`,
  };
}

/** Claims due reminders and queues their jobs; returns how many reminders were queued. */
export async function sweepReminders(db: Database, jobs: Jobs, batch = 500): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{
      tenant_id: string;
      id: string;
      remind_key: string;
      who: string | null;
    }>(
      `SELECT tenant_id, id, to_char(remind_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS remind_key,
         COALESCE(assignee_id, created_by) AS who FROM tasks
       WHERE remind_at <= now() AND reminder_queued_at IS NULL AND done_at IS NULL AND deleted_at IS NULL
         AND status <> 'cancelled'
       ORDER BY remind_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
    if (!rows.length) return 0;
    const byTenant = new Map<string, { who: string | null; reminders: Reminder[] }>();
    for (const r of rows) {
      const entry = byTenant.get(r.tenant_id) ?? { who: null, reminders: [] };
      entry.who ??= r.who;
      entry.reminders.push({ taskId: r.id, remindAt: r.remind_key });
      byTenant.set(r.tenant_id, entry);
    }
    for (const [tenantId, entry] of byTenant) {
      if (!entry.who) continue;
      await jobs.enqueue(tx, systemContext(tenantId, entry.who), REMINDER_QUEUE, {
        reminders: entry.reminders,
      });
    }
    await tx.query(
      `UPDATE tasks SET reminder_queued_at = now()
       WHERE (tenant_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))`,
      [rows.map((r) => r.tenant_id), rows.map((r) => r.id)],
    );
    return rows.length;
  });
}

/** Writes the notifications of some reminders (idempotent); returns how many were new. */
export async function deliverReminders(tx: Transaction, tenantId: string, reminders: Reminder[]) {
  let created = 0;
  for (const r of reminders) {
    const { rows } = await tx.query<{
      id: string;
      kind: string;
      title: string;
      description: string;
      due_at: Date | null;
      assignee_id: string | null;
    }>(
      `SELECT id, kind, title, description, due_at, assignee_id FROM tasks
       WHERE id = $1 AND remind_at = $2::timestamptz AND done_at IS NULL AND deleted_at IS NULL AND status <> 'cancelled'`,
      [r.taskId, r.remindAt],
    );
    const task = rows[0];
    if (!task?.assignee_id) continue;
    const notificationId = newId();
    const inserted = await tx.query(
      `INSERT INTO notifications (tenant_id, id, user_id, kind, title, body, link, dedupe_key)
       VALUES ($1, $2, $3, 'task_reminder', $4, $5, $6, $7)
       ON CONFLICT (tenant_id, user_id, dedupe_key) DO NOTHING`,
      [
        tenantId,
        notificationId,
        task.assignee_id,
        task.title,
        plainText(task.description).slice(0, 500),
        `/tasks/${task.id}`,
        `task-reminder:${task.id}:${r.remindAt}`,
      ],
    );
    if (inserted.rowCount === 0) continue;
    created += 1;
    // Audited as the system's own write (no person acted).
    await tx.query(
      `INSERT INTO audit_log (tenant_id, id, actor_id, actor_type, entity, entity_id, action, changes, request_id)
       VALUES ($1, $2, NULL, 'system', 'notification', $3, 'create', $4, $5)`,
      [
        tenantId,
        newId(),
        notificationId,
        JSON.stringify({
          userId: { before: null, after: task.assignee_id },
          kind: { before: null, after: 'task_reminder' },
          taskId: { before: null, after: task.id },
        }),
        `reminders:${task.id}`,
      ],
    );
    await emit(tx, systemContext(tenantId, task.assignee_id), 'notification.created', {
      notificationId,
      userId: task.assignee_id,
      kind: 'task_reminder',
      taskId: task.id,
      dueAt: task.due_at,
    });
  }
  return created;
}

defineJob<{ reminders: Reminder[] }>(REMINDER_QUEUE, async (run) =>
  inTenant(run.db, run.tenantId, async (tx) => ({
    notified: await deliverReminders(tx, run.tenantId, run.input.reminders),
  })),
);

/** Sweeps every `intervalMs` until stopped (the returned function waits for a running sweep). */
export function startReminderSweep(
  db: Database,
  jobs: Jobs,
  log: Pick<Logger, 'error'>,
  intervalMs = REMINDER_SWEEP_MS,
): () => Promise<void> {
  return startPeriodic(
    intervalMs,
    () => sweepReminders(db, jobs),
    (err) => log.error({ err }, 'reminder sweep failed'),
  );
}

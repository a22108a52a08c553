import type { Transaction } from '../../platform/db/database.js';
import { eachOrNone } from '../../platform/http/bulk.js';
import type { Context } from '../../platform/tenancy/context.js';
import type { TaskBulkAction, TaskView } from './schemas.js';
import { deleteTask, getTask, updateTask } from './tasks.js';

type TaskChange = Parameters<typeof updateTask>[3];

/** The change one task needs for the action; null when it already is that way. */
function changeOf(task: TaskView, action: Exclude<TaskBulkAction, { action: 'delete' }>): TaskChange | null {
  switch (action.action) {
    case 'assign':
      return task.assigneeId === action.assigneeId ? null : { assigneeId: action.assigneeId };
    case 'complete':
      return task.status === 'done' ? null : { status: 'done' };
    case 'reopen':
      return task.status === 'done' ? { status: 'open' } : null;
    case 'reschedule':
      return (task.dueAt?.getTime() ?? null) === (action.dueAt === null ? null : Date.parse(action.dueAt))
        ? null
        : { dueAt: action.dueAt };
  }
}

/**
 * Applies one action to many tasks through the task's own update and delete (each checked against the
 * actor's scope, audited and announced), every task or none (eachOrNone). A task that already is that
 * way keeps its version and gets no audit row.
 */
export async function applyTaskBulk(tx: Transaction, ctx: Context, action: TaskBulkAction) {
  let changed = 0;
  const apply = async (id: string): Promise<{ id: string; version: number | null }> => {
    if (action.action === 'delete') {
      await deleteTask(tx, ctx, id);
      changed += 1;
      return { id, version: null };
    }
    const task = await getTask(tx, ctx, id);
    const change = changeOf(task, action);
    if (!change) return { id, version: task.version };
    const updated = await updateTask(tx, ctx, id, change);
    changed += 1;
    return { id, version: updated.version };
  };
  // A colleague the actor may not give tasks to is an error of the request's assigneeId, not of one task.
  const items = await eachOrNone(action.ids, apply, (path) => path === 'assigneeId');
  return { action: action.action, changed, items };
}

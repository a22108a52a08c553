// Tasks, calls and meetings as the calendar and the tasks list use them (apps/server interactions module).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const TASK_KINDS = ['todo', 'call', 'meeting'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface Task {
  id: string;
  kind: TaskKind;
  title: string;
  description: string;
  dueAt: string | null;
  durationMinutes: number | null;
  status: TaskStatus;
  priority: Priority;
  assigneeId: string | null;
  contactId: string | null;
  accountId: string | null;
  leadId: string | null;
  version: number;
}

/** What a task's edit sends: only the fields it changes. */
export type TaskChange = Partial<Pick<Task, 'title' | 'dueAt' | 'status' | 'kind' | 'priority'>>;

export const taskKeys = {
  all: ['tasks'] as const,
  agenda: (from: string, to: string) => ['tasks', 'agenda', from, to] as const,
  list: (query: string) => ['tasks', 'list', query] as const,
};

/** Your tasks, calls and meetings due in [from, to). */
export function useAgenda(from: Date, to: Date) {
  const range = { from: from.toISOString(), to: to.toISOString() };
  return useQuery({
    queryKey: taskKeys.agenda(range.from, range.to),
    queryFn: () =>
      api.get<{ items: Task[] }>(
        `/api/v1/agenda?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`,
      ),
    placeholderData: (previous) => previous,
  });
}

/**
 * Saves a change to the version of the task the user saw (If-Match): a task someone changed meanwhile is
 * refused with 409 rather than overwritten. Calendar and list are asked again either way.
 */
export function useChangeTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ task, change }: { task: Task; change: TaskChange }) =>
      api.patchVersion<Task>(`/api/v1/tasks/${task.id}`, change, task.version),
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

/** The customer 360 page a task belongs to, if it is linked to a contact or an account. */
export function customerPageOf(task: Pick<Task, 'contactId' | 'accountId'>): string | null {
  if (task.contactId) return `/customers/contacts/${task.contactId}`;
  if (task.accountId) return `/customers/accounts/${task.accountId}`;
  return null;
}

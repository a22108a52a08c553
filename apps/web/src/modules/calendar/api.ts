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

/** A call, meeting or in-person touchpoint the user logged or arranged with a customer. */
export interface Touchpoint {
  id: string;
  channel: 'call' | 'meeting' | 'in_person';
  subject: string | null;
  occurredAt: string;
  contactId: string | null;
  accountId: string | null;
  leadId: string | null;
}

/** One thing on the calendar: a task to do, or a touchpoint with a customer. */
export type AgendaEntry = { type: 'task'; task: Task } | { type: 'touchpoint'; touchpoint: Touchpoint };

export const entryId = (entry: AgendaEntry) =>
  entry.type === 'task' ? `task:${entry.task.id}` : `touchpoint:${entry.touchpoint.id}`;

/** What a task's edit sends: only the fields it changes. */
export type TaskChange = Partial<Pick<Task, 'title' | 'dueAt' | 'status' | 'kind' | 'priority'>>;

export const taskKeys = {
  all: ['tasks'] as const,
  agenda: (from: string, to: string) => ['tasks', 'agenda', from, to] as const,
  list: (query: string) => ['tasks', 'list', query] as const,
};

/** Your tasks, calls and meetings due in [from, to), and your touchpoints with customers then. */
export function useAgenda(from: Date, to: Date) {
  const range = { from: from.toISOString(), to: to.toISOString() };
  return useQuery({
    queryKey: taskKeys.agenda(range.from, range.to),
    queryFn: () =>
      api.get<{ items: Task[]; interactions: Touchpoint[] }>(
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

/**
 * The page of the customer a task or touchpoint belongs to: a contact's or account's 360 page, the leads
 * board for a lead (leads have no page of their own), none when it is not linked.
 */
export function customerPageOf(record: Pick<Task, 'contactId' | 'accountId' | 'leadId'>): string | null {
  if (record.contactId) return `/customers/contacts/${record.contactId}`;
  if (record.accountId) return `/customers/accounts/${record.accountId}`;
  if (record.leadId) return '/customers?type=lead&view=board';
  return null;
}

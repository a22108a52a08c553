import { normalizeForDisplay } from '@peyvand/persian';
import { z } from 'zod';
import { bulkIds, bulkResultSchema } from '../../platform/http/bulk.js';
import { ListQuerySchema } from '../../platform/http/list-query.js';

export const CHANNELS = [
  'email',
  'sms',
  'call',
  'meeting',
  'web_form',
  'portal',
  'chat',
  'letter',
  'fax',
  'in_person',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const DIRECTIONS = ['in', 'out'] as const;
/** Who acted first (کنش): the customer, or us — an interaction is an action or a reaction. */
export const INITIATORS = ['customer', 'us'] as const;
export const TASK_KINDS = ['call', 'meeting', 'todo'] as const;
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** One line of text as shown: Persian letters unified, spaces tidied; blank → null. */
export const line = (max: number) =>
  z
    .string()
    .max(max)
    .transform((v) => normalizeForDisplay(v) || null)
    .nullable();
/** A required one-line text (not blank after clean-up). */
export const requiredLine = (max: number) =>
  z
    .string()
    .max(max)
    .transform((v) => normalizeForDisplay(v))
    .refine((v) => v.length > 0, 'Required');
/** Rich text (HTML), sanitised by the service before it is stored. */
export const richText = (max: number) => z.string().max(max);
export const instant = () => z.iso.datetime({ offset: true });
const ref = () => z.uuid().nullable();

// ---- interactions ----

export const InteractionSchema = z
  .object({
    id: z.uuid(),
    channel: z.enum(CHANNELS),
    direction: z.enum(DIRECTIONS),
    initiator: z.enum(INITIATORS),
    subject: z.string().nullable(),
    body: z.string().describe('Sanitised HTML'),
    occurredAt: z.date(),
    durationSeconds: z.number().int().nullable(),
    outcome: z.string().nullable(),
    contactId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    episodeId: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    source: z.enum(['user', 'system']),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Interaction' });
export type InteractionView = z.infer<typeof InteractionSchema>;

const interactionFields = {
  channel: z.enum(CHANNELS),
  direction: z.enum(DIRECTIONS),
  initiator: z
    .enum(INITIATORS)
    .describe('Who acted first; default: the customer for inbound, us for outbound'),
  subject: line(500),
  body: richText(100_000),
  occurredAt: instant().describe('When it happened; default now'),
  durationSeconds: z.number().int().min(0).max(604_800).nullable(),
  outcome: line(200),
  contactId: ref(),
  accountId: ref(),
  leadId: ref(),
  episodeId: ref(),
  ownerId: z.uuid().describe('Default: the creator'),
};
export const InteractionCreateSchema = z
  .object(interactionFields)
  .partial()
  .required({ channel: true, direction: true })
  .strict()
  .meta({ id: 'InteractionCreate' });
export const InteractionPatchSchema = z.object(interactionFields).partial().strict();

export const InteractionListQuerySchema = ListQuerySchema.extend({
  channel: z.enum(CHANNELS).optional(),
  contactId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  episodeId: z.uuid().optional(),
  from: instant().optional().describe('occurredAt ≥ from'),
  to: instant().optional().describe('occurredAt < to'),
});

// ---- notes ----

export const NoteSchema = z
  .object({
    id: z.uuid(),
    body: z.string().describe('Sanitised HTML'),
    pinned: z.boolean(),
    contactId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    ownerId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Note' });
export type NoteView = z.infer<typeof NoteSchema>;
const noteFields = {
  body: richText(100_000),
  pinned: z.boolean(),
  contactId: ref(),
  accountId: ref(),
  leadId: ref(),
  ownerId: z.uuid(),
};
export const NoteCreateSchema = z
  .object(noteFields)
  .partial()
  .required({ body: true })
  .strict()
  .meta({ id: 'NoteCreate' });
export const NotePatchSchema = z.object(noteFields).partial().strict();
export const NoteListQuerySchema = ListQuerySchema.extend({
  contactId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  leadId: z.uuid().optional(),
});

// ---- tasks ----

export const TaskSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(TASK_KINDS),
    title: z.string(),
    description: z.string().describe('Sanitised HTML'),
    dueAt: z.date().nullable(),
    durationMinutes: z.number().int().nullable(),
    remindAt: z.date().nullable(),
    status: z.enum(TASK_STATUSES),
    doneAt: z.date().nullable(),
    priority: z.enum(PRIORITIES),
    assigneeId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Task' });
export type TaskView = z.infer<typeof TaskSchema>;
const taskFields = {
  kind: z.enum(TASK_KINDS),
  title: requiredLine(300),
  description: richText(50_000),
  dueAt: instant().nullable(),
  durationMinutes: z.number().int().min(1).max(10_080).nullable(),
  remindAt: instant().nullable(),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(PRIORITIES),
  assigneeId: z.uuid().describe('Default: the creator'),
  contactId: ref(),
  accountId: ref(),
  leadId: ref(),
};
export const TaskCreateSchema = z
  .object(taskFields)
  .partial()
  .required({ title: true })
  .strict()
  .meta({ id: 'TaskCreate' });
export const TaskPatchSchema = z.object(taskFields).partial().strict();
/** Whose tasks a list shows, seen from the person asking: their own, or their own and their teams'. */
export const TASK_ASSIGNED = ['me', 'team'] as const;
export type TaskAssigned = (typeof TASK_ASSIGNED)[number];
export const TaskListQuerySchema = ListQuerySchema.extend({
  status: z.enum(TASK_STATUSES).optional(),
  assigned: z
    .enum(TASK_ASSIGNED)
    .optional()
    .describe('me: assigned to you; team: to you or a member of one of your teams (within what you may see)'),
  overdue: z
    .stringbool({ truthy: ['true'], falsy: ['false'] })
    .optional()
    .describe('true: still open or in progress and due before now; false: not overdue'),
  assigneeId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  leadId: z.uuid().optional(),
});

export const TASK_BULK_ACTIONS = ['assign', 'complete', 'reopen', 'reschedule', 'delete'] as const;
/** One change applied to many tasks from the tasks list: each through the task's own update or delete. */
export const TaskBulkActionSchema = z.discriminatedUnion('action', [
  z
    .object({ action: z.literal('assign'), ids: bulkIds, assigneeId: z.uuid().describe('The colleague') })
    .strict(),
  z
    .object({ action: z.literal('complete'), ids: bulkIds })
    .strict()
    .describe('Mark done'),
  z
    .object({ action: z.literal('reopen'), ids: bulkIds })
    .strict()
    .describe('Done tasks become open again'),
  z
    .object({
      action: z.literal('reschedule'),
      ids: bulkIds,
      dueAt: instant().nullable().describe('The new due time; null: no due date'),
    })
    .strict(),
  z
    .object({ action: z.literal('delete'), ids: bulkIds })
    .strict()
    .describe('To the recycle bin'),
]);
export type TaskBulkAction = z.infer<typeof TaskBulkActionSchema>;
export const TaskBulkResultSchema = bulkResultSchema(TASK_BULK_ACTIONS, 'TaskBulkResult');

export const AgendaQuerySchema = z.object({
  from: instant(),
  to: instant(),
});

export const CalendarFeedSchema = z
  .object({
    url: z.string().describe('Secret URL of the iCalendar feed; shown once, a new one revokes the old'),
    createdAt: z.date(),
  })
  .meta({ id: 'CalendarFeed' });

// ---- notifications ----

export const NotificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    readAt: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'Notification' });
export const NotificationListQuerySchema = z.object({
  unread: z.stringbool({ truthy: ['true'], falsy: ['false'] }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

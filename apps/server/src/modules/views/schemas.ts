import { z } from 'zod';
import { LIST_LIMITS } from '../../platform/http/list-query.js';
import { listEntitySchema } from '../../platform/http/list-registry.js';

export const VISIBILITIES = ['private', 'team', 'organization'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

const name = z.string().trim().min(1, 'Must not be blank').max(100);
const filter = z
  .record(z.string(), z.unknown())
  .nullable()
  .describe(
    'A list filter as GET /api/v1/<plural>?filter= takes it: a condition {"field","op","value"} or a group ' +
      '{"and":[…]} / {"or":[…]}; checked against the list of the view\'s entity (422 at filter.and.0.field…)',
  );
const sort = z
  .string()
  .trim()
  .max(200)
  .nullable()
  .describe("As the list's sort: comma-separated fields, a leading '-' sorts descending");
const q = z.string().trim().max(LIST_LIMITS.maxQ).nullable().describe("The list's search text");
const columns = z
  .array(z.string().max(100))
  .max(100)
  .describe('The visible columns in order: field names of the list (name, phones, custom.<key>…)');
const visibility = z
  .enum(VISIBILITIES)
  .describe('private: the owner only; team: members of teamId; organization: every member');
const teamId = z.uuid().nullable().describe('The team a view is shared with (visibility "team" only)');

export const ViewCreateSchema = z.object({
  entity: listEntitySchema,
  name,
  filter: filter.optional(),
  sort: sort.optional(),
  q: q.optional(),
  columns: columns.default([]),
  visibility: visibility.default('private'),
  teamId: teamId.optional(),
});
export type ViewCreate = z.infer<typeof ViewCreateSchema>;

export const ViewPatchSchema = z.object({
  name: name.optional(),
  filter: filter.optional(),
  sort: sort.optional(),
  q: q.optional(),
  columns: columns.optional(),
  visibility: visibility.optional(),
  teamId: teamId.optional(),
});
export type ViewPatch = z.infer<typeof ViewPatchSchema>;

export const ViewListQuerySchema = z.object({
  entity: listEntitySchema.optional().describe('Only the views of this list'),
});

export const ViewSchema = z
  .object({
    id: z.uuid(),
    entity: z.string().describe('The list: contact, account, lead, task…'),
    name: z.string(),
    filter: z.record(z.string(), z.unknown()).nullable(),
    sort: z.string().nullable(),
    q: z.string().nullable(),
    columns: z.array(z.string()),
    visibility: z.enum(VISIBILITIES),
    teamId: z.uuid().nullable(),
    ownerId: z.uuid(),
    editable: z.boolean().describe('May the asking member change or delete it'),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'SavedView' });
export type View = z.infer<typeof ViewSchema>;

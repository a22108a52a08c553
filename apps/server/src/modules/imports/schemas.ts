import { z } from 'zod';
import { ENTITIES } from '../customers/schemas.js';
import { ENCODINGS, FORMATS } from './sources.js';

export const POLICIES = ['skip', 'update', 'create'] as const;
export const IMPORT_STATUSES = ['ready', 'dry_running', 'running', 'stopped', 'failed', 'completed'] as const;

const CountsShape = {
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int().describe('Duplicates left alone (policy skip)'),
  rejected: z.number().int(),
  blank: z.number().int().describe('Rows with no value in any mapped column'),
  accountsCreated: z.number().int().describe('Contacts: accounts made for company names not found'),
};
export const ImportCountsSchema = z.object(CountsShape).meta({ id: 'ImportCounts' });

export const TargetFieldSchema = z
  .object({
    key: z.string(),
    labelEn: z.string(),
    labelFa: z.string(),
    list: z.boolean().describe('Several columns may map to it; a cell may hold several values'),
  })
  .meta({ id: 'ImportTargetField' });

export const MappingEntrySchema = z.object({
  column: z.number().int().min(0).describe('Column index, from 0'),
  field: z
    .string()
    .max(80)
    .nullable()
    .describe('A target field key (see fields), custom.<key>, or null to skip'),
});

export const ImportSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(ENTITIES),
    fileName: z.string(),
    size: z.number().int(),
    format: z.enum(FORMATS),
    encoding: z.enum(ENCODINGS).nullable(),
    delimiter: z.string().nullable(),
    hasHeader: z.boolean(),
    columns: z.array(
      z.object({
        index: z.number().int(),
        header: z.string(),
        samples: z.array(z.string()),
        field: z.string().nullable().describe('The field this column is mapped to'),
      }),
    ),
    sample: z.array(z.array(z.string())).describe('The first data rows, cell by cell'),
    mapping: z.array(MappingEntrySchema),
    fields: z.array(TargetFieldSchema).describe('What a column can be mapped to'),
    duplicatePolicy: z.enum(POLICIES),
    status: z.enum(IMPORT_STATUSES),
    rowsTotal: z.number().int().nullable().describe('Data rows in the file, once counted'),
    lastRow: z.number().int().describe('The last source row (header = row 1) whose batch is committed'),
    counts: ImportCountsSchema,
    dryRun: z
      .object({
        status: z.enum(['running', 'completed', 'failed', 'stopped']),
        lastRow: z.number().int(),
        rowsTotal: z.number().int().nullable(),
        ...CountsShape,
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        error: z.string().nullable(),
      })
      .nullable(),
    jobId: z
      .uuid()
      .nullable()
      .describe('The last dry run or run: GET /api/v1/jobs/{id} for progress, rate and ETA'),
    error: z.string().nullable(),
    createdBy: z.uuid(),
    createdAt: z.date(),
    updatedAt: z.date(),
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Import' });
export type ImportView = z.infer<typeof ImportSchema>;

export const ImportCreateQuerySchema = z.object({
  type: z.enum(ENTITIES).describe('What the rows are: account, contact or lead'),
  name: z.string().max(255).optional().describe('The file name (raw uploads)'),
});

export const ImportPatchSchema = z
  .object({
    mapping: z
      .array(MappingEntrySchema)
      .max(500)
      .describe('Replaces the mapping; columns not listed are skipped'),
    duplicatePolicy: z
      .enum(POLICIES)
      .describe('A row matching an existing record: skip it, update the match, or create anyway'),
    encoding: z.enum(ENCODINGS).describe('CSV and vCard: read the file in this encoding'),
    delimiter: z
      .string()
      .min(1)
      .max(4)
      .refine((d) => !/["\r\n]/.test(d), 'Not a usable delimiter')
      .describe('CSV: the delimiter'),
    hasHeader: z.boolean().describe('CSV and XLSX: the first row holds column names'),
  })
  .partial()
  .strict();
export type ImportPatch = z.infer<typeof ImportPatchSchema>;

export const JobStartedSchema = z
  .object({ import: ImportSchema, jobId: z.uuid() })
  .meta({ id: 'ImportJobStarted' });

export const ImportRowSchema = z
  .object({
    row: z.number().int(),
    outcome: z.enum(['rejected', 'skipped', 'updated', 'created']),
    recordId: z.uuid().nullable(),
    matchId: z.uuid().nullable().describe('The existing record it matched'),
    matchReason: z.string().nullable().describe('nationalId, email or phone'),
    matchRow: z.number().int().nullable().describe('Dry run: the earlier row of the file it matched'),
    errors: z.array(
      z.object({ column: z.string().nullable(), field: z.string(), message: z.string(), code: z.string() }),
    ),
    cells: z.array(z.string()).nullable(),
  })
  .meta({ id: 'ImportRow' });

export const ImportRowsQuerySchema = z.object({
  mode: z.enum(['run', 'dry_run']).default('run'),
  outcome: z.enum(['rejected', 'skipped', 'updated', 'created']).optional(),
  after: z.coerce.number().int().min(0).default(0).describe('Rows after this row number'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const RejectsQuerySchema = z.object({
  mode: z.enum(['run', 'dry_run']).default('run'),
});

// ---- exports ----

/** The lists that can be exported: the customer records, and tasks. */
export const EXPORT_TYPES = [...ENTITIES, 'task'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx', 'vcard'] as const;
export const ExportCreateSchema = z
  .object({
    type: z.enum(EXPORT_TYPES),
    format: z.enum(EXPORT_FORMATS).default('csv').describe('vcard: contacts only'),
    filter: z
      .unknown()
      .optional()
      .describe('The list filter, as in GET /api/v1/<type>s?filter= (a JSON object, not a string)'),
    sort: z.string().max(200).optional(),
    q: z.string().trim().max(200).optional(),
    columns: z
      .array(z.string().min(1).max(80))
      .max(200)
      .optional()
      .describe('Columns in order (see GET /api/v1/exports/columns); default: all but ids'),
    headers: z.enum(['fa', 'en']).default('fa').describe('Column titles in Persian or English'),
    vcardVersion: z.enum(['3.0', '4.0']).default('3.0'),
  })
  .strict();
export type ExportCreate = z.infer<typeof ExportCreateSchema>;

export const ExportSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(EXPORT_TYPES),
    format: z.enum(EXPORT_FORMATS),
    columns: z.array(z.string()),
    status: z.enum(['queued', 'running', 'completed', 'failed']),
    rowsWritten: z.number().int(),
    size: z.number().int().nullable(),
    fileName: z.string().nullable(),
    jobId: z.uuid().nullable(),
    error: z.string().nullable(),
    createdBy: z.uuid(),
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
  })
  .meta({ id: 'Export' });
export type ExportView = z.infer<typeof ExportSchema>;

export const ExportColumnsSchema = z
  .object({
    columns: z.array(
      z.object({ key: z.string(), labelFa: z.string(), labelEn: z.string(), default: z.boolean() }),
    ),
  })
  .meta({ id: 'ExportColumns' });

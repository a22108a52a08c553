import { z } from 'zod';
import { RECORD_TYPES } from './entities.js';
import { CHECKS } from './quality.js';

const recordType = z.enum(RECORD_TYPES);

export const ScanRequestSchema = z
  .object({
    types: z.array(recordType).min(1).max(3).default(['contact', 'account', 'lead']),
  })
  .strict();

export const JobStartedSchema = z
  .object({ jobId: z.uuid().describe('Follow it at GET /api/v1/jobs/{jobId} (or its /events stream)') })
  .meta({ id: 'JobStarted' });

export const ReasonSchema = z
  .object({
    kind: z.enum(['phone', 'email', 'nationalId', 'name']),
    value: z.string().optional().describe('The shared phone (E.164), e-mail or ID'),
    similarity: z.number().optional().describe('Name similarity 0–1'),
  })
  .meta({ id: 'DuplicateReason' });

export const CandidateSchema = z
  .object({
    id: z.uuid(),
    type: recordType,
    score: z.number().describe('0–1; pairs ≥ 0.8 are stored'),
    reasons: z.array(ReasonSchema),
    status: z.enum(['open', 'dismissed', 'merged']),
    records: z.array(z.object({ id: z.uuid(), title: z.string(), ownerId: z.uuid().nullable() })).length(2),
    mergeId: z.uuid().nullable(),
    decidedBy: z.uuid().nullable(),
    decidedAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'DuplicatePair' });

export const CandidateListQuerySchema = z.object({
  type: recordType.optional(),
  status: z.enum(['open', 'dismissed', 'merged']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const CandidatePageSchema = z.object({
  items: z.array(CandidateSchema),
  nextCursor: z.string().nullable(),
});

const choice = z.enum(['survivor', 'merged', 'both']);
export const MergeRequestSchema = z
  .object({
    type: recordType,
    survivorId: z.uuid(),
    mergedId: z.uuid(),
    fields: z
      .record(z.string().max(64), choice)
      .default({})
      .describe(
        'Per field (API name: firstName, phones, nationalId…) whose value the survivor keeps. Unnamed fields: ' +
          'lists (phones, emails, tags) and custom values take both; other values keep the survivor’s unless empty.',
      ),
  })
  .strict();

export const MergeSchema = z
  .object({
    id: z.uuid(),
    type: recordType,
    survivorId: z.uuid(),
    mergedId: z.uuid(),
    fields: z.record(z.string(), choice),
    moved: z.array(z.object({ mover: z.string(), count: z.number().int() })),
    createdAt: z.date(),
    createdBy: z.uuid().nullable(),
    undoneAt: z.date().nullable(),
  })
  .meta({ id: 'Merge' });

export const QualityQuerySchema = z.object({
  types: z
    .string()
    .regex(/^(contact|account|lead)(,(contact|account|lead))*$/, 'Comma-separated: contact, account, lead')
    .optional(),
});

export const QualityReportSchema = z
  .object({
    scanned: z.record(z.string(), z.number().int()),
    checks: z.array(
      z.object({
        type: recordType,
        check: z.enum(CHECKS),
        count: z.number().int(),
        fixable: z.boolean().describe('POST /api/v1/data-quality/fix corrects it'),
        sampleIds: z.array(z.uuid()),
      }),
    ),
  })
  .meta({ id: 'DataQualityReport' });

export const IssuesQuerySchema = z.object({
  type: recordType,
  check: z.enum(CHECKS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.uuid().optional().describe('nextCursor of the previous page'),
});

export const IssuesPageSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        problems: z.array(
          z.object({
            check: z.enum(CHECKS),
            field: z.string(),
            value: z.unknown().optional(),
            message: z.string(),
          }),
        ),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'DataQualityIssues' });

export const FixRequestSchema = ScanRequestSchema;

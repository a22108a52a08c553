import { z } from 'zod';
import { AmountSchema } from '../../platform/http/amount.js';
import { ListQuerySchema } from '../../platform/http/list-query.js';
import { customValues } from '../customers/fields.js';
import { LineInputSchema } from '../products/schemas.js';

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];
export const DEAL_STATUSES = STAGE_KINDS;
export type DealStatus = StageKind;
export const CONTACT_ROLES = [
  'decision_maker',
  'influencer',
  'champion',
  'user',
  'gatekeeper',
  'other',
] as const;

const name = z.string().trim().min(1, 'Must not be blank').max(100);

// ---- pipelines ----

export const StageInputSchema = z.object({
  id: z.uuid().optional().describe('An existing stage of this pipeline to keep (its deals stay in it)'),
  name,
  probability: z.number().int().min(0).max(100).describe('Chance of winning a deal in this stage, in %'),
  kind: z.enum(STAGE_KINDS).default('open').describe('open, or the one won / one lost stage'),
});
export type StageInput = z.infer<typeof StageInputSchema>;

const stages = z
  .array(StageInputSchema)
  .min(3)
  .max(30)
  .describe('The stages in order; exactly one of kind "won" and one of kind "lost"');

export const PipelineCreateSchema = z.object({ name, stages });
export type PipelineCreate = z.infer<typeof PipelineCreateSchema>;

export const PipelinePatchSchema = z.object({
  name: name.optional(),
  isDefault: z.literal(true).optional().describe('Make this the default pipeline for new deals'),
  stages: stages
    .optional()
    .describe('All stages in their new order: reorders, renames, adds (no id) and removes (left out)'),
});
export type PipelinePatch = z.infer<typeof PipelinePatchSchema>;

export const StageSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    probability: z.number().int(),
    kind: z.enum(STAGE_KINDS),
    position: z.number().int(),
  })
  .meta({ id: 'PipelineStage' });
export type Stage = z.infer<typeof StageSchema>;

export const PipelineSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    isDefault: z.boolean(),
    stages: z.array(StageSchema),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Pipeline' });
export type Pipeline = z.infer<typeof PipelineSchema>;

// ---- lost reasons ----

export const LostReasonCreateSchema = z.object({ name, position: z.number().int().min(0).default(0) });
export type LostReasonCreate = z.infer<typeof LostReasonCreateSchema>;
export const LostReasonPatchSchema = LostReasonCreateSchema.partial();
export type LostReasonPatch = z.infer<typeof LostReasonPatchSchema>;
export const LostReasonSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    position: z.number().int(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'LostReason' });
export type LostReason = z.infer<typeof LostReasonSchema>;

// ---- deals ----

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. IRR')
  .describe("ISO 4217; default: the organisation's currency");

export const DealContactSchema = z.object({
  contactId: z.uuid(),
  role: z.enum(CONTACT_ROLES).default('other').describe('The part they play in the decision'),
});

const dealFields = {
  title: z.string().trim().min(1, 'Must not be blank').max(200),
  accountId: z.uuid().nullable(),
  contacts: z.array(DealContactSchema).max(50),
  ownerId: z.uuid().describe('The member who owns the deal; default: the creator'),
  amount: AmountSchema,
  currency,
  expectedCloseDate: z.iso.date().nullable(),
  source: z.string().trim().max(100).nullable().describe('Where the deal came from: referral, website…'),
  description: z.string().max(10_000).nullable(),
  custom: customValues.describe(
    "Custom field values by key (the organisation's deal fields, /custom-fields?entity=deal); null clears one",
  ),
  lines: z
    .array(LineInputSchema)
    .max(200)
    .describe(
      "The deal's products, as billing document lines: the whole list (replaces it). With lines, the amount is their total",
    ),
};

const amountOfLines =
  'Without lines only: a deal with lines has their total as its amount (sending one is a 422 at amount)';

export const DealCreateSchema = z.object({
  ...dealFields,
  pipelineId: z.uuid().optional().describe('Default: the default pipeline'),
  stageId: z.uuid().optional().describe('A stage of the pipeline; default: its first open stage'),
  lostReasonId: z.uuid().optional().describe('Required when stageId is the lost stage'),
  lostNote: z.string().trim().max(1000).optional(),
  accountId: dealFields.accountId.optional(),
  contacts: dealFields.contacts.default([]),
  ownerId: dealFields.ownerId.optional(),
  amount: AmountSchema.optional().describe(`Default 0. ${amountOfLines}`),
  currency: currency.optional(),
  expectedCloseDate: dealFields.expectedCloseDate.optional(),
  source: dealFields.source.optional(),
  description: dealFields.description.optional(),
  custom: dealFields.custom.optional(),
  lines: dealFields.lines.default([]),
});
export type DealCreate = z.infer<typeof DealCreateSchema>;

export const DealPatchSchema = z.object({
  title: dealFields.title.optional(),
  accountId: dealFields.accountId.optional(),
  contacts: dealFields.contacts.optional().describe('All contacts of the deal (replaces the list)'),
  ownerId: dealFields.ownerId.optional(),
  amount: dealFields.amount.optional().describe(amountOfLines),
  currency: dealFields.currency.optional(),
  expectedCloseDate: dealFields.expectedCloseDate.optional(),
  source: dealFields.source.optional(),
  description: dealFields.description.optional(),
  custom: dealFields.custom.optional().describe('The keys written; null (or blank) removes a value'),
  lines: dealFields.lines.optional(),
  pipelineId: z.uuid().optional().describe('Moving to another pipeline needs its stageId too'),
  stageId: z.uuid().optional().describe('A stage move: recorded in the stage history'),
  lostReasonId: z.uuid().nullable().optional().describe('Required when moving to the lost stage'),
  lostNote: z.string().trim().max(1000).nullable().optional(),
});
export type DealPatch = z.infer<typeof DealPatchSchema>;

const money = z.string().describe('Exact decimal string');

/**
 * A line as stored: exactly a billing document line's input (no productId / taxClassId / discount
 * when there is none), so a quote is made from a deal by sending its lines; plus what pricing made of it.
 */
export const DealLineSchema = z
  .object({
    productId: z.uuid().optional(),
    description: z.string(),
    quantity: money,
    unitPrice: money,
    discount: z.object({ kind: z.enum(['percent', 'amount']), value: money }).optional(),
    taxClassId: z.uuid().optional(),
    taxRate: money.describe('Percent, of the tax class when the deal was priced'),
    net: money.describe('After the line discount, before tax'),
    tax: money,
    total: money,
  })
  .meta({ id: 'DealLine' });
export type DealLine = z.infer<typeof DealLineSchema>;

export const DealSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    pipelineId: z.uuid(),
    stageId: z.uuid(),
    stageName: z.string(),
    probability: z.number().int().describe("The stage's win probability, in %"),
    status: z.enum(DEAL_STATUSES),
    accountId: z.uuid().nullable(),
    accountName: z.string().nullable(),
    contacts: z.array(z.object({ contactId: z.uuid(), name: z.string(), role: z.enum(CONTACT_ROLES) })),
    ownerId: z.uuid().nullable(),
    amount: z.string().describe('Exact decimal string; with lines, their total (after discounts, with tax)'),
    currency: z.string(),
    expectedCloseDate: z.string().nullable(),
    source: z.string().nullable(),
    description: z.string().nullable(),
    closedAt: z.date().nullable(),
    lostReasonId: z.uuid().nullable(),
    lostNote: z.string().nullable(),
    custom: z.record(z.string(), z.unknown()),
    lines: z.array(DealLineSchema).describe('In order; empty for a deal with a typed amount'),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
    createdBy: z.uuid().nullable(),
    deletedAt: z.date().nullable(),
  })
  .meta({ id: 'Deal' });
export type Deal = z.infer<typeof DealSchema>;

export const DealListQuerySchema = ListQuerySchema.extend({
  deleted: z
    .stringbool({ truthy: ['true'], falsy: ['false'] })
    .default(false)
    .describe('true: the recycle bin (deleted deals) instead of the live ones'),
});

export const StageVisitSchema = z
  .object({
    stageId: z.uuid(),
    stageName: z.string(),
    pipelineId: z.uuid(),
    enteredAt: z.date(),
    leftAt: z.date().nullable(),
    movedBy: z.uuid().nullable(),
  })
  .meta({ id: 'DealStageVisit' });
export type StageVisit = z.infer<typeof StageVisitSchema>;

// ---- reports ----

const day = z.iso.date();
const period = {
  from: day.optional().describe("First day, in the organisation's time zone"),
  to: day.optional().describe("Last day (included), in the organisation's time zone"),
};

export const StagesReportQuerySchema = z.object({
  pipelineId: z.uuid().optional().describe('Default: the default pipeline'),
  ...period,
});

const amounts = z
  .array(z.object({ currency: z.string(), amount: z.string().describe('Exact decimal string') }))
  .describe('Sums per currency: amounts in different currencies are never added together');
export type Amounts = z.infer<typeof amounts>;

export const StagesReportSchema = z
  .object({
    pipelineId: z.uuid(),
    stages: z.array(
      z.object({
        stageId: z.uuid(),
        name: z.string(),
        kind: z.enum(STAGE_KINDS),
        probability: z.number().int(),
        entered: z.number().int().describe('Deals that entered the stage in the period'),
        movedOn: z.number().int().describe('Of those, how many have left it since'),
        advanced: z.number().int().describe('Of those, how many went on to a later stage that is not lost'),
        conversion: z.number().nullable().describe('advanced ÷ entered (0–1); null when none entered'),
        averageSeconds: z.number().nullable().describe('Mean time in the stage of the visits that ended'),
        medianSeconds: z.number().nullable(),
      }),
    ),
    won: z.number().int().describe('Deals of the pipeline won in the period'),
    lost: z.number().int(),
    winRate: z.number().nullable().describe('won ÷ (won + lost); null when none closed'),
  })
  .meta({ id: 'SalesStagesReport' });
export type StagesReport = z.infer<typeof StagesReportSchema>;

export const FORECAST_GROUPS = ['month', 'owner', 'pipeline'] as const;
export const ForecastQuerySchema = z.object({
  pipelineId: z.uuid().optional().describe('Default: every pipeline'),
  groupBy: z.enum(FORECAST_GROUPS).default('month'),
  ...period,
});

export const ForecastSchema = z
  .object({
    groupBy: z.enum(FORECAST_GROUPS),
    rows: z.array(
      z.object({
        key: z
          .string()
          .nullable()
          .describe('YYYY-MM (open: expected close; won: closed), an owner id or a pipeline id; null: none'),
        currency: z.string(),
        openDeals: z.number().int(),
        openAmount: z.string(),
        weightedAmount: z.string().describe('Σ amount × stage probability of the open deals'),
        wonDeals: z.number().int(),
        wonAmount: z.string(),
      }),
    ),
  })
  .meta({ id: 'SalesForecast' });
export type Forecast = z.infer<typeof ForecastSchema>;

export const PerformanceQuerySchema = z.object({ from: day, to: day });

export const PerformanceSchema = z
  .object({
    items: z.array(
      z.object({
        ownerId: z.uuid(),
        name: z.string(),
        dealsWon: z.number().int(),
        dealsLost: z.number().int(),
        revenue: amounts,
        activities: z
          .number()
          .int()
          .nullable()
          .describe('Interactions they logged in the period; null without the right to read interactions'),
      }),
    ),
  })
  .meta({ id: 'SalesPerformance' });
export type Performance = z.infer<typeof PerformanceSchema>;

export const StageTotalsSchema = z
  .object({
    items: z.array(
      z.object({
        stageId: z.uuid(),
        deals: z.number().int(),
        amounts: z.array(
          z.object({
            currency: z.string(),
            amount: z.string().describe('Exact decimal string'),
            weighted: z.string().describe('Σ amount × the stage probability'),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'PipelineStageTotals' });
export type StageTotals = z.infer<typeof StageTotalsSchema>;

import { z } from 'zod';
import { ListQuerySchema } from '../../platform/http/list-query.js';
import { CHANNELS, instant, requiredLine, TaskSchema } from '../interactions/schemas.js';

/** The five phases of a relationship (پنج فاز رابطه). */
export const PHASES = ['awareness', 'exploration', 'expansion', 'commitment', 'dissolution'] as const;
export type Phase = (typeof PHASES)[number];
/** Sub-stages of exploration (زیرفرایندهای جستجو). */
export const SUB_STAGES = [
  'attraction',
  'communication_bargaining',
  'power_exercise',
  'norms',
  'expectations',
] as const;
export type SubStage = (typeof SUB_STAGES)[number];
export const ENDED_BY = ['customer', 'us', 'mutual'] as const;
/** Bases of trust: calculus (حساب و کتاب), knowledge (دانش), identification (شناخت). */
export const TRUST_BASES = ['calculus', 'knowledge', 'identification'] as const;

/** Labels for screens and exports (fa, en). */
export const PHASE_LABELS: Record<Phase, { fa: string; en: string }> = {
  awareness: { fa: 'آگاهی', en: 'Awareness' },
  exploration: { fa: 'کشف', en: 'Exploration' },
  expansion: { fa: 'گسترش', en: 'Expansion' },
  commitment: { fa: 'تعهد', en: 'Commitment' },
  dissolution: { fa: 'انحلال', en: 'Dissolution' },
};
export const SUB_STAGE_LABELS: Record<SubStage, { fa: string; en: string }> = {
  attraction: { fa: 'جذب', en: 'Attraction' },
  communication_bargaining: { fa: 'ارتباط و چانه‌زنی', en: 'Communication and bargaining' },
  power_exercise: { fa: 'توسعه و اعمال قدرت', en: 'Development and exercise of power' },
  norms: { fa: 'شکل‌گیری هنجارها', en: 'Development of norms' },
  expectations: { fa: 'شکل‌گیری انتظارات', en: 'Development of expectations' },
};

export const SubjectParams = z.object({ id: z.uuid() });

export const RelationshipStateSchema = z
  .object({
    phase: z.enum(PHASES).nullable(),
    subStage: z.enum(SUB_STAGES).nullable(),
    since: z.date().nullable(),
    version: z.number().int().describe('0 before the first phase is set'),
  })
  .meta({ id: 'RelationshipState' });

export const PhaseChangeSchema = z
  .object({
    phase: z.enum(PHASES),
    subStage: z.enum(SUB_STAGES).optional().describe('Exploration only; default attraction'),
    reason: requiredLine(2000),
    endedBy: z.enum(ENDED_BY).optional().describe('Dissolution only, and required there'),
  })
  .strict()
  .meta({ id: 'PhaseChange' });

/** One phase change for many accounts or contacts (the list's bulk action): every one or none. */
export const BulkPhaseChangeSchema = z
  .object({
    type: z.enum(['account', 'contact']),
    ids: z
      .array(z.uuid())
      .min(1)
      .max(500)
      .refine((ids) => new Set(ids).size === ids.length, {
        message: 'An id appears twice',
        params: { code: 'duplicate' },
      }),
    change: PhaseChangeSchema,
  })
  .strict()
  .meta({ id: 'BulkPhaseChange' });

export const PhaseHistoryEntrySchema = z
  .object({
    id: z.uuid(),
    fromPhase: z.enum(PHASES).nullable(),
    fromSubStage: z.enum(SUB_STAGES).nullable(),
    toPhase: z.enum(PHASES),
    toSubStage: z.enum(SUB_STAGES).nullable(),
    reason: z.string(),
    endedBy: z.enum(ENDED_BY).nullable(),
    source: z.enum(['user', 'suggestion']),
    changedBy: z.uuid().nullable(),
    changedByName: z.string().nullable(),
    changedAt: z.date(),
  })
  .meta({ id: 'PhaseHistoryEntry' });

export const AcceptSuggestionSchema = z
  .object({
    phase: z
      .enum(PHASES)
      .optional()
      .describe('The suggested phase you saw; if the suggestion changed since, 409'),
    reason: requiredLine(2000).optional().describe('Default: the rule’s reason'),
    endedBy: z.enum(ENDED_BY).optional().describe('Required when the suggestion is dissolution'),
  })
  .strict();

const score = () => z.number().int().min(1).max(5);
export const TrustCreateSchema = z
  .object({
    benevolence: score().describe('خیرخواهی: acts in the other side’s interest'),
    honesty: score().describe('صداقت'),
    competence: score().describe('شایستگی'),
    basis: z.enum(TRUST_BASES),
    note: z.string().max(5000).optional(),
    assessedAt: instant().optional().describe('Default now'),
  })
  .strict()
  .meta({ id: 'TrustCreate' });
export const TrustSchema = z
  .object({
    id: z.uuid(),
    benevolence: z.number().int(),
    honesty: z.number().int(),
    competence: z.number().int(),
    basis: z.enum(TRUST_BASES),
    note: z.string(),
    assessedAt: z.date(),
    assessedBy: z.uuid().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'TrustAssessment' });

export const CommitmentCreateSchema = z
  .object({
    ours: score().describe('Our commitment to the relationship'),
    theirs: score().describe('The customer’s commitment'),
    investments: z.string().max(5000).optional().describe('What each side has invested (money, time…)'),
    assessedAt: instant().optional().describe('Default now'),
  })
  .strict()
  .meta({ id: 'CommitmentCreate' });
export const CommitmentSchema = z
  .object({
    id: z.uuid(),
    ours: z.number().int(),
    theirs: z.number().int(),
    investments: z.string(),
    assessedAt: z.date(),
    assessedBy: z.uuid().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'CommitmentAssessment' });

export const AssessmentListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200).describe('The latest N, oldest first'),
});

export const SuggestionSchema = z
  .object({
    phase: z.enum(PHASES),
    subStage: z.enum(SUB_STAGES).nullable(),
    rule: z.string(),
    reason: z.string(),
  })
  .meta({ id: 'PhaseSuggestion' });

export const SignalsSchema = z
  .object({
    lastTouchAt: z.date().nullable(),
    daysSinceLastTouch: z.number().int().nullable(),
    interactionsPerMonth: z
      .array(z.object({ from: z.date(), to: z.date(), count: z.number().int() }))
      .describe('Six 30-day windows ending now, oldest first'),
    trend: z.enum(['rising', 'steady', 'falling', 'none']),
    reciprocity: z
      .number()
      .nullable()
      .describe('Share of customer-initiated interactions in the last 180 days (0–1)'),
    medianResponseSeconds: z
      .number()
      .nullable()
      .describe('Customer-initiated inbound → our next outbound, last 180 days'),
    last90Days: z.object({ total: z.number().int(), customer: z.number().int(), us: z.number().int() }),
    phase: z.enum(PHASES).nullable(),
    subStage: z.enum(SUB_STAGES).nullable(),
    suggestion: SuggestionSchema.nullable(),
  })
  .meta({ id: 'RelationshipSignals' });

// ---- customers by phase (the board) ----

export const RelationshipListQuerySchema = ListQuerySchema.extend({
  type: z.enum(['account', 'contact']).describe('Whose relationships: accounts or contacts'),
  phase: z
    .enum([...PHASES, 'none'])
    .optional()
    .describe('Only this phase; none = customers whose relationship has no phase yet'),
});

export const RelationshipListItemSchema = z
  .object({
    type: z.enum(['account', 'contact']),
    id: z.uuid().describe('The account or contact'),
    name: z.string(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    phase: z.enum(PHASES).nullable(),
    subStage: z.enum(SUB_STAGES).nullable(),
    since: z.date().nullable(),
    version: z.number().int().describe('The relationship version for If-Match; 0 before the first phase'),
  })
  .meta({ id: 'RelationshipListItem' });
export type RelationshipListItem = z.infer<typeof RelationshipListItemSchema>;

// ---- episodes ----

export const EpisodeSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    accountId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    startedAt: z.date(),
    endedAt: z.date().nullable(),
    open: z.boolean(),
    interactionCount: z.number().int(),
    ownerId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Episode' });
export type EpisodeView = z.infer<typeof EpisodeSchema>;
const episodeFields = {
  name: requiredLine(300),
  description: z.string().max(10_000),
  accountId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  startedAt: instant(),
  endedAt: instant().nullable(),
  ownerId: z.uuid(),
};
export const EpisodeCreateSchema = z
  .object(episodeFields)
  .partial()
  .required({ name: true })
  .strict()
  .meta({ id: 'EpisodeCreate' });
export const EpisodePatchSchema = z.object(episodeFields).partial().strict();
export const EpisodeListQuerySchema = ListQuerySchema.extend({
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  open: z.stringbool({ truthy: ['true'], falsy: ['false'] }).optional(),
});

// ---- timeline and 360 ----

const csv = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()) : undefined);

export const TimelineQuerySchema = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  channels: z
    .string()
    .max(500)
    .optional()
    .transform(csv)
    .pipe(z.array(z.enum(CHANNELS)).optional())
    .describe('Comma-separated interaction channels'),
  kinds: z
    .string()
    .max(500)
    .optional()
    .transform(csv)
    .pipe(z.array(z.string().min(1).max(40)).optional())
    .describe('Comma-separated entry kinds (interaction, note, task, phase_change, audit, …)'),
});

export const TimelineEntrySchema = z
  .object({
    kind: z.string(),
    id: z.string(),
    at: z.date(),
    title: z.string(),
    summary: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });
export const TimelinePageSchema = z
  .object({ items: z.array(TimelineEntrySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'TimelinePage' });

export const Customer360Schema = z
  .object({
    subject: z.object({ type: z.enum(['account', 'contact']), id: z.uuid(), name: z.string() }),
    profile: z.record(z.string(), z.unknown()),
    relationship: RelationshipStateSchema,
    signals: SignalsSchema,
    trust: TrustSchema.nullable(),
    commitment: CommitmentSchema.nullable(),
    openTasks: z.array(TaskSchema),
    timeline: TimelinePageSchema,
  })
  .meta({ id: 'Customer360' });

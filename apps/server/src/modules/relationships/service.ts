import type { z } from 'zod';
import { audit } from '../../platform/audit/audit.js';
import { allOf, raw, type Sql, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { eachOrNone } from '../../platform/http/bulk.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { type ListQuery, type ListResource, runListQuery } from '../../platform/http/list-query.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { can, visibleTo } from '../../platform/permissions/can.js';
import { assertAssignable, assertRecordAccess, ownerTeamsSql } from '../../platform/permissions/records.js';
import type { Action } from '../../platform/permissions/rights.js';
import { moveToRecycleBin } from '../../platform/recycle-bin/recycle-bin.js';
import type { Context } from '../../platform/tenancy/context.js';
import {
  accountContactIds,
  assertCustomerRefs,
  type CustomerRecord,
  customerProfile,
  customerTable,
  findCustomer,
} from '../interactions/customer-refs.js';
import { TASKS_MODULE } from '../interactions/permissions.js';
import { openTasksOf } from '../interactions/tasks.js';
import { CUSTOMERS_MODULE, RELATIONSHIPS_MODULE } from './permissions.js';
import { type CurrentPhase, checkTransition, type SignalFacts, suggestPhase, trendOf } from './phases.js';
import type {
  AcceptSuggestionSchema,
  BulkPhaseChangeSchema,
  CommitmentCreateSchema,
  EpisodeCreateSchema,
  EpisodeListQuerySchema,
  EpisodePatchSchema,
  EpisodeView,
  Phase,
  PhaseChangeSchema,
  RelationshipListItem,
  RelationshipListQuerySchema,
  SubStage,
  TrustCreateSchema,
} from './schemas.js';
import { SUB_STAGES } from './schemas.js';
import { aboutSubject, type TimelineSubject, timelinePage } from './timeline.js';

export type SubjectType = 'account' | 'contact';

/** The account or contact a relationship route is about, after the permission check. */
export async function loadSubject(
  tx: Transaction,
  ctx: Context,
  type: SubjectType,
  id: string,
  action: Action,
): Promise<CustomerRecord> {
  const record = await findCustomer(tx, type, id);
  const what = type === 'account' ? 'Account' : 'Contact';
  if (!record) throw notFound(what);
  assertRecordAccess(ctx.actor, action, RELATIONSHIPS_MODULE, record, what);
  return record;
}

const subjectColumn = (type: SubjectType) => (type === 'account' ? 'account_id' : 'contact_id');

async function timelineSubject(tx: Transaction, subject: CustomerRecord): Promise<TimelineSubject> {
  const type = subject.kind as SubjectType;
  return {
    type,
    id: subject.id,
    contactIds: type === 'account' ? await accountContactIds(tx, subject.id) : [],
  };
}

// ---------------------------------------------------------------------------------------------
// Phase

interface StateRow {
  id: string;
  phase: Phase;
  sub_stage: SubStage | null;
  phase_since: Date;
  version: number;
}

async function stateOf(
  tx: Transaction,
  subject: CustomerRecord,
  lock = false,
): Promise<StateRow | undefined> {
  const { rows } = await tx.query<StateRow>(
    `SELECT id, phase, sub_stage, phase_since, version FROM relationships
     WHERE ${subjectColumn(subject.kind as SubjectType)} = $1${lock ? ' FOR UPDATE' : ''}`,
    [subject.id],
  );
  return rows[0];
}

const stateView = (s: StateRow | undefined) => ({
  phase: s?.phase ?? null,
  subStage: s?.sub_stage ?? null,
  since: s?.phase_since ?? null,
  version: s?.version ?? 0,
});
const current = (s: StateRow | undefined): CurrentPhase => ({
  phase: s?.phase ?? null,
  subStage: s?.sub_stage ?? null,
  since: s?.phase_since ?? null,
});

export async function getPhase(tx: Transaction, subject: CustomerRecord) {
  return stateView(await stateOf(tx, subject));
}

export async function changePhase(
  tx: Transaction,
  ctx: Context,
  subject: CustomerRecord,
  input: z.infer<typeof PhaseChangeSchema>,
  source: 'user' | 'suggestion' = 'user',
  expectedVersion?: number,
) {
  const type = subject.kind as SubjectType;
  const before = await stateOf(tx, subject, true);
  assertVersion(expectedVersion, before?.version ?? 0, 'This relationship');
  const { errors, subStage } = checkTransition(current(before), input);
  if (errors.length) throw invalid(errors, errors[0]?.message);
  const column = subjectColumn(type);
  if (before) {
    await tx.query(
      `UPDATE relationships SET phase = $2, sub_stage = $3, phase_since = now(), updated_at = now(), version = version + 1
       WHERE id = $1`,
      [before.id, input.phase, subStage],
    );
  } else {
    await tx.query(
      `INSERT INTO relationships (tenant_id, id, ${column}, phase, sub_stage) VALUES ($1, $2, $3, $4, $5)`,
      [ctx.actor.tenantId, newId(), subject.id, input.phase, subStage],
    );
  }
  const historyId = newId();
  await tx.query(
    `INSERT INTO relationship_phases (tenant_id, id, ${column}, from_phase, from_sub_stage, to_phase, to_sub_stage,
       reason, ended_by, source, changed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      ctx.actor.tenantId,
      historyId,
      subject.id,
      before?.phase ?? null,
      before?.sub_stage ?? null,
      input.phase,
      subStage,
      input.reason,
      input.endedBy ?? null,
      source,
      ctx.actor.userId,
    ],
  );
  const after = (await stateOf(tx, subject)) as StateRow;
  await audit(tx, ctx, {
    entity: 'relationship',
    entityId: subject.id,
    action: 'phase_change',
    changes: {
      phase: { before: before?.phase ?? null, after: after.phase },
      subStage: { before: before?.sub_stage ?? null, after: after.sub_stage },
      ...(input.endedBy ? { endedBy: { before: null, after: input.endedBy } } : {}),
      reason: { before: null, after: input.reason },
    },
  });
  await emit(tx, ctx, 'relationship.phase_changed', {
    subjectType: type,
    subjectId: subject.id,
    historyId,
    from: before?.phase ?? null,
    fromSubStage: before?.sub_stage ?? null,
    to: after.phase,
    subStage: after.sub_stage,
    endedBy: input.endedBy ?? null,
    reason: input.reason,
    source,
  });
  return stateView(after);
}

/**
 * Accounts or contacts with their relationship's phase (for the board by phase), in the actor's record
 * scope on this module (the customer record's owner, as for every relationship route), keyset-paged.
 * Customers without a phase are listed too (phase null), or alone with `phase=none`.
 */
export async function listByPhase(
  tx: Transaction,
  ctx: Context,
  query: z.infer<typeof RelationshipListQuerySchema>,
) {
  const customers = customerTable(query.type, 'c');
  const column = subjectColumn(query.type);
  const joinOn = raw(`r.tenant_id = c.tenant_id AND r.${column} = c.id`);
  const resource: ListResource = {
    idColumn: sql`c.id`,
    defaultSort: '-since',
    fields: {
      name: { column: customers.name, type: 'text', collate: 'und-x-icu' },
      since: { column: sql`r.phase_since`, type: 'datetime' },
      subStage: { column: sql`r.sub_stage`, type: 'enum', values: SUB_STAGES },
      ownerId: { column: sql`c.owner_id`, type: 'uuid' },
    },
  };
  return runListQuery<RelationshipListItem>(tx, resource, query as ListQuery, {
    from: sql`${customers.from} LEFT JOIN relationships r ON ${joinOn} LEFT JOIN users u ON u.id = c.owner_id`,
    select: sql`${query.type} AS type, c.id, ${customers.name} AS name, c.owner_id AS "ownerId",
      u.name AS "ownerName", r.phase, r.sub_stage AS "subStage", r.phase_since AS since,
      COALESCE(r.version, 0) AS version`,
    where: allOf([
      sql`c.deleted_at IS NULL`,
      visibleTo(ctx.actor, sql`c.owner_id`),
      query.phase === 'none' && sql`r.id IS NULL`,
      // Said outright (the join implies it) so the partial index of this kind of subject serves the page.
      query.phase &&
        query.phase !== 'none' &&
        sql`r.phase = ${query.phase} AND ${raw(`r.${column}`)} IS NOT NULL`,
    ]),
  });
}

export async function phaseHistory(tx: Transaction, subject: CustomerRecord) {
  const { rows } = await tx.query(
    `SELECT p.id, p.from_phase AS "fromPhase", p.from_sub_stage AS "fromSubStage", p.to_phase AS "toPhase",
       p.to_sub_stage AS "toSubStage", p.reason, p.ended_by AS "endedBy", p.source, p.changed_by AS "changedBy",
       u.name AS "changedByName", p.changed_at AS "changedAt"
     FROM relationship_phases p LEFT JOIN users u ON u.id = p.changed_by
     WHERE p.${subjectColumn(subject.kind as SubjectType)} = $1 ORDER BY p.changed_at DESC, p.id DESC LIMIT 1000`,
    [subject.id],
  );
  return rows;
}

export async function acceptSuggestion(
  tx: Transaction,
  ctx: Context,
  subject: CustomerRecord,
  input: z.infer<typeof AcceptSuggestionSchema>,
  expectedVersion?: number,
) {
  // Lock first so the suggestion is computed from the state it is applied to.
  await stateOf(tx, subject, true);
  const { suggestion } = await signals(tx, subject);
  if (!suggestion) throw conflict('There is no suggested phase to accept now');
  if (input.phase && input.phase !== suggestion.phase)
    throw conflict(`The suggestion has changed: it is now ${suggestion.phase}`);
  return changePhase(
    tx,
    ctx,
    subject,
    {
      phase: suggestion.phase,
      ...(suggestion.subStage ? { subStage: suggestion.subStage } : {}),
      reason: input.reason ?? `${suggestion.reason} [${suggestion.rule}]`,
      ...(input.endedBy ? { endedBy: input.endedBy } : {}),
    },
    'suggestion',
    expectedVersion,
  );
}

// ---------------------------------------------------------------------------------------------
// Trust and commitment

const TRUST_COLUMNS = `id, benevolence, honesty, competence, basis, note, assessed_at AS "assessedAt",
  assessed_by AS "assessedBy", created_at AS "createdAt"`;
const COMMITMENT_COLUMNS = `id, ours, theirs, investments, assessed_at AS "assessedAt", assessed_by AS "assessedBy",
  created_at AS "createdAt"`;

interface TrustView {
  id: string;
  benevolence: number;
  honesty: number;
  competence: number;
  basis: 'calculus' | 'knowledge' | 'identification';
  note: string;
  assessedAt: Date;
  assessedBy: string | null;
  createdAt: Date;
}
interface CommitmentView {
  id: string;
  ours: number;
  theirs: number;
  investments: string;
  assessedAt: Date;
  assessedBy: string | null;
  createdAt: Date;
}

export async function addTrust(
  tx: Transaction,
  ctx: Context,
  subject: CustomerRecord,
  input: z.infer<typeof TrustCreateSchema>,
): Promise<TrustView> {
  const type = subject.kind as SubjectType;
  const id = newId();
  const { rows } = await tx.query<TrustView>(
    `INSERT INTO trust_assessments (tenant_id, id, ${subjectColumn(type)}, benevolence, honesty, competence, basis,
       note, assessed_at, assessed_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamptz, now()), $10) RETURNING ${TRUST_COLUMNS}`,
    [
      ctx.actor.tenantId,
      id,
      subject.id,
      input.benevolence,
      input.honesty,
      input.competence,
      input.basis,
      input.note ?? '',
      input.assessedAt ?? null,
      ctx.actor.userId,
    ],
  );
  const row = rows[0] as TrustView;
  await audit(tx, ctx, {
    entity: 'relationship',
    entityId: subject.id,
    action: 'trust_assessment',
    after: { ...row },
  });
  await emit(tx, ctx, 'relationship.trust_assessed', {
    subjectType: type,
    subjectId: subject.id,
    assessmentId: id,
    benevolence: row.benevolence,
    honesty: row.honesty,
    competence: row.competence,
    basis: row.basis,
  });
  return row;
}

export async function addCommitment(
  tx: Transaction,
  ctx: Context,
  subject: CustomerRecord,
  input: z.infer<typeof CommitmentCreateSchema>,
): Promise<CommitmentView> {
  const type = subject.kind as SubjectType;
  const id = newId();
  const { rows } = await tx.query<CommitmentView>(
    `INSERT INTO commitment_assessments (tenant_id, id, ${subjectColumn(type)}, ours, theirs, investments,
       assessed_at, assessed_by)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::timestamptz, now()), $8) RETURNING ${COMMITMENT_COLUMNS}`,
    [
      ctx.actor.tenantId,
      id,
      subject.id,
      input.ours,
      input.theirs,
      input.investments ?? '',
      input.assessedAt ?? null,
      ctx.actor.userId,
    ],
  );
  const row = rows[0] as CommitmentView;
  await audit(tx, ctx, {
    entity: 'relationship',
    entityId: subject.id,
    action: 'commitment_assessment',
    after: { ...row },
  });
  await emit(tx, ctx, 'relationship.commitment_assessed', {
    subjectType: type,
    subjectId: subject.id,
    assessmentId: id,
    ours: row.ours,
    theirs: row.theirs,
  });
  return row;
}

/** The latest `limit` assessments, oldest first (for charts). */
export async function listTrust(tx: Transaction, subject: CustomerRecord, limit: number) {
  const { rows } = await tx.query<TrustView>(
    `SELECT * FROM (SELECT ${TRUST_COLUMNS} FROM trust_assessments
       WHERE ${subjectColumn(subject.kind as SubjectType)} = $1 ORDER BY assessed_at DESC, id DESC LIMIT $2) x
     ORDER BY "assessedAt", id`,
    [subject.id, limit],
  );
  return { items: rows, latest: rows[rows.length - 1] ?? null };
}

export async function listCommitment(tx: Transaction, subject: CustomerRecord, limit: number) {
  const { rows } = await tx.query<CommitmentView>(
    `SELECT * FROM (SELECT ${COMMITMENT_COLUMNS} FROM commitment_assessments
       WHERE ${subjectColumn(subject.kind as SubjectType)} = $1 ORDER BY assessed_at DESC, id DESC LIMIT $2) x
     ORDER BY "assessedAt", id`,
    [subject.id, limit],
  );
  return { items: rows, latest: rows[rows.length - 1] ?? null };
}

// ---------------------------------------------------------------------------------------------
// Signals, derived from interactions

const WINDOW_DAYS = 30;

/** What signals() reads that the 360 page has already read (each was its own statement twice). */
interface Known {
  state: Awaited<ReturnType<typeof stateOf>>;
  trust: Awaited<ReturnType<typeof listTrust>>;
  commitment: Awaited<ReturnType<typeof listCommitment>>;
}

export async function signals(tx: Transaction, subject: CustomerRecord, known?: Known) {
  const ts = await timelineSubject(tx, subject);
  const state = known ? known.state : await stateOf(tx, subject);
  const about = (alias: string) => aboutSubject(ts, raw(`${alias}.contact_id`), raw(`${alias}.account_id`));
  const windows = [0, 1, 2, 3, 4, 5].map(
    (k) =>
      sql`count(*) FILTER (WHERE s.occurred_at > n.now - make_interval(days => ${(k + 1) * WINDOW_DAYS})
        AND s.occurred_at <= n.now - make_interval(days => ${k * WINDOW_DAYS}))::int`,
  );
  const dissolvedAt = state?.phase === 'dissolution' ? state.phase_since : null;
  const { rows } = await tx.query<{
    now: Date;
    last_at: Date | null;
    windows: number[];
    n180: number;
    c180: number;
    n90: number;
    c90: number;
    u90: number;
    n30d: number;
    c30d: number;
  }>(sql`
    WITH n AS (SELECT now() AS now),
    s AS (SELECT i.occurred_at, i.initiator FROM interactions i, n
          WHERE i.deleted_at IS NULL AND ${about('i')} AND i.occurred_at <= n.now)
    SELECT n.now, max(s.occurred_at) AS last_at,
      ARRAY[${joinSql(windows)}] AS windows,
      count(*) FILTER (WHERE s.occurred_at > n.now - interval '180 days')::int AS n180,
      count(*) FILTER (WHERE s.occurred_at > n.now - interval '180 days' AND s.initiator = 'customer')::int AS c180,
      count(*) FILTER (WHERE s.occurred_at > n.now - interval '90 days')::int AS n90,
      count(*) FILTER (WHERE s.occurred_at > n.now - interval '90 days' AND s.initiator = 'customer')::int AS c90,
      count(*) FILTER (WHERE s.occurred_at > n.now - interval '90 days' AND s.initiator = 'us')::int AS u90,
      count(*) FILTER (WHERE s.occurred_at > n.now - interval '30 days'
        AND s.occurred_at > ${dissolvedAt}::timestamptz)::int AS n30d,
      count(*) FILTER (WHERE s.occurred_at > n.now - interval '30 days'
        AND s.occurred_at > ${dissolvedAt}::timestamptz AND s.initiator = 'customer')::int AS c30d
    FROM n LEFT JOIN s ON TRUE GROUP BY n.now`);
  const f = rows[0] as NonNullable<(typeof rows)[0]>;
  const response = await tx.query<{ median: number | null }>(sql`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.at - q.occurred_at))::float8 AS median
    FROM interactions q
    CROSS JOIN LATERAL (
      SELECT min(o.occurred_at) AS at FROM interactions o
      WHERE o.deleted_at IS NULL AND ${about('o')} AND o.direction = 'out' AND o.occurred_at > q.occurred_at
    ) r
    WHERE q.deleted_at IS NULL AND ${about('q')} AND q.initiator = 'customer' AND q.direction = 'in'
      AND q.occurred_at > now() - interval '180 days' AND r.at IS NOT NULL`);
  const trust = known?.trust ?? (await listTrust(tx, subject, 1));
  const commitment = known?.commitment ?? (await listCommitment(tx, subject, 1));
  const reciprocity = f.n180 > 0 ? f.c180 / f.n180 : null;
  const facts: SignalFacts = {
    now: f.now,
    lastTouchAt: f.last_at,
    windows: f.windows,
    last90: { total: f.n90, customer: f.c90, us: f.u90 },
    last30: {
      total: 0,
      customer: 0,
      sinceDissolution: f.n30d,
      customerSinceDissolution: f.c30d,
    },
    reciprocity,
    trust: trust.latest,
    commitment: commitment.latest,
  };
  const median = response.rows[0]?.median;
  return {
    lastTouchAt: f.last_at,
    daysSinceLastTouch: f.last_at ? Math.floor((f.now.getTime() - f.last_at.getTime()) / 86_400_000) : null,
    interactionsPerMonth: f.windows
      .map((count, k) => ({
        from: new Date(f.now.getTime() - (k + 1) * WINDOW_DAYS * 86_400_000),
        to: new Date(f.now.getTime() - k * WINDOW_DAYS * 86_400_000),
        count,
      }))
      .reverse(),
    trend: trendOf(f.windows),
    reciprocity: reciprocity === null ? null : Math.round(reciprocity * 1000) / 1000,
    medianResponseSeconds: median === null || median === undefined ? null : Math.round(Number(median)),
    last90Days: facts.last90,
    phase: state?.phase ?? null,
    subStage: state?.sub_stage ?? null,
    suggestion: suggestPhase(current(state), facts),
  };
}

function joinSql(parts: Sql[]): Sql {
  return parts.slice(1).reduce((acc, p) => sql`${acc}, ${p}`, parts[0] as Sql);
}

// ---------------------------------------------------------------------------------------------
// Customer 360

export async function customer360(
  tx: Transaction,
  ctx: Context,
  subject: CustomerRecord,
  query: {
    cursor?: string | undefined;
    limit: number;
    channels?: string[] | undefined;
    kinds?: string[] | undefined;
  },
) {
  if (!can(ctx.actor, 'read', { module: CUSTOMERS_MODULE })) throw forbidden();
  const type = subject.kind as SubjectType;
  const profile = (await customerProfile(tx, type, subject.id)) ?? {};
  const trust = await listTrust(tx, subject, 1);
  const commitment = await listCommitment(tx, subject, 1);
  const openTasks = can(ctx.actor, 'read', { module: TASKS_MODULE })
    ? await openTasksOf(tx, ctx, { type, id: subject.id })
    : [];
  const state = await stateOf(tx, subject);
  return {
    subject: { type, id: subject.id, name: subject.name },
    profile,
    relationship: stateView(state),
    signals: await signals(tx, subject, { state, trust, commitment }),
    trust: trust.latest,
    commitment: commitment.latest,
    openTasks,
    timeline: await customerTimeline(tx, ctx, subject, query),
  };
}

export async function customerTimeline(
  tx: Transaction,
  ctx: Context,
  subject: CustomerRecord,
  query: {
    cursor?: string | undefined;
    limit: number;
    channels?: string[] | undefined;
    kinds?: string[] | undefined;
  },
) {
  return timelinePage(tx, await timelineSubject(tx, subject), query, {
    actor: ctx.actor,
    channels: query.channels,
  });
}

// ---------------------------------------------------------------------------------------------
// Episodes (اپیزودها)

const EPISODE_COLUMNS = `e.id, e.name, e.description, e.account_id AS "accountId", e.contact_id AS "contactId",
  e.started_at AS "startedAt", e.ended_at AS "endedAt", (e.ended_at IS NULL) AS open,
  (SELECT count(*)::int FROM interactions i WHERE i.tenant_id = e.tenant_id AND i.episode_id = e.id AND i.deleted_at IS NULL) AS "interactionCount",
  e.owner_id AS "ownerId", e.created_by AS "createdBy", e.version, e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;
type EpisodeRow = EpisodeView & { owner_team_ids: string[] };

const episodeList: ListResource = {
  idColumn: sql`e.id`,
  defaultSort: '-startedAt',
  fields: {
    name: { column: sql`e.name`, type: 'text', collate: 'und-x-icu' },
    startedAt: { column: sql`e.started_at`, type: 'datetime' },
    endedAt: { column: sql`e.ended_at`, type: 'datetime' },
    createdAt: { column: sql`e.created_at`, type: 'datetime' },
    accountId: { column: sql`e.account_id`, type: 'uuid' },
    contactId: { column: sql`e.contact_id`, type: 'uuid' },
    ownerId: { column: sql`e.owner_id`, type: 'uuid' },
  },
};

const episodeView = (row: EpisodeRow): EpisodeView => {
  const { owner_team_ids: _, ...rest } = row;
  return rest;
};

export async function listEpisodes(
  tx: Transaction,
  ctx: Context,
  query: z.infer<typeof EpisodeListQuerySchema>,
) {
  return runListQuery<EpisodeView>(tx, episodeList, query as ListQuery, {
    from: sql`episodes e`,
    select: raw(EPISODE_COLUMNS),
    where: allOf([
      sql`e.deleted_at IS NULL`,
      visibleTo(ctx.actor, sql`e.owner_id`),
      query.accountId && sql`e.account_id = ${query.accountId}::uuid`,
      query.contactId && sql`e.contact_id = ${query.contactId}::uuid`,
      query.open === true && sql`e.ended_at IS NULL`,
      query.open === false && sql`e.ended_at IS NOT NULL`,
    ]),
  });
}

async function episodeRow(tx: Transaction, id: string, lock = false) {
  const { rows } = await tx.query<EpisodeRow>(
    `SELECT ${EPISODE_COLUMNS}, ${ownerTeamsSql('e')} FROM episodes e
     WHERE e.id = $1 AND e.deleted_at IS NULL${lock ? ' FOR UPDATE OF e' : ''}`,
    [id],
  );
  return rows[0];
}

async function loadEpisode(tx: Transaction, ctx: Context, id: string, action: 'read' | 'update' | 'delete') {
  const row = await episodeRow(tx, id, action !== 'read');
  if (!row) throw notFound('Episode');
  assertRecordAccess(
    ctx.actor,
    action,
    RELATIONSHIPS_MODULE,
    { ownerId: row.ownerId, ownerTeamIds: row.owner_team_ids },
    'Episode',
  );
  return row;
}

export async function getEpisode(tx: Transaction, ctx: Context, id: string) {
  return episodeView(await loadEpisode(tx, ctx, id, 'read'));
}

function assertSpan(startedAt: string | Date, endedAt: string | Date | null | undefined) {
  if (endedAt && new Date(endedAt).getTime() < new Date(startedAt).getTime())
    throw invalid([
      { path: 'endedAt', message: 'An episode cannot end before it starts', code: 'invalid_range' },
    ]);
}

const episodeEvent = (e: EpisodeView) => ({
  episodeId: e.id,
  name: e.name,
  accountId: e.accountId,
  contactId: e.contactId,
  startedAt: e.startedAt,
  endedAt: e.endedAt,
});

export async function createEpisode(
  tx: Transaction,
  ctx: Context,
  input: z.infer<typeof EpisodeCreateSchema>,
) {
  const ownerId = input.ownerId ?? ctx.actor.userId;
  if (ownerId !== ctx.actor.userId)
    await assertAssignable(tx, ctx.actor, 'create', RELATIONSHIPS_MODULE, ownerId, 'ownerId');
  if (!input.accountId && !input.contactId)
    throw invalid([
      { path: 'accountId', message: 'An episode is with an account or a contact', code: 'required' },
    ]);
  await assertCustomerRefs(tx, ctx.actor, input, false);
  const startedAt = input.startedAt ?? new Date().toISOString();
  assertSpan(startedAt, input.endedAt);
  const id = newId();
  await tx.query(
    `INSERT INTO episodes (tenant_id, id, name, description, account_id, contact_id, started_at, ended_at, owner_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      ctx.actor.tenantId,
      id,
      input.name,
      input.description ?? '',
      input.accountId ?? null,
      input.contactId ?? null,
      startedAt,
      input.endedAt ?? null,
      ownerId,
      ctx.actor.userId,
    ],
  );
  const after = episodeView((await episodeRow(tx, id)) as EpisodeRow);
  await audit(tx, ctx, { entity: 'episode', entityId: id, action: 'create', after });
  await emit(tx, ctx, 'episode.created', episodeEvent(after));
  return after;
}

export async function updateEpisode(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: z.infer<typeof EpisodePatchSchema>,
  expectedVersion?: number,
) {
  const row = await loadEpisode(tx, ctx, id, 'update');
  assertVersion(expectedVersion, row.version, 'This episode');
  const before = episodeView(row);
  if (patch.ownerId !== undefined && patch.ownerId !== before.ownerId)
    await assertAssignable(tx, ctx.actor, 'update', RELATIONSHIPS_MODULE, patch.ownerId, 'ownerId');
  await assertCustomerRefs(tx, ctx.actor, patch, false);
  const accountId = patch.accountId !== undefined ? patch.accountId : before.accountId;
  const contactId = patch.contactId !== undefined ? patch.contactId : before.contactId;
  if (!accountId && !contactId)
    throw invalid([
      { path: 'accountId', message: 'An episode is with an account or a contact', code: 'required' },
    ]);
  const startedAt = patch.startedAt ?? before.startedAt;
  const endedAt = patch.endedAt !== undefined ? patch.endedAt : before.endedAt;
  assertSpan(startedAt, endedAt);
  await tx.query(
    `UPDATE episodes SET name = $2, description = $3, account_id = $4, contact_id = $5, started_at = $6, ended_at = $7,
       owner_id = $8, updated_at = now(), version = version + 1 WHERE id = $1`,
    [
      id,
      patch.name ?? before.name,
      patch.description ?? before.description,
      accountId,
      contactId,
      startedAt,
      endedAt,
      patch.ownerId ?? before.ownerId,
    ],
  );
  const after = episodeView((await episodeRow(tx, id)) as EpisodeRow);
  await audit(tx, ctx, { entity: 'episode', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, before.open && !after.open ? 'episode.ended' : 'episode.updated', episodeEvent(after));
  return after;
}

export async function deleteEpisode(tx: Transaction, ctx: Context, id: string, expectedVersion?: number) {
  const row = await loadEpisode(tx, ctx, id, 'delete');
  assertVersion(expectedVersion, row.version, 'This episode');
  const before = episodeView(row);
  await moveToRecycleBin(tx, ctx, {
    table: 'episodes',
    entity: 'episode',
    id,
    before,
    event: episodeEvent(before),
  });
}

/**
 * Moves many accounts or contacts to one phase with one reason, every one or none (eachOrNone): each
 * move is checked and recorded as a single one; one already there is left alone; a move the model
 * forbids for one subject (out of dissolution to expansion, say) is reported at its `ids.N`.
 */
export async function changePhases(
  tx: Transaction,
  ctx: Context,
  input: z.infer<typeof BulkPhaseChangeSchema>,
) {
  let changed = 0;
  const items = await eachOrNone(
    input.ids,
    async (id) => {
      const subject = await loadSubject(tx, ctx, input.type, id, 'update');
      const state = await getPhase(tx, subject);
      const subStage =
        input.change.phase === 'exploration'
          ? (input.change.subStage ?? state.subStage ?? 'attraction')
          : null;
      if (state.phase === input.change.phase && state.subStage === subStage)
        return { id, version: state.version };
      const moved = await changePhase(tx, ctx, subject, input.change);
      changed += 1;
      return { id, version: moved.version };
    },
    // The change's own fields (a sub-stage outside exploration, dissolution without who ended it).
    (path) => path === 'subStage' || path === 'endedBy' || path === 'reason',
  );
  return { changed, items };
}

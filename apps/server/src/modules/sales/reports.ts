/**
 * Sales reports over the deals the actor may see: per stage of a pipeline (entered, moved on,
 * conversion, time in stage) with the win rate; the weighted forecast; and team performance. Sums are
 * numeric in SQL and returned as exact decimal strings, one per currency.
 */
import { type Sql, sql, type Transaction } from '../../platform/db/database.js';
import { type FieldError, forbidden, invalid } from '../../platform/http/problem.js';
import { can, visibleTo } from '../../platform/permissions/can.js';
import { completeTenantSettings, type TenantSettings } from '../../platform/settings/settings.js';
import type { Context } from '../../platform/tenancy/context.js';
import { INTERACTIONS_MODULE } from '../interactions/permissions.js';
import { interactionCountsByOwner } from '../interactions/service.js';
import { getPipeline, pipelineNamed } from './pipelines.js';
import type { Amounts, Forecast, Performance, StagesReport, StageTotals } from './schemas.js';

interface Period {
  from?: string | undefined;
  to?: string | undefined;
}

/** The period's bounds as instants: local midnight of `from`, local midnight after `to`. */
async function bounds(
  tx: Transaction,
  period: Period,
): Promise<{ from: Date | null; to: Date | null; tz: string }> {
  const { rows } = await tx.query<{ settings: Partial<TenantSettings> }>(sql`SELECT settings FROM tenants`);
  const tz = completeTenantSettings(rows[0]?.settings ?? {}).timeZone;
  const { rows: b } = await tx.query<{ from: Date | null; to: Date | null }>(
    sql`SELECT (${period.from ?? null}::date)::timestamp AT TIME ZONE ${tz} AS "from",
               (${period.to ?? null}::date + 1)::timestamp AT TIME ZONE ${tz} AS "to"`,
  );
  return { from: b[0]?.from ?? null, to: b[0]?.to ?? null, tz };
}

const within = (column: Sql, b: { from: Date | null; to: Date | null }) =>
  sql`(${b.from}::timestamptz IS NULL OR ${column} >= ${b.from}::timestamptz)
    AND (${b.to}::timestamptz IS NULL OR ${column} < ${b.to}::timestamptz)`;

/** The report's pipeline (default: the default one); an unknown id is a 422 at query.pipelineId. */
async function pipelineParam(tx: Transaction, id: string | undefined) {
  const errors: FieldError[] = [];
  const pipeline = await pipelineNamed(tx, id, errors, 'query.pipelineId');
  if (!pipeline) throw invalid(errors, 'No such pipeline');
  return pipeline;
}

/** Live deals the actor may see (alias d). */
const seen = (ctx: Context) => sql`d.deleted_at IS NULL AND ${visibleTo(ctx.actor, sql`d.owner_id`)}`;

const ratio = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);

export async function stagesReport(
  tx: Transaction,
  ctx: Context,
  query: Period & { pipelineId?: string | undefined },
): Promise<StagesReport> {
  const pipeline = await pipelineParam(tx, query.pipelineId);
  const b = await bounds(tx, query);
  const { rows } = await tx.query<{
    stage_id: string;
    entered: number;
    moved_on: number;
    advanced: number;
    average_seconds: number | null;
    median_seconds: number | null;
  }>(
    sql`WITH visits AS (
          SELECT h.id, h.deal_id, h.stage_id, h.entered_at, h.left_at, s.position
          FROM deal_stage_history h
          JOIN deals d ON d.tenant_id = h.tenant_id AND d.id = h.deal_id
          JOIN pipeline_stages s ON s.tenant_id = h.tenant_id AND s.id = h.stage_id
          WHERE h.pipeline_id = ${pipeline.id}::uuid AND ${seen(ctx)} AND ${within(sql`h.entered_at`, b)})
        SELECT v.stage_id, count(*) AS entered, count(v.left_at) AS moved_on,
          count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM deal_stage_history h2 JOIN pipeline_stages s2 ON s2.tenant_id = h2.tenant_id AND s2.id = h2.stage_id
            WHERE h2.deal_id = v.deal_id AND h2.id <> v.id AND h2.entered_at >= v.entered_at
              AND s2.pipeline_id = ${pipeline.id}::uuid AND s2.position > v.position AND s2.kind <> 'lost')) AS advanced,
          avg(extract(epoch FROM v.left_at - v.entered_at))::float8 AS average_seconds,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM v.left_at - v.entered_at))::float8
            AS median_seconds
        FROM visits v GROUP BY v.stage_id`,
  );
  const byStage = new Map(rows.map((r) => [r.stage_id, r]));
  const { rows: closed } = await tx.query<{ won: number; lost: number }>(
    sql`SELECT count(*) FILTER (WHERE d.status = 'won') AS won, count(*) FILTER (WHERE d.status = 'lost') AS lost
        FROM deals d WHERE d.pipeline_id = ${pipeline.id}::uuid AND ${seen(ctx)} AND ${within(sql`d.closed_at`, b)}`,
  );
  const won = Number(closed[0]?.won ?? 0);
  const lost = Number(closed[0]?.lost ?? 0);
  return {
    pipelineId: pipeline.id,
    stages: pipeline.stages.map((s) => {
      const r = byStage.get(s.id);
      const entered = Number(r?.entered ?? 0);
      const advanced = Number(r?.advanced ?? 0);
      return {
        stageId: s.id,
        name: s.name,
        kind: s.kind,
        probability: s.probability,
        entered,
        movedOn: Number(r?.moved_on ?? 0),
        advanced,
        conversion: ratio(advanced, entered),
        averageSeconds: r?.average_seconds ?? null,
        medianSeconds: r?.median_seconds ?? null,
      };
    }),
    won,
    lost,
    winRate: ratio(won, won + lost),
  };
}

export async function forecast(
  tx: Transaction,
  ctx: Context,
  query: Period & { pipelineId?: string | undefined; groupBy: Forecast['groupBy'] },
): Promise<Forecast> {
  if (query.pipelineId) await pipelineParam(tx, query.pipelineId);
  const b = await bounds(tx, query);
  // Open deals count in the month they are expected to close; won ones in the month they closed.
  const key: Sql = {
    month: sql`CASE WHEN d.status = 'won' THEN to_char(d.closed_at AT TIME ZONE ${b.tz}, 'YYYY-MM')
      ELSE to_char(d.expected_close_date, 'YYYY-MM') END`,
    owner: sql`d.owner_id::text`,
    pipeline: sql`d.pipeline_id::text`,
  }[query.groupBy];
  const { rows } = await tx.query<Forecast['rows'][number]>(
    sql`SELECT key, currency, count(*) FILTER (WHERE status = 'open') AS "openDeals",
          trim_scale(COALESCE(sum(amount) FILTER (WHERE status = 'open'), 0))::text AS "openAmount",
          trim_scale(round(COALESCE(sum(amount * probability / 100) FILTER (WHERE status = 'open'), 0), 4))::text
            AS "weightedAmount",
          count(*) FILTER (WHERE status = 'won') AS "wonDeals",
          trim_scale(COALESCE(sum(amount) FILTER (WHERE status = 'won'), 0))::text AS "wonAmount"
        FROM (SELECT ${key} AS key, d.currency, d.status, d.amount, s.probability
          FROM deals d JOIN pipeline_stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id
          WHERE ${seen(ctx)} AND (${query.pipelineId ?? null}::uuid IS NULL OR d.pipeline_id = ${query.pipelineId ?? null}::uuid)
            AND ((d.status = 'open'
                AND (${b.from}::timestamptz IS NULL OR d.expected_close_date >= ${query.from ?? null}::date)
                AND (${b.to}::timestamptz IS NULL OR d.expected_close_date <= ${query.to ?? null}::date))
              OR (d.status = 'won' AND ${within(sql`d.closed_at`, b)}))) x
        GROUP BY key, currency ORDER BY key NULLS LAST, currency`,
  );
  return {
    groupBy: query.groupBy,
    rows: rows.map((r) => ({ ...r, openDeals: Number(r.openDeals), wonDeals: Number(r.wonDeals) })),
  };
}

/** Per member the actor oversees (their team, or everyone): deals won and lost, revenue, activities. */
export async function performance(
  tx: Transaction,
  ctx: Context,
  period: { from: string; to: string },
): Promise<Performance> {
  if (ctx.actor.role.scope === 'own')
    throw forbidden("Team performance is for those who see the team's deals");
  const b = await bounds(tx, period);
  const { rows } = await tx.query<{
    owner_id: string;
    name: string;
    won: number;
    lost: number;
    revenue: Amounts | null;
  }>(
    sql`SELECT m.user_id AS owner_id, u.name,
          (SELECT count(*) FROM deals d WHERE d.owner_id = m.user_id AND d.status = 'won' AND ${seen(ctx)}
             AND ${within(sql`d.closed_at`, b)}) AS won,
          (SELECT count(*) FROM deals d WHERE d.owner_id = m.user_id AND d.status = 'lost' AND ${seen(ctx)}
             AND ${within(sql`d.closed_at`, b)}) AS lost,
          (SELECT jsonb_agg(jsonb_build_object('currency', r.currency, 'amount', r.amount) ORDER BY r.currency)
           FROM (SELECT d.currency, trim_scale(sum(d.amount))::text AS amount FROM deals d
                 WHERE d.owner_id = m.user_id AND d.status = 'won' AND ${seen(ctx)} AND ${within(sql`d.closed_at`, b)}
                 GROUP BY d.currency) r) AS revenue
        FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.status = 'active' AND ${visibleTo(ctx.actor, sql`m.user_id`)}
        ORDER BY u.name, m.user_id`,
  );
  const activities =
    can(ctx.actor, 'read', { module: INTERACTIONS_MODULE }) && b.from && b.to
      ? await interactionCountsByOwner(tx, ctx, { from: b.from, to: b.to })
      : null;
  return {
    items: rows.map((r) => ({
      ownerId: r.owner_id,
      name: r.name,
      dealsWon: Number(r.won),
      dealsLost: Number(r.lost),
      revenue: r.revenue ?? [],
      activities: activities ? (activities.get(r.owner_id) ?? 0) : null,
    })),
  };
}

/** Per stage of a pipeline: the live deals the actor sees in it and their sums per currency (a board's columns). */
export async function stageTotals(tx: Transaction, ctx: Context, pipelineId: string): Promise<StageTotals> {
  const pipeline = await getPipeline(tx, pipelineId);
  const { rows } = await tx.query<{
    stage_id: string;
    deals: number;
    currency: string;
    amount: string;
    weighted: string;
  }>(
    sql`SELECT d.stage_id, count(*) AS deals, d.currency, trim_scale(sum(d.amount))::text AS amount,
          trim_scale(round(sum(d.amount * s.probability / 100), 4))::text AS weighted
        FROM deals d JOIN pipeline_stages s ON s.tenant_id = d.tenant_id AND s.id = d.stage_id
        WHERE d.pipeline_id = ${pipeline.id}::uuid AND ${seen(ctx)}
        GROUP BY d.stage_id, d.currency ORDER BY d.currency`,
  );
  return {
    items: pipeline.stages.map((stage) => {
      const mine = rows.filter((r) => r.stage_id === stage.id);
      return {
        stageId: stage.id,
        deals: mine.reduce((n, r) => n + Number(r.deals), 0),
        amounts: mine.map((r) => ({ currency: r.currency, amount: r.amount, weighted: r.weighted })),
      };
    }),
  };
}

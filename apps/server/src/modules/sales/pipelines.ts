/**
 * Pipelines (قیف فروش) and their ordered stages, and the organisation's lost reasons: the sales
 * set-up deals move through. A pipeline is written whole — its stages are given as the full ordered
 * list — so renaming, reordering, adding and removing stages are one checked write.
 */
import { audit } from '../../platform/audit/audit.js';
import { bulk, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { conflict, type FieldError, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import type { Context } from '../../platform/tenancy/context.js';
import type {
  LostReason,
  LostReasonCreate,
  LostReasonPatch,
  Pipeline,
  PipelineCreate,
  PipelinePatch,
  StageInput,
} from './schemas.js';

interface PipelineRow {
  id: string;
  name: string;
  is_default: boolean;
  stages: Pipeline['stages'];
  version: number;
  created_at: Date;
  updated_at: Date;
}

const SELECT = sql`SELECT p.id, p.name, p.is_default, p.version, p.created_at, p.updated_at,
  COALESCE((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name, 'probability', s.probability,
      'kind', s.kind, 'position', s.position) ORDER BY s.position)
    FROM pipeline_stages s WHERE s.tenant_id = p.tenant_id AND s.pipeline_id = p.id), '[]'::jsonb) AS stages
  FROM pipelines p`;

const pipelineView = (r: PipelineRow): Pipeline => ({
  id: r.id,
  name: r.name,
  isDefault: r.is_default,
  stages: r.stages,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function listPipelines(tx: Transaction): Promise<Pipeline[]> {
  const { rows } = await tx.query<PipelineRow>(sql`${SELECT} ORDER BY p.is_default DESC, p.position, p.name`);
  return rows.map(pipelineView);
}

export async function getPipeline(tx: Transaction, id: string, lock = false): Promise<Pipeline> {
  const { rows } = await tx.query<PipelineRow>(
    sql`${SELECT} WHERE p.id = ${id}::uuid${lock ? sql` FOR UPDATE OF p` : sql``}`,
  );
  if (!rows[0]) throw notFound('Pipeline');
  return pipelineView(rows[0]);
}

export async function defaultPipeline(tx: Transaction): Promise<Pipeline> {
  const { rows } = await tx.query<PipelineRow>(sql`${SELECT} WHERE p.is_default`);
  if (!rows[0]) throw notFound('Default pipeline');
  return pipelineView(rows[0]);
}

/**
 * The pipeline a request names (the default one when it names none); one that does not exist is a
 * field error at `path` (collected in `errors`, undefined returned), not a 404 of the whole request.
 */
export async function pipelineNamed(
  tx: Transaction,
  id: string | undefined,
  errors: FieldError[],
  path = 'pipelineId',
): Promise<Pipeline | undefined> {
  if (id === undefined) return defaultPipeline(tx);
  const { rows } = await tx.query<PipelineRow>(sql`${SELECT} WHERE p.id = ${id}::uuid`);
  if (rows[0]) return pipelineView(rows[0]);
  errors.push({ path, message: 'No such pipeline', code: 'not_found' });
  return undefined;
}

/** Everything wrong with a stage list in one go: one won, one lost, unique names, known ids. */
function stageErrors(stages: StageInput[], existing: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  for (const kind of ['won', 'lost'] as const) {
    const count = stages.filter((s) => s.kind === kind).length;
    if (count !== 1)
      errors.push({
        path: 'stages',
        message: `A pipeline has exactly one ${kind} stage (found ${count})`,
        code: `${kind}_stage`,
      });
  }
  const names = new Set<string>();
  const ids = new Set<string>();
  stages.forEach((s, i) => {
    if (names.has(s.name))
      errors.push({ path: `stages.${i}.name`, message: 'Two stages share this name', code: 'duplicate' });
    names.add(s.name);
    if (s.id !== undefined) {
      if (!existing.has(s.id) || ids.has(s.id))
        errors.push({ path: `stages.${i}.id`, message: 'Not a stage of this pipeline', code: 'not_found' });
      ids.add(s.id);
    }
  });
  return errors;
}

async function assertNameFree(tx: Transaction, name: string, id: string) {
  const { rows } = await tx.query(sql`SELECT 1 FROM pipelines WHERE name = ${name} AND id <> ${id}::uuid`);
  if (rows[0])
    throw conflict('Another pipeline has this name', [
      { path: 'name', message: 'Already exists', code: 'exists' },
    ]);
}

/** Writes the ordered stage list: updates kept stages, inserts new ones, removes the rest. */
async function writeStages(tx: Transaction, ctx: Context, pipelineId: string, stages: StageInput[]) {
  const kept = stages.flatMap((s) => (s.id ? [s.id] : []));
  await tx.query(
    sql`DELETE FROM pipeline_stages WHERE pipeline_id = ${pipelineId}::uuid AND NOT (id = ANY(${kept}::uuid[]))`,
  );
  const rows = stages.map((s, i) => [
    ctx.actor.tenantId,
    s.id ?? newId(),
    pipelineId,
    s.name,
    s.probability,
    s.kind,
    i,
  ]);
  await tx.query(
    sql`INSERT INTO pipeline_stages (tenant_id, id, pipeline_id, name, probability, kind, position)
        VALUES ${bulk(rows)}
        ON CONFLICT (tenant_id, id) DO UPDATE SET name = EXCLUDED.name, probability = EXCLUDED.probability,
          kind = EXCLUDED.kind, position = EXCLUDED.position`,
  );
}

export async function createPipeline(
  tx: Transaction,
  ctx: Context,
  input: PipelineCreate,
): Promise<Pipeline> {
  const errors = stageErrors(input.stages, new Set());
  if (errors.length)
    throw invalid(errors, `Some fields are invalid: ${errors.map((e) => e.path).join(', ')}`);
  const id = newId();
  await assertNameFree(tx, input.name, id);
  await tx.query(
    sql`INSERT INTO pipelines (tenant_id, id, name, position)
        VALUES (${ctx.actor.tenantId}, ${id}, ${input.name}, (SELECT count(*) FROM pipelines))`,
  );
  await writeStages(tx, ctx, id, input.stages);
  const after = await getPipeline(tx, id);
  await audit(tx, ctx, { entity: 'pipeline', entityId: id, action: 'create', after });
  await emit(tx, ctx, 'pipeline.created', { pipelineId: id });
  return after;
}

export async function updatePipeline(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: PipelinePatch,
  version?: number,
): Promise<Pipeline> {
  const before = await getPipeline(tx, id, true);
  assertVersion(version, before.version, 'This pipeline');
  if (patch.stages) {
    const errors = stageErrors(patch.stages, new Set(before.stages.map((s) => s.id)));
    const keptIds = new Set(patch.stages.map((s) => s.id));
    const removed = before.stages.filter((s) => !keptIds.has(s.id)).map((s) => s.id);
    if (removed.length) {
      // A stage any deal has been in stays: the stage history and its reports refer to it.
      const { rows } = await tx.query<{ stage_id: string }>(
        sql`SELECT DISTINCT stage_id FROM deal_stage_history WHERE stage_id = ANY(${removed}::uuid[])`,
      );
      for (const r of rows)
        errors.push({
          path: 'stages',
          message: `Stage "${before.stages.find((s) => s.id === r.stage_id)?.name}" has or had deals; its history keeps it (rename it instead)`,
          code: 'stage_in_use',
        });
    }
    // A kept stage with deals cannot change its kind: the deals' open/won/lost state would be wrong.
    const changedKind = patch.stages.flatMap((s, i) => {
      const old = before.stages.find((b) => b.id === s.id);
      return old && old.kind !== s.kind ? [{ id: old.id, i }] : [];
    });
    for (const { id: stageId, i } of changedKind) {
      const { rows } = await tx.query(sql`SELECT 1 FROM deals WHERE stage_id = ${stageId}::uuid LIMIT 1`);
      if (rows[0])
        errors.push({
          path: `stages.${i}.kind`,
          message: 'The stage has deals; its kind cannot change',
          code: 'stage_in_use',
        });
    }
    if (errors.length)
      throw invalid(errors, `Some fields are invalid: ${errors.map((e) => e.path).join(', ')}`);
  }
  if (patch.name !== undefined) await assertNameFree(tx, patch.name, id);
  if (patch.isDefault)
    await tx.query(sql`UPDATE pipelines SET is_default = false WHERE is_default AND id <> ${id}::uuid`);
  await tx.query(
    sql`UPDATE pipelines SET name = ${patch.name ?? before.name}, is_default = ${patch.isDefault ?? before.isDefault},
          version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
  );
  if (patch.stages) await writeStages(tx, ctx, id, patch.stages);
  const after = await getPipeline(tx, id);
  await audit(tx, ctx, { entity: 'pipeline', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'pipeline.updated', { pipelineId: id });
  return after;
}

/** Only an unused pipeline that is not the default may be deleted (for good: it has no history). */
export async function deletePipeline(tx: Transaction, ctx: Context, id: string, version?: number) {
  const before = await getPipeline(tx, id, true);
  assertVersion(version, before.version, 'This pipeline');
  if (before.isDefault)
    throw conflict('The default pipeline cannot be deleted; make another the default first');
  const { rows } = await tx.query(sql`SELECT 1 FROM deals WHERE pipeline_id = ${id}::uuid LIMIT 1`);
  if (rows[0]) throw conflict('This pipeline has deals; move or delete them first');
  await tx.query(sql`DELETE FROM pipelines WHERE id = ${id}::uuid`);
  await audit(tx, ctx, { entity: 'pipeline', entityId: id, action: 'delete', before });
  await emit(tx, ctx, 'pipeline.deleted', { pipelineId: id });
}

// ---- lost reasons ----

interface ReasonRow {
  id: string;
  name: string;
  position: number;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const reasonView = (r: ReasonRow): LostReason => ({
  id: r.id,
  name: r.name,
  position: r.position,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const REASONS = sql`SELECT id, name, position, version, created_at, updated_at FROM lost_reasons`;

export async function listLostReasons(tx: Transaction): Promise<LostReason[]> {
  const { rows } = await tx.query<ReasonRow>(sql`${REASONS} ORDER BY position, name`);
  return rows.map(reasonView);
}

async function getLostReason(tx: Transaction, id: string, lock = false): Promise<LostReason> {
  const { rows } = await tx.query<ReasonRow>(
    sql`${REASONS} WHERE id = ${id}::uuid${lock ? sql` FOR UPDATE` : sql``}`,
  );
  if (!rows[0]) throw notFound('Lost reason');
  return reasonView(rows[0]);
}

async function assertReasonFree(tx: Transaction, name: string, id: string) {
  const { rows } = await tx.query(sql`SELECT 1 FROM lost_reasons WHERE name = ${name} AND id <> ${id}::uuid`);
  if (rows[0])
    throw conflict('Another lost reason has this name', [
      { path: 'name', message: 'Already exists', code: 'exists' },
    ]);
}

export async function createLostReason(tx: Transaction, ctx: Context, input: LostReasonCreate) {
  const id = newId();
  await assertReasonFree(tx, input.name, id);
  await tx.query(
    sql`INSERT INTO lost_reasons (tenant_id, id, name, position) VALUES (${ctx.actor.tenantId}, ${id}, ${input.name}, ${input.position})`,
  );
  const after = await getLostReason(tx, id);
  await audit(tx, ctx, { entity: 'lost_reason', entityId: id, action: 'create', after });
  await emit(tx, ctx, 'lost_reason.created', { lostReasonId: id });
  return after;
}

export async function updateLostReason(
  tx: Transaction,
  ctx: Context,
  id: string,
  patch: LostReasonPatch,
  version?: number,
) {
  const before = await getLostReason(tx, id, true);
  assertVersion(version, before.version, 'This lost reason');
  if (patch.name !== undefined) await assertReasonFree(tx, patch.name, id);
  await tx.query(
    sql`UPDATE lost_reasons SET name = ${patch.name ?? before.name}, position = ${patch.position ?? before.position},
          version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
  );
  const after = await getLostReason(tx, id);
  await audit(tx, ctx, { entity: 'lost_reason', entityId: id, action: 'update', before, after });
  await emit(tx, ctx, 'lost_reason.updated', { lostReasonId: id });
  return after;
}

/** A reason lost deals cite stays (their history would lose its why): 409. */
export async function deleteLostReason(tx: Transaction, ctx: Context, id: string, version?: number) {
  const before = await getLostReason(tx, id, true);
  assertVersion(version, before.version, 'This lost reason');
  const { rows } = await tx.query(sql`SELECT 1 FROM deals WHERE lost_reason_id = ${id}::uuid LIMIT 1`);
  if (rows[0]) throw conflict('Lost deals cite this reason; rename it instead');
  await tx.query(sql`DELETE FROM lost_reasons WHERE id = ${id}::uuid`);
  await audit(tx, ctx, { entity: 'lost_reason', entityId: id, action: 'delete', before });
  await emit(tx, ctx, 'lost_reason.deleted', { lostReasonId: id });
}

/**
 * Merging two records of one type: field by field the survivor keeps its value or takes the merged
 * record's; everything registered movers know about moves to the survivor; the merged record goes to
 * the recycle bin with merged_into. The merge log keeps both records as they were and what each
 * mover moved, so an undo puts everything back.
 */
import { audit } from '../../platform/audit/audit.js';
import { raw, sql, type Transaction } from '../../platform/db/database.js';
import { emit } from '../../platform/events/outbox.js';
import { conflict, type FieldError, invalid, notFound } from '../../platform/http/problem.js';
import { newId } from '../../platform/ids.js';
import { assertCan } from '../../platform/permissions/can.js';
import type { Context } from '../../platform/tenancy/context.js';
import { type MergeColumn, mergeColumns, type RecordType, TYPES } from './entities.js';
import { moverByKey, moversFor } from './movers.js';

export type Choice = 'survivor' | 'merged' | 'both';

interface Locked {
  row: Record<string, unknown> & {
    id: string;
    owner_id: string | null;
    deleted_at: string | null;
    version: number;
  };
  owner_team_ids: string[];
}

/** Both records, locked, or 404 (a record the actor may not read is reported as absent). */
async function lockPair(
  tx: Transaction,
  ctx: Context,
  type: RecordType,
  ids: [string, string],
  deleted: [boolean, boolean],
) {
  const info = TYPES[type];
  const { rows } = await tx.query<Locked>(
    sql`SELECT to_jsonb(t) AS row, ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = t.tenant_id AND tm.user_id = t.owner_id) AS owner_team_ids
        FROM ${raw(info.table)} t WHERE t.id = ANY(${ids}::uuid[]) ORDER BY t.id FOR UPDATE OF t`,
  );
  return ids.map((id, i) => {
    const found = rows.find((r) => r.row.id === id);
    const resource = {
      module: 'customers',
      ownerId: found?.row.owner_id ?? null,
      ownerTeamIds: found?.owner_team_ids ?? [],
    };
    if (!found || (found.row.deleted_at !== null) !== deleted[i] || !canRead(ctx, resource))
      throw notFound(type[0]?.toUpperCase() + type.slice(1));
    return found;
  }) as [Locked, Locked];
}

function canRead(ctx: Context, resource: { module: string; ownerId: string | null; ownerTeamIds: string[] }) {
  try {
    assertCan(ctx.actor, 'read', resource);
    return true;
  } catch {
    return false;
  }
}

/** Survivor: update; merged record: delete (it goes to the recycle bin). */
function assertMayMerge(ctx: Context, survivor: Locked, merged: Locked) {
  assertCan(ctx.actor, 'update', {
    module: 'customers',
    ownerId: survivor.row.owner_id,
    ownerTeamIds: survivor.owner_team_ids,
  });
  assertCan(ctx.actor, 'delete', {
    module: 'customers',
    ownerId: merged.row.owner_id,
    ownerTeamIds: merged.owner_team_ids,
  });
}

const ALIASES: Partial<Record<RecordType, Record<string, string>>> = {
  account: { nationalId: 'legal_id' },
  contact: {},
  lead: {},
};
const SHORTHANDS: Record<string, string> = { email: 'emails', phone: 'phones', accountId: '' };

/** The fields a merge of this type can choose, with their kind (for the API and its errors). */
export async function mergeFields(tx: Transaction, type: RecordType) {
  const columns = await mergeColumns(tx, TYPES[type]);
  const alias = ALIASES[type] ?? {};
  return columns.map((c) => ({
    ...c,
    field: Object.entries(alias).find(([, col]) => col === c.column)?.[0] ?? c.field,
  }));
}

function resolveChoices(columns: MergeColumn[], fields: Record<string, Choice>): Map<string, Choice> {
  const errors: FieldError[] = [];
  const chosen = new Map<string, Choice>();
  for (const [field, choice] of Object.entries(fields)) {
    const name = SHORTHANDS[field] ?? field;
    const column = columns.find((c) => c.field === name);
    if (!column) {
      errors.push({
        path: `fields.${field}`,
        message: `Not a field that can be merged: ${field}`,
        code: 'unknown_field',
      });
      continue;
    }
    if (choice === 'both' && column.kind === 'value') {
      errors.push({
        path: `fields.${field}`,
        message: 'Only lists (phones, emails, tags) and custom values can take both',
        code: 'invalid_value',
      });
      continue;
    }
    chosen.set(column.column, choice);
  }
  if (errors.length)
    throw invalid(errors, `Some fields cannot be merged: ${errors.map((e) => e.path).join(', ')}`);
  return chosen;
}

function isEmpty(v: unknown) {
  return (
    v === null ||
    v === undefined ||
    v === '' ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0)
  );
}

/**
 * The survivor's new value of one column. Defaults when the client names no choice: lists take both
 * (each phone/e-mail once, by canonical form), custom values take both (the survivor's win), and a
 * plain value is the survivor's unless it is empty.
 */
function mergedValue(column: MergeColumn, choice: Choice | undefined, s: unknown, m: unknown): unknown {
  const pick = choice ?? (column.kind === 'value' ? (isEmpty(s) ? 'merged' : 'survivor') : 'both');
  if (pick === 'survivor') return s;
  if (pick === 'merged') return m;
  if (column.kind === 'points') {
    const out: { canonical?: string }[] = [];
    const seen = new Set<string>();
    for (const p of [
      ...((s as { canonical?: string }[]) ?? []),
      ...((m as { canonical?: string }[]) ?? []),
    ]) {
      const key = p.canonical ?? JSON.stringify(p);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
    return out;
  }
  if (column.kind === 'array')
    return [...new Set([...((s as unknown[]) ?? []), ...((m as unknown[]) ?? [])])];
  if (column.kind === 'object') return { ...((m as object) ?? {}), ...((s as object) ?? {}) };
  return s;
}

/** Writes the given columns of one record from a JSON object of column → value. */
async function writeColumns(
  tx: Transaction,
  table: string,
  id: string,
  columns: string[],
  values: Record<string, unknown>,
) {
  if (!columns.length) {
    await tx.query(
      sql`UPDATE ${raw(table)} SET version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
    );
    return;
  }
  const list = raw(columns.map((c) => `"${c}"`).join(', '));
  const from = raw(columns.map((c) => `r."${c}"`).join(', '));
  await tx.query(
    sql`UPDATE ${raw(table)} SET (${list}) = (SELECT ${from} FROM jsonb_populate_record(NULL::${raw(table)}, ${JSON.stringify(values)}::jsonb) r),
          version = version + 1, updated_at = now() WHERE id = ${id}::uuid`,
  );
}

/** The record's mergeable fields (API names), for audit rows. */
function view(columns: MergeColumn[], row: Record<string, unknown>) {
  return Object.fromEntries(columns.map((c) => [c.field, row[c.column] ?? null]));
}

async function refreshAccountNames(tx: Transaction, type: RecordType, ids: string[]) {
  if (type === 'lead') return;
  const target =
    type === 'contact'
      ? sql`c.id = ANY(${ids}::uuid[])`
      : sql`c.id IN (SELECT ca.contact_id FROM contact_accounts ca WHERE ca.account_id = ANY(${ids}::uuid[]))`;
  await tx.query(
    sql`UPDATE contacts c SET account_names = ARRAY(
          SELECT a.name FROM contact_accounts ca JOIN accounts a ON a.tenant_id = ca.tenant_id AND a.id = ca.account_id
          WHERE ca.tenant_id = c.tenant_id AND ca.contact_id = c.id ORDER BY ca.is_primary DESC, a.name)
        WHERE ${target}`,
  );
}

export interface MergeInput {
  type: RecordType;
  survivorId: string;
  mergedId: string;
  fields: Record<string, Choice>;
}

export interface MergeView {
  id: string;
  type: RecordType;
  survivorId: string;
  mergedId: string;
  fields: Record<string, Choice>;
  /** What each mover moved: mover key and how many rows. */
  moved: { mover: string; count: number }[];
  createdAt: Date;
  createdBy: string | null;
  undoneAt: Date | null;
}

interface MergeRow {
  id: string;
  entity: RecordType;
  survivor_id: string;
  merged_id: string;
  fields: Record<string, Choice>;
  survivor_before: Record<string, unknown>;
  merged_before: Record<string, unknown>;
  survivor_version: number;
  moves: { mover: string; data: unknown }[];
  candidate_id: string | null;
  created_at: Date;
  created_by: string | null;
  undone_at: Date | null;
}

const mergeView = (r: MergeRow): MergeView => ({
  id: r.id,
  type: r.entity,
  survivorId: r.survivor_id,
  mergedId: r.merged_id,
  fields: r.fields,
  moved: r.moves.map((m) => ({
    mover: m.mover,
    count: Array.isArray(m.data) ? m.data.length : ((m.data as { ids?: unknown[] })?.ids?.length ?? 0),
  })),
  createdAt: r.created_at,
  createdBy: r.created_by,
  undoneAt: r.undone_at,
});

export async function mergeRecords(tx: Transaction, ctx: Context, input: MergeInput): Promise<MergeView> {
  const { type, survivorId, mergedId } = input;
  if (survivorId === mergedId)
    throw invalid([
      { path: 'mergedId', message: 'A record cannot be merged into itself', code: 'same_record' },
    ]);
  const info = TYPES[type];
  const columns = await mergeFields(tx, type);
  const choices = resolveChoices(columns, input.fields);
  const [survivor, merged] = await lockPair(tx, ctx, type, [survivorId, mergedId], [false, false]);
  assertMayMerge(ctx, survivor, merged);

  const values: Record<string, unknown> = {};
  const changed: string[] = [];
  for (const c of columns) {
    const next = mergedValue(c, choices.get(c.column), survivor.row[c.column], merged.row[c.column]);
    values[c.column] = next;
    if (JSON.stringify(next ?? null) !== JSON.stringify(survivor.row[c.column] ?? null))
      changed.push(c.column);
  }
  await writeColumns(tx, info.table, survivorId, changed, values);
  await tx.query(
    sql`UPDATE ${raw(info.table)} SET deleted_at = now(), merged_into = ${survivorId}::uuid, version = version + 1, updated_at = now()
        WHERE id = ${mergedId}::uuid`,
  );
  const moves: { mover: string; data: unknown }[] = [];
  for (const mover of moversFor(type))
    moves.push({ mover: mover.key, data: await mover.move(tx, ctx, mergedId, survivorId) });
  await refreshAccountNames(tx, type, [survivorId, mergedId]);

  const { rows: after } = await tx.query<{ row: Locked['row'] }>(
    sql`SELECT to_jsonb(t) AS row FROM ${raw(info.table)} t WHERE t.id = ${survivorId}::uuid`,
  );
  const survivorAfter = (after[0] as { row: Locked['row'] }).row;
  const [a, b] = survivorId < mergedId ? [survivorId, mergedId] : [mergedId, survivorId];
  const { rows: pair } = await tx.query<{ id: string }>(
    `SELECT id FROM duplicate_candidates WHERE entity = $1 AND record_a = $2 AND record_b = $3`,
    [type, a, b],
  );
  const id = newId();
  const { rows } = await tx.query<MergeRow>(
    `INSERT INTO duplicate_merges (tenant_id, id, entity, survivor_id, merged_id, fields, survivor_before, merged_before,
       survivor_version, moves, candidate_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
    [
      ctx.actor.tenantId,
      id,
      type,
      survivorId,
      mergedId,
      JSON.stringify(input.fields),
      JSON.stringify(survivor.row),
      JSON.stringify(merged.row),
      survivorAfter.version,
      JSON.stringify(moves),
      pair[0]?.id ?? null,
      ctx.actor.userId,
    ],
  );
  if (pair[0])
    await tx.query(
      `UPDATE duplicate_candidates SET status = 'merged', merge_id = $2, decided_by = $3, decided_at = now(), updated_at = now() WHERE id = $1`,
      [pair[0].id, id, ctx.actor.userId],
    );
  // Other open pairs of the merged record are moot now; the next scan finds the survivor's again.
  await tx.query(
    `DELETE FROM duplicate_candidates WHERE entity = $1 AND status = 'open' AND (record_a = $2 OR record_b = $2)`,
    [type, mergedId],
  );
  await audit(tx, ctx, {
    entity: type,
    entityId: survivorId,
    action: 'merge',
    before: { ...view(columns, survivor.row), mergedFrom: null },
    after: { ...view(columns, survivorAfter), mergedFrom: mergedId },
  });
  await audit(tx, ctx, {
    entity: type,
    entityId: mergedId,
    action: 'merged',
    changes: {
      mergedInto: { before: null, after: survivorId },
      deletedAt: { before: null, after: 'merged' },
    },
  });
  await emit(tx, ctx, `${type}.merged`, { survivorId, mergedId, mergeId: id, fields: changed });
  return mergeView(rows[0] as MergeRow);
}

export async function getMerge(tx: Transaction, ctx: Context, id: string): Promise<MergeView> {
  const row = await mergeRow(tx, ctx, id, false);
  return mergeView(row);
}

async function mergeRow(tx: Transaction, ctx: Context, id: string, lock: boolean) {
  const { rows } = await tx.query<MergeRow>(
    `SELECT * FROM duplicate_merges WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  const row = rows[0];
  if (!row) throw notFound('Merge');
  const owner = row.survivor_before.owner_id as string | null;
  // Visible to whoever may read the surviving record (checked on its current owner below, on undo).
  const info = TYPES[row.entity];
  const { rows: now } = await tx.query<{ owner_id: string | null; owner_team_ids: string[] }>(
    sql`SELECT t.owner_id, ARRAY(SELECT tm.team_id FROM team_members tm WHERE tm.tenant_id = t.tenant_id AND tm.user_id = t.owner_id) AS owner_team_ids
        FROM ${raw(info.table)} t WHERE t.id = ${row.survivor_id}::uuid`,
  );
  const current = now[0] ?? { owner_id: owner, owner_team_ids: [] };
  if (!canRead(ctx, { module: 'customers', ownerId: current.owner_id, ownerTeamIds: current.owner_team_ids }))
    throw notFound('Merge');
  return row;
}

/** Puts both records and everything moved back as they were before the merge. */
export async function undoMerge(tx: Transaction, ctx: Context, id: string): Promise<MergeView> {
  const log = await mergeRow(tx, ctx, id, true);
  if (log.undone_at) throw conflict('This merge was undone already');
  const type = log.entity;
  const info = TYPES[type];
  const [survivor, merged] = await lockPair(tx, ctx, type, [log.survivor_id, log.merged_id], [false, true]);
  assertMayMerge(ctx, survivor, merged);
  if (survivor.row.version !== log.survivor_version)
    throw conflict('The surviving record was changed after the merge; undo would lose those changes');
  if (merged.row.merged_into !== log.survivor_id)
    throw conflict('The merged record was restored or changed since');
  for (const move of [...log.moves].reverse()) {
    const mover = moverByKey(move.mover);
    if (!mover) throw conflict(`Cannot undo: the records moved by ${move.mover} can no longer be moved back`);
    await mover.undo(tx, ctx, log.merged_id, log.survivor_id, move.data);
  }
  const columns = await mergeFields(tx, type);
  const names = columns.map((c) => c.column);
  await writeColumns(tx, info.table, log.survivor_id, names, log.survivor_before);
  await tx.query(
    sql`UPDATE ${raw(info.table)} SET deleted_at = ${(log.merged_before.deleted_at as string | null) ?? null}::timestamptz,
          merged_into = NULL, version = version + 1, updated_at = now() WHERE id = ${log.merged_id}::uuid`,
  );
  await refreshAccountNames(tx, type, [log.survivor_id, log.merged_id]);
  const { rows } = await tx.query<MergeRow>(
    `UPDATE duplicate_merges SET undone_at = now(), undone_by = $2 WHERE id = $1 RETURNING *`,
    [id, ctx.actor.userId],
  );
  if (log.candidate_id)
    await tx.query(
      `UPDATE duplicate_candidates SET status = 'open', merge_id = NULL, decided_by = NULL, decided_at = NULL, updated_at = now() WHERE id = $1`,
      [log.candidate_id],
    );
  await audit(tx, ctx, {
    entity: type,
    entityId: log.survivor_id,
    action: 'unmerge',
    before: view(columns, survivor.row),
    after: view(columns, log.survivor_before),
  });
  await audit(tx, ctx, {
    entity: type,
    entityId: log.merged_id,
    action: 'restore',
    changes: { mergedInto: { before: log.survivor_id, after: null } },
  });
  await emit(tx, ctx, `${type}.unmerged`, {
    survivorId: log.survivor_id,
    mergedId: log.merged_id,
    mergeId: id,
  });
  return mergeView(rows[0] as MergeRow);
}
